// Child process for the crash test: issues a period and kills itself with SIGKILL inside the
// second reseller's transaction, after its rows are written and before they commit.
import { loadConfig } from '../../models/config.ts';
import { openPortal } from '../../models/index.ts';
import { issueStatements } from '../../services/statements/issue-period.ts';

const [period, now] = process.argv.slice(2);
const portal = await openPortal(loadConfig());
let transactions = 0;
await issueStatements(portal, {
  period, trigger: 'cli', now: new Date(now),
  beforeCommit: () => {
    transactions += 1;
    if (transactions === 2) process.kill(process.pid, 'SIGKILL');
  },
});
await portal.close();
