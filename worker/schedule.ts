import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import cron from 'node-cron';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Portal } from '../models/index.ts';
import { isConnectionError } from '../models/connection-errors.ts';
import { scheduledJobs, type ScheduledJob } from './jobs.ts';

/** While the database does not answer, a waiting claim or status is tried again this often. */
const DATABASE_RETRY_MS = 1000;
/** A slot not claimed within this time (the database down all along) is given up. */
const MAX_SLOT_DELAY_MS = 24 * 60 * 60 * 1000;
/** How often each worker looks for claims due for a retry. */
const SWEEP_MS = 5000;
/** A run cut off by the database is started again after 5 s, 10 s, 20 s … at most an hour apart, at most 8 times. */
const RETRY_BASE_MS = 5000;
const RETRY_CAP_MS = 60 * 60 * 1000;
const MAX_ATTEMPTS = 8;
/** Slots waiting in one process for one job at most (a job slower than its schedule). */
const MAX_QUEUE = 1000;
/** How long a stopping worker keeps trying to write the status of its last run. */
const STOP_WAIT_MS = 5000;

/** Which process holds a claim (job_claims.worker). */
const WORKER = `${os.hostname()}:${process.pid}`;

/** A claim this process holds, with the database server's start time when it was taken. */
export interface Claim { key: string; serverStart: string }

/**
 * node-cron decides slots per process only; a claim row per `<job>:<slot>` decides which of several
 * worker processes runs a slot. The claim keeps its status, so a crashed run is visible afterwards;
 * a run cut off by the database gets a `retry_at` and is claimed again from there (`reclaim`).
 */
export function claimCoordinator(sequelize: Sequelize) {
  const one = async (sql: string, replacements: Record<string, unknown>): Promise<Claim | null> => {
    const [row] = await sequelize.query<{ key: string; server_start: string }>(sql, { replacements, type: QueryTypes.SELECT });
    return row ? { key: row.key, serverStart: row.server_start } : null;
  };
  return {
    /** The claim of a new slot, or null when another process holds it. Throws when the database does not answer. */
    claim: (key: string, job: string) => one(
      `insert into job_claims (key, job, worker) values (:key, :job, :worker) on conflict (key) do nothing
       returning key, pg_postmaster_start_time()::text as server_start`, { key, job, worker: WORKER }),
    /** The claim of a slot whose retry is due, or null when another process took it first. */
    reclaim: (key: string) => one(
      `update job_claims set status = 'running', attempts = attempts + 1, claimed_at = now(), finished_at = null,
         retry_at = null, worker = :worker
       where key = :key and status = 'failed' and retry_at <= now()
       returning key, pg_postmaster_start_time()::text as server_start`, { key, worker: WORKER }),
    /** Claims of these jobs whose retry is due. */
    async due(jobs: string[]): Promise<Array<{ key: string; job: string }>> {
      if (jobs.length === 0) return [];
      return sequelize.query<{ key: string; job: string }>(
        `select key, job from job_claims where retry_at <= now() and status = 'failed' and job in (:jobs) order by retry_at limit 100`,
        { replacements: { jobs }, type: QueryTypes.SELECT });
    },
    /**
     * Records the outcome. A failed run is due again (with back-off) when the database went away
     * under it: its error says so, or the server is not the one that was up when the slot was claimed.
     */
    async finish(claim: Claim, error?: unknown): Promise<void> {
      await sequelize.query(
        `update job_claims set status = :status, finished_at = now(), error = :error,
           retry_at = case when :failed and attempts < :maxAttempts
               and (:connectionLost or pg_postmaster_start_time()::text <> :serverStart)
             then now() + least(:baseMs * power(2, attempts - 1), :capMs) * interval '1 millisecond' end
         where key = :key`,
        {
          replacements: {
            key: claim.key, serverStart: claim.serverStart, status: error ? 'failed' : 'done', failed: Boolean(error),
            error: error ? String((error as Error).message ?? error) : null, connectionLost: Boolean(error) && isConnectionError(error),
            maxAttempts: MAX_ATTEMPTS, baseMs: RETRY_BASE_MS, capMs: RETRY_CAP_MS,
          },
        },
      );
    },
  };
}

interface Slot { key: string; date: Date; retry: boolean }

export interface Schedule {
  describe(): string;
  /** Stops the schedule; resolves when the runs in progress have ended and their status is written (or the database stayed away). */
  stop(): Promise<void>;
}

