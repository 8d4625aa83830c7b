import cron from 'node-cron';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Portal } from '../models/index.ts';
import { scheduledJobs, type ScheduledJob } from './jobs.ts';

/**
 * node-cron decides slots per process only; a claim row per `<job>:<slot>` decides which of several
 * worker processes runs a slot. The claim keeps its status, so a crashed run is visible afterwards;
 * the jobs themselves are idempotent, so running the same period by hand later is always safe.
 */
export function claimCoordinator(sequelize: Sequelize) {
  return {
    async shouldRun(key: string): Promise<boolean> {
      const rows = await sequelize.query(
        `insert into job_claims (key, job) values (:key, split_part(:key, ':', 1)) on conflict (key) do nothing returning key`,
        { replacements: { key }, type: QueryTypes.SELECT },
      );
      return rows.length === 1;
    },
    async finish(key: string, error?: unknown): Promise<void> {
      await sequelize.query(
        `update job_claims set status = :status, finished_at = now(), error = :error where key = :key`,
        { replacements: { key, status: error ? 'failed' : 'done', error: error ? String((error as Error).message ?? error) : null } },
      );
    },
  };
}

export function startSchedule(portal: Portal, jobs: ScheduledJob[] = scheduledJobs(portal)) {
  const coordinator = claimCoordinator(portal.sequelize);
  const tasks = jobs.map((job) => cron.schedule(job.cron, async (context) => {
    const key = `${job.name}:${context.date.toISOString()}`;
    if (!await coordinator.shouldRun(key)) return;
    try {
      await job.run(context.date);
      await coordinator.finish(key);
    } catch (error) {
      console.error(`[worker] ${job.name} failed:`, error);
      await coordinator.finish(key, error);
    }
  }, { name: job.name, timezone: portal.config.timezone, noOverlap: true }));
  return {
    describe: () => jobs.map((j) => `${j.name} (${j.cron}, ${portal.config.timezone})`).join('; ') || 'no jobs',
    stop: () => { for (const task of tasks) task.stop(); },
  };
}
