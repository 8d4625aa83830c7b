import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import cron from 'node-cron';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Portal } from '../models/index.ts';
import { isConnectionError } from '../models/connection-errors.ts';
import { scheduledJobs, type ScheduledJob } from './jobs.ts';
import { missedSlots, type SlotMatcher } from './missed-slots.ts';

/** While the database does not answer, a waiting claim or status is tried again this often. */
const DATABASE_RETRY_MS = 1000;
/** A slot not claimed within this time (the database down all along) is given up. */
const MAX_SLOT_DELAY_MS = 24 * 60 * 60 * 1000;
/** How often each worker looks for claims due again (a retry, a lease that passed). */
const SWEEP_MS = 5000;
/** A run cut off by the database is started again after 5 s, 10 s, 20 s … at most an hour apart, at most 8 times. */
const RETRY_BASE_MS = 5000;
const RETRY_CAP_MS = 60 * 60 * 1000;
const MAX_ATTEMPTS = 8;
/** Slots waiting in one process for one job at most (a job slower than its schedule). */
const MAX_QUEUE = 1000;
/** Missed slots run at start at most (the most recent): eight years of a monthly job, 100 days of a daily one. */
const MAX_CATCH_UP = 100;
/** How long a stopping worker keeps trying to write the status of its last run. */
const STOP_WAIT_MS = 5000;

/** Which process holds a claim (job_claims.worker). */
const WORKER = `${os.hostname()}:${process.pid}`;

/** A claim this process holds: its attempt (whose it is) and the database server's start time when it was taken. */
export interface Claim { key: string; attempt: number; serverStart: string }

/**
 * node-cron decides slots per process only; a claim row per `<job>:<slot>` decides which of several
 * worker processes runs a slot. The claim keeps its status, so a crashed run is visible afterwards;
 * a run cut off by the database gets a `retry_at` and is claimed again from there (`reclaim`).
 * A running claim is a lease (`lease_until`) its worker renews while the job runs; a worker killed
 * outright stops renewing, and another worker takes the claim over once the lease has passed
 * (`takeOver`). That re-runs the job, which is safe because every job is exactly-once in its
 * effects (statements, erasures, licensing, retention, mails and webhook deliveries each check
 * what is stored under a lock before they act).
 */
