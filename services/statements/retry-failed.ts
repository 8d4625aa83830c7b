// A period whose statement run failed for a reseller (or whose run died half-way) is run again by
// the worker until it is issued: the first retry one hour after the failed attempt, then after
// 2, 4, 8 … hours, at most a day apart. Running a period again is always safe (issue-period.ts):
// what is issued stays, what is missing is issued. A run that ends `done` ends the retries.
import { QueryTypes } from 'sequelize';
import type { Portal } from '../../models/index.ts';
import type { Mailer } from '../mailer.ts';
import { runStatementPeriod } from './run-period.ts';
import type { IssueResult } from './issue-period.ts';

export const RETRY_FIRST_MS = 60 * 60 * 1000;
export const RETRY_MAX_MS = 24 * 60 * 60 * 1000;
/** A run still `running` after this long died with its process. */
export const STALLED_MS = 60 * 60 * 1000;

/** Whether a run row is one that died with its process (still `running` after STALLED_MS). */
export const runStalled = (run: { status: string; startedAt: Date }, now: Date): boolean =>
  run.status === 'running' && run.startedAt.getTime() < now.getTime() - STALLED_MS;

export interface FailedPeriod {
  period: string;
  /** Failed (or stalled) runs since the period's last successful run. */
  failures: number;
  lastAttempt: Date;
  dueAt: Date;
}

/** The delay after the `failures`-th failed attempt in a row: 1 h, 2 h, 4 h … capped at 24 h. */
export function retryDelayMs(failures: number): number {
  return Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1), RETRY_MAX_MS);
}

/** Periods with a failed run and no successful run after it, each with its next due time. */
export async function failedPeriods(portal: Portal, now: Date): Promise<FailedPeriod[]> {
  const stalledBefore = new Date(now.getTime() - STALLED_MS).toISOString();
  const rows = await portal.sequelize.query<{ period: string; failures: string; last_attempt: Date }>(`
    select r.period, count(*)::text as failures, max(r.started_at) as last_attempt
    from statement_runs r
    where (r.status = 'failed' or (r.status = 'running' and r.started_at < :stalledBefore::timestamptz))
      and not exists (select 1 from statement_runs d where d.period = r.period and d.status = 'done' and d.id > r.id)
      and not exists (select 1 from statement_runs x where x.period = r.period and x.status = 'running' and x.started_at >= :stalledBefore::timestamptz)
    group by r.period
    order by r.period`, { replacements: { stalledBefore }, type: QueryTypes.SELECT });
  return rows.map((row) => {
    const failures = Number(row.failures);
    const lastAttempt = new Date(row.last_attempt);
    return { period: row.period, failures, lastAttempt, dueAt: new Date(lastAttempt.getTime() + retryDelayMs(failures)) };
  });
}

/** Runs every failed period whose back-off has passed at `now`; returns each attempt's issue result. */
export async function retryFailedPeriods(portal: Portal, { now = new Date(), mailer }: { now?: Date; mailer?: Mailer } = {}): Promise<IssueResult[]> {
  const due = (await failedPeriods(portal, now)).filter((p) => p.dueAt.getTime() <= now.getTime());
  const results: IssueResult[] = [];
  for (const { period } of due) {
    const { issue } = await runStatementPeriod(portal, { period, trigger: 'schedule', now, mailer });
    results.push(issue);
  }
  return results;
}
