import type { Portal } from '../models/index.ts';
import type { ScheduledJob } from './jobs.ts';
import { runStatementPeriod } from '../services/statements/run-period.ts';
import { sendPendingStatements } from '../services/statements/send-pending.ts';
import { retryFailedPeriods } from '../services/statements/retry-failed.ts';
import { periodBefore } from '../models/domain/vendor-time.ts';

export const STATEMENT_MAIL_RETRY_CRON = '*/5 * * * *';
/** Hourly: a period whose run failed for a reseller is run again once its back-off has passed. */
export const STATEMENT_RUN_RETRY_CRON = '40 * * * *';

export function statementJobs(portal: Portal): ScheduledJob[] {
  return [
    {
      name: 'statements',
      cron: portal.config.statementCron,
      catchUp: true,
      async run(slot) {
        const { issue } = await runStatementPeriod(portal, { period: periodBefore(slot, portal.config.timezone), trigger: 'schedule' });
        // The claim row shows the failure; the run row says which resellers and why.
        if (issue.failed.length > 0) throw new Error(`statement run ${issue.runId} for ${issue.period} failed for: ${issue.failed.map((f) => f.reseller).join(', ')}`);
      },
    },
    {
      name: 'statement-retry',
      cron: STATEMENT_RUN_RETRY_CRON,
      async run(slot) {
        const failed = (await retryFailedPeriods(portal, { now: slot })).filter((issue) => issue.failed.length > 0);
        if (failed.length > 0) throw new Error(failed.map((issue) => `statement run ${issue.runId} for ${issue.period} failed again for: ${issue.failed.map((f) => f.reseller).join(', ')}`).join('; '));
      },
    },
    {
      name: 'statement-mail',
      cron: STATEMENT_MAIL_RETRY_CRON,
      async run() {
        await sendPendingStatements(portal);
      },
    },
  ];
}