/**
 * Runs each job's slots in order, one at a time per process (a slot arriving while the job still
 * runs waits for it instead of being dropped, unless another worker claims it first). A slot whose
 * claim cannot be written because the database is down waits for the database; a run cut off by
 * the database is retried from its claim row by whichever worker sees it due first.
 */
export function startSchedule(portal: Portal, jobs: ScheduledJob[] = scheduledJobs(portal)): Schedule {
  const coordinator = claimCoordinator(portal.sequelize);
  const stopping = new AbortController();
  let stoppedAt = 0;
  const lanes = new Map(jobs.map((job) => [job.name, lane(job)]));

  /** Repeats `attempt` while the database does not answer, until `giveUp()`; null then. */
  async function whileDatabaseAway<T>(what: string, attempt: () => Promise<T>, giveUp: () => boolean): Promise<T | null> {
    let reported = false;
    for (;;) {
      try {
        const result = await attempt();
        if (reported) console.log(`[worker] ${what}: the database answers again`);
        return result;
      } catch (error) {
        if (!reported) console.error(`[worker] ${what}: ${(error as Error).message ?? error}; trying again while the database is away`);
        reported = true;
      }
      if (giveUp()) return null;
      await sleep(DATABASE_RETRY_MS);
    }
  }

  function lane(job: ScheduledJob) {
    const queue: Slot[] = [];
    let idle: Promise<void> = Promise.resolve();
    let busy = false;

    async function runSlot(slot: Slot): Promise<void> {
      const claimDeadline = slot.date.getTime() + MAX_SLOT_DELAY_MS;
      const claim = slot.retry
        // A retry the database refuses now is found again by a later sweep.
        ? await whileDatabaseAway(`${slot.key} retry`, () => coordinator.reclaim(slot.key), () => true)
        : await whileDatabaseAway(`${slot.key} claim`, () => coordinator.claim(slot.key, job.name),
          () => stopping.signal.aborted || Date.now() > claimDeadline);
      if (!claim) return; // another worker holds it, or it waited too long, or the schedule stopped
      let failure: unknown;
      try {
        await job.run(slot.date);
      } catch (error) {
        failure = error ?? new Error('failed');
        console.error(`[worker] ${job.name} failed:`, error);
      }
      // The status is written once the database answers (a claim left `running` is never retried);
      // a stopping worker waits for that only briefly.
      await whileDatabaseAway(`${slot.key} status`, () => coordinator.finish(claim, failure),
        () => stopping.signal.aborted && Date.now() > stoppedAt + STOP_WAIT_MS);
    }

    async function drain(): Promise<void> {
      busy = true;
      while (queue.length > 0 && !stopping.signal.aborted) {
        const slot = queue.shift()!;
        try {
          await runSlot(slot);
        } catch (error) {
          console.error(`[worker] ${slot.key}:`, error);
        }
      }
      busy = false;
    }

    return {
      push(slot: Slot) {
        if (stopping.signal.aborted || queue.some((s) => s.key === slot.key)) return;
        if (queue.length >= MAX_QUEUE) console.error(`[worker] ${job.name}: ${MAX_QUEUE} slots waiting; ${queue.shift()!.key} is given up`);
        queue.push(slot);
        if (!busy) idle = drain();
      },
      idle: () => idle,
    };
  }

  const keyOf = (job: ScheduledJob, date: Date) => `${job.name}:${date.toISOString()}`;
  const tasks = jobs.map((job) => {
    const push = (date: Date) => lanes.get(job.name)!.push({ key: keyOf(job, date), date, retry: false });
    const task = cron.schedule(job.cron, (context) => push(context.date), { name: job.name, timezone: portal.config.timezone });
    // A slot node-cron could not fire in time (a blocked event loop) is claimed late rather than lost.
    task.on('execution:missed', (context) => push(context.date));
    return task;
  });

  const sweep = setInterval(() => {
    coordinator.due(jobs.map((j) => j.name)).then((due) => {
      for (const { key, job } of due) lanes.get(job)?.push({ key, date: new Date(key.slice(job.length + 1)), retry: true });
    }, () => undefined); // the database is away: the next sweep looks again
  }, SWEEP_MS);
  sweep.unref();

  return {
    describe: () => jobs.map((j) => `${j.name} (${j.cron}, ${portal.config.timezone})`).join('; ') || 'no jobs',
    async stop() {
      clearInterval(sweep);
      for (const task of tasks) task.stop();
      stoppedAt = Date.now();
      stopping.abort();
      await Promise.all([...lanes.values()].map((l) => l.idle()));
    },
  };
}