export function claimCoordinator(sequelize: Sequelize, leaseMs: number) {
  const RETURNING = 'returning key, attempts, pg_postmaster_start_time()::text as server_start';
  const one = async (sql: string, replacements: Record<string, unknown>): Promise<Claim | null> => {
    const [row] = await sequelize.query<{ key: string; attempts: number; server_start: string }>(sql,
      { replacements: { ...replacements, worker: WORKER, leaseMs }, type: QueryTypes.SELECT });
    return row ? { key: row.key, attempt: row.attempts, serverStart: row.server_start } : null;
  };
  const LEASE = `now() + :leaseMs * interval '1 millisecond'`;
  return {
    /** The claim of a new slot, or null when another process holds it. Throws when the database does not answer. */
    claim: (key: string, job: string) => one(
      `insert into job_claims (key, job, worker, lease_until) values (:key, :job, :worker, ${LEASE})
       on conflict (key) do nothing ${RETURNING}`, { key, job }),
    /** The claim of a slot whose retry is due, or null when another process took it first. */
    reclaim: (key: string) => one(
      `update job_claims set status = 'running', attempts = attempts + 1, claimed_at = now(), finished_at = null,
         retry_at = null, worker = :worker, lease_until = ${LEASE}
       where key = :key and status = 'failed' and retry_at <= now() ${RETURNING}`, { key }),
    /** The claim of a slot whose worker stopped renewing its lease, or null when another process took it first. */
    takeOver: (key: string) => one(
      `update job_claims set attempts = attempts + 1, claimed_at = now(), worker = :worker, lease_until = ${LEASE}
       where key = :key and status = 'running' and lease_until < now() and attempts < :maxAttempts ${RETURNING}`,
      { key, maxAttempts: MAX_ATTEMPTS }),
    /** The slot of the job's latest claim (any status), or null when it never ran. */
    async lastSlot(job: string): Promise<Date | null> {
      const [row] = await sequelize.query<{ key: string | null }>(
        'select max(key) as key from job_claims where job = :job', { replacements: { job }, type: QueryTypes.SELECT });
      // Keys are `<job>:<ISO time>`, which sort as the times do.
      return row?.key ? new Date(row.key.slice(job.length + 1)) : null;
    },
    /** Extends the lease; false when the claim is no longer this run's (taken over after the lease passed). */
    async renew(claim: Claim): Promise<boolean> {
      const rows = await sequelize.query(
        `update job_claims set lease_until = ${LEASE}
         where key = :key and status = 'running' and worker = :worker and attempts = :attempt returning key`,
        { replacements: { key: claim.key, attempt: claim.attempt, worker: WORKER, leaseMs }, type: QueryTypes.SELECT });
      return rows.length > 0;
    },
    /**
     * Claims of these jobs due again: a retry whose time has come, or a lease that has passed. A
     * lost lease after the last attempt (a job that kills its worker every time) is marked failed.
     */
    async due(jobs: string[]): Promise<Array<{ key: string; job: string; status: 'failed' | 'running' }>> {
      if (jobs.length === 0) return [];
      await sequelize.query(
        `update job_claims set status = 'failed', finished_at = now(),
           error = 'the worker ' || coalesce(worker, '') || ' stopped renewing its lease (killed?) at the last attempt'
         where status = 'running' and lease_until < now() and attempts >= :maxAttempts and job in (:jobs)`,
        { replacements: { jobs, maxAttempts: MAX_ATTEMPTS } });
      return sequelize.query<{ key: string; job: string; status: 'failed' | 'running' }>(
        `select key, job, status from job_claims
         where job in (:jobs) and ((status = 'failed' and retry_at <= now()) or (status = 'running' and lease_until < now()))
         order by coalesce(retry_at, lease_until) limit 100`,
        { replacements: { jobs }, type: QueryTypes.SELECT });
    },
    /**
     * Records the outcome, unless the claim was taken over meanwhile (the taker records its own).
     * A failed run is due again (with back-off) when the database went away under it: its error
     * says so, or the server is not the one that was up when the slot was claimed.
     */
    async finish(claim: Claim, error?: unknown): Promise<void> {
      await sequelize.query(
        `update job_claims set status = :status, finished_at = now(), error = :error, lease_until = null,
           retry_at = case when :failed and attempts < :maxAttempts
               and (:connectionLost or pg_postmaster_start_time()::text <> :serverStart)
             then now() + least(:baseMs * power(2, attempts - 1), :capMs) * interval '1 millisecond' end
         where key = :key and worker = :worker and attempts = :attempt`,
        {
          replacements: {
            key: claim.key, attempt: claim.attempt, worker: WORKER, serverStart: claim.serverStart,
            status: error ? 'failed' : 'done', failed: Boolean(error),
            error: error ? String((error as Error).message ?? error) : null, connectionLost: Boolean(error) && isConnectionError(error),
            maxAttempts: MAX_ATTEMPTS, baseMs: RETRY_BASE_MS, capMs: RETRY_CAP_MS,
          },
        },
      );
    },
  };
}

/** How a slot reaches a lane: its first claim, a retry after a failure, or a takeover of a lost lease. */
interface Slot { key: string; date: Date; via: 'new' | 'retry' | 'takeover' }

export interface Schedule {
  describe(): string;
  /** Stops the schedule; resolves when the runs in progress have ended and their status is written (or the database stayed away). */
  stop(): Promise<void>;
}

/**
 * Runs each job's slots in order, one at a time per process (a slot arriving while the job still
 * runs waits for it instead of being dropped, unless another worker claims it first). A slot whose
 * claim cannot be written because the database is down waits for the database; a run cut off by
 * the database is retried from its claim row by whichever worker sees it due first, and so is a
 * run whose worker died (its lease passed). At start, the slots of catch-up jobs that passed while
 * no worker ran are run; `now` is the clock that decides which (tests inject one).
 */
