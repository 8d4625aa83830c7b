import type { Command } from './index.ts';
import { isValidPeriod, periodOf, previousPeriod } from '../../reports/calendar.ts';
import { statementCsv } from '../../reports/statement-csv.ts';
import { formatMoney } from '../../templates/formats.ts';
import { runStatementPeriod } from '../../services/statements/run-period.ts';
import { sendPendingStatements, type SendResult } from '../../services/statements/send-pending.ts';
import { csvRows, loadPeriodStatements } from '../../services/statements/stored-statement.ts';
import { periodProblem } from '../../models/domain/vendor-time.ts';
import { vendorNow } from './flags.ts';
import { terminalProgress } from './progress.ts';

const USAGE_PERIOD = 'expected --period YYYY-MM';

function periodArg(args: string[]): string | null {
  const i = args.findIndex((a) => a === '--period' || a.startsWith('--period='));
  if (i < 0) return null;
  return args[i].includes('=') ? args[i].slice('--period='.length) : args[i + 1] ?? null;
}

function printMail(mail: SendResult): void {
  for (const id of mail.sent) console.log(`mailed statement ${id}`);
  for (const r of mail.retrying) console.log(`mail for statement ${r.id} failed, will retry: ${r.error}`);
  for (const r of mail.failed) console.log(`mail for statement ${r.id} given up after repeated failures: ${r.error}`);
}

const run: Command = {
  name: 'statements run',
  summary: 'issue and mail the statements of a past month: [--period YYYY-MM] [--now <ISO date>] (default: the month before now)',
  async run(portal, args) {
    let moment: { now: Date; today: string };
    try {
      moment = vendorNow(args, portal.config.timezone);
    } catch (error) {
      console.error((error as Error).message);
      return 2;
    }
    const { now, today } = moment;
    const named = periodArg(args);
    const period = named ?? previousPeriod(periodOf(today));
    const flagged = args.some((a) => a === '--period' || a.startsWith('--period='));
    const problem = flagged && named === null ? `Missing period: ${USAGE_PERIOD}.` : periodProblem(period, today);
    if (problem) {
      console.error(problem);
      return 2;
    }
    const { issue, mail } = await runStatementPeriod(portal, { period, trigger: 'cli', now, onProgress: terminalProgress(`statements ${period}`) });
    for (const s of issue.issued) {
      console.log(`issued statement ${s.statementId} for ${s.resellerRef ?? s.resellerName} ${issue.period}: ${s.lines} line(s), total ${formatMoney(s.totalCents, s.currency, 'en')}${s.mailStatus === 'no_address' ? ' (no billing address, not mailed)' : ''}`);
    }
    for (const ref of issue.alreadyIssued) console.log(`already issued for ${ref} ${issue.period}`);
    for (const f of issue.failed) console.error(`FAILED for ${f.reseller}: ${f.error}`);
    printMail(mail);
    console.log(`run ${issue.runId}: ${issue.issued.length} issued, ${issue.alreadyIssued.length} already issued, ${issue.failed.length} failed, ${mail.sent.length} mailed`);
    return issue.failed.length > 0 ? 1 : 0;
  },
};

const exportCsv: Command = {
  name: 'statements export',
  summary: 'print every line of a month\'s statements as CSV: --period YYYY-MM',
  async run(portal, args) {
    const period = periodArg(args);
    if (period === null || !isValidPeriod(period)) {
      console.error(period === null ? `Missing period: ${USAGE_PERIOD}.` : `Not a period: "${period}" (${USAGE_PERIOD}).`);
      return 2;
    }
    const statements = await loadPeriodStatements(portal.sequelize, period);
    process.stdout.write(statementCsv(statements.flatMap(csvRows)));
  },
};

const send: Command = {
  name: 'statements send',
  summary: 'mail statements waiting for delivery now (ignores the retry back-off)',
  async run(portal) {
    // "Now" for an operator means now, even if the back-off said later.
    await portal.sequelize.query(`update statements set next_mail_attempt_at = null where mail_status = 'pending'`);
    const mail = await sendPendingStatements(portal);
    printMail(mail);
    console.log(`${mail.sent.length} mailed, ${mail.retrying.length} to retry, ${mail.failed.length} given up`);
    return mail.retrying.length + mail.failed.length > 0 ? 1 : 0;
  },
};

export const statementCommands: Command[] = [run, exportCsv, send];
