import type { Portal } from '../models/index.ts';
import type { ScheduledJob } from './jobs.ts';
import { runLicensingJob } from '../services/licensing-job.ts';
import { systemActor } from '../services/system-actor.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';

/** Daily (LICENSING_CRON): demo expiry, NFR renewal, removal of recalled licenses, for the slot's vendor date. */
export function licensingJobs(portal: Portal): ScheduledJob[] {
  return [{
    name: 'licensing',
    cron: portal.config.licensingCron,
    catchUp: true,
    async run(slot) {
      await runLicensingJob(portal.sequelize, await systemActor(), calendarDateIn(slot, portal.config.timezone));
    },
  }];
}
