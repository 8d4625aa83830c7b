import type { Portal } from '../models/index.ts';
import type { ScheduledJob } from './jobs.ts';
import { runDueErasures } from '../services/erasure/requests.ts';
import { purgeExpiredRetention } from '../services/erasure/retention.ts';

/** Daily: execute the erasures whose grace period has ended, then purge billing records past their retention. */
export function erasureJobs(portal: Portal): ScheduledJob[] {
  return [{
    name: 'erasure',
    cron: portal.config.erasureCron,
    async run(slot) {
      const erasures = await runDueErasures(portal.sequelize, portal.config.dataDir, slot);
      await purgeExpiredRetention(portal.sequelize, { now: slot, timeZone: portal.config.timezone });
      // The claim row shows the failure; each failed request stays approved and is retried next day.
      if (erasures.failed.length > 0) throw new Error(`erasure failed for request(s) ${erasures.failed.map((f) => `${f.requestId}: ${f.error}`).join('; ')}`);
    },
  }];
}