export function startSchedule(portal: Portal, jobs: ScheduledJob[] = scheduledJobs(portal), { now = () => new Date() }: { now?: () => Date } = {}): Schedule {
  const leaseMs = portal.config.jobLeaseSeconds * 1000;
  const coordinator = claimCoordinator(portal.sequelize, leaseMs);
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
      const claim = slot.via === 'new'
        ? await whileDatabaseAway(`${slot.key} claim`, () => coordinator.claim(slot.key, job.name),
          () => stopping.signal.aborted || Date.now() > claimDeadline)
        // A retry or takeover the database refuses now is found again by a later sweep.
        : await whileDatabaseAway(`${slot.key} ${slot.via}`, () => (slot.via === 'retry' ? coordinator.reclaim(slot.key) : coordinator.takeOver(slot.key)), () => true);
      if (!claim) return; // another worker holds it, or it waited too long, or the schedule stopped
      if (slot.via === 'takeover') console.log(`[worker] ${slot.key}: its worker stopped renewing the lease; running it again (attempt ${claim.attempt})`);
      // Renewed at a third of the lease, so one or two missed renewals (a busy event loop, a slow query) do not lose it.
      const renewal = setInterval(() => {
        coordinator.renew(claim).then((held) => {
          if (!held) console.error(`[worker] ${slot.key}: the lease passed and another worker took the claim over`);
        }, () => undefined); // the database is away: the next renewal tries again
      }, Math.max(1, Math.floor(leaseMs / 3)));
      let failure: unknown;
      try {
        await job.run(slot.date);
      } catch (error) {
        failure = error ?? new Error('failed');
        console.error(`[worker] ${job.name} failed:`, error);
      } finally {
        clearInterval(renewal);
      }
      // The status is written once the database answers (a claim left `running` waits for its lease
      // to pass and another worker to take it over); a stopping worker waits for that only briefly.
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
    const push = (date: Date) => lanes.get(job.name)!.push({ key: keyOf(job, date), date, via: 'new' });
    const task = cron.schedule(job.cron, (context) => push(context.date), { name: job.name, timezone: portal.config.timezone });
    // A slot node-cron could not fire in time (a blocked event loop) is claimed late rather than lost.
    task.on('execution:missed', (context) => push(context.date));
    if (job.catchUp) void catchUp(job, task, push);
    return task;
  });

  /** Slots that passed while no worker ran (none before the job's first claim: a new installation starts now). */
  async function catchUp(job: ScheduledJob, task: SlotMatcher, push: (date: Date) => void): Promise<void> {
    try {
      const last = await whileDatabaseAway(`${job.name} catch-up`, () => coordinator.lastSlot(job.name), () => stopping.signal.aborted);
      if (!last) return;
      const missed = await missedSlots(task, job.cron, last, now());
      const run = missed.slice(-MAX_CATCH_UP);
      if (missed.length > run.length) console.error(`[worker] ${job.name}: ${missed.length} slots passed while no worker ran; the oldest ${missed.length - run.length} are left out (run them by hand)`);
      if (run.length > 0) console.log(`[worker] ${job.name}: running ${run.length} slot(s) that passed while no worker ran, from ${run[0].toISOString()}`);
      for (const date of run) push(date);
    } catch (error) {
      console.error(`[worker] ${job.name} catch-up:`, error);
    }
  }

  // At start (claims a killed worker left behind) and every SWEEP_MS after.
  const sweepOnce = () => {
    coordinator.due(jobs.map((j) => j.name)).then((due) => {
      for (const { key, job, status } of due) {
        lanes.get(job)?.push({ key, date: new Date(key.slice(job.length + 1)), via: status === 'failed' ? 'retry' : 'takeover' });
      }
    }, () => undefined); // the database is away: the next sweep looks again
  };
  sweepOnce();
  const sweep = setInterval(sweepOnce, SWEEP_MS);
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
