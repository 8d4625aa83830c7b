// Child process for the lease test: a worker (the real schedule and claims) whose statement job
// kills its own process with SIGKILL inside the second reseller's transaction, after the first
// reseller's statement committed and before anything was mailed — as a machine losing power would.
import { openPortal } from '../../models/index.ts';
import { periodBefore } from '../../models/domain/vendor-time.ts';
import { runStatementPeriod } from '../../services/statements/run-period.ts';
import { startSchedule } from '../../worker/schedule.ts';

const portal = await openPortal();
let transactions = 0;
startSchedule(portal, [{
  name: 'statements',
  cron: portal.config.statementCron,
  async run(slot) {
    await runStatementPeriod(portal, {
      period: periodBefore(slot, portal.config.timezone), trigger: 'schedule',
      beforeCommit: () => {
        transactions += 1;
        if (transactions === 2) process.kill(process.pid, 'SIGKILL');
      },
    });
  },
}]);
console.log('Worker schedule running');
