import type { Portal } from '../../models/index.ts';
import { StatementRun } from '../../models/index.ts';
import type { Mailer } from '../mailer.ts';
import { issueStatements, type IssueOptions, type IssueResult } from './issue-period.ts';
import { sendPendingStatements, type SendResult } from './send-pending.ts';

/**
 * The monthly job and `statements run`: issue the period, then mail whatever is due (this run's
 * statements and earlier ones waiting for a retry). The run's sent_count counts its own statements.
 */
export async function runStatementPeriod(portal: Portal, options: IssueOptions & { mailer?: Mailer }): Promise<{ issue: IssueResult; mail: SendResult }> {
  const issue = await issueStatements(portal, options);
  const mail = await sendPendingStatements(portal, { now: options.now, mailer: options.mailer });
  const own = new Set(issue.issued.map((s) => s.statementId));
  await StatementRun.update({ sentCount: mail.sent.filter((id) => own.has(id)).length }, { where: { id: issue.runId } });
  return { issue, mail };
}
