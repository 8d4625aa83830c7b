// Issues the statements of one period: one transaction per reseller, so a failure (or a kill) in
// the middle leaves every reseller either completely issued or not at all, and a re-run completes
// the rest. Exactly one statement per reseller and period, whoever runs it how often:
//  - the transaction first takes an advisory lock per reseller (not per period: the adjustments
//    read the reseller's other periods, so two runs for different periods must not interleave),
//  - then skips a period that already has a statement,
//  - and the unique keys (reseller_id, period) and one charge per (subscription, period) hold
//    even against code that bypasses this function.
import { randomUUID } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Portal } from '../../models/index.ts';
import { StatementLineRecord, StatementRecord, StatementRun } from '../../models/index.ts';
import type { Period } from '../../reports/calendar.ts';
import { loadResellerBillingData } from './reseller-billing-data.ts';
import { composeStatement } from './compose-statement.ts';
import { calendarDateIn, periodProblem } from '../../models/domain/vendor-time.ts';
import { auditOperation } from '../audit-trail.ts';
import { systemActor } from '../system-actor.ts';
import type { Progress } from '../progress.ts';

export type RunTrigger = 'schedule' | 'cli' | 'panel';

export interface IssueOptions {
  period: Period;
  trigger: RunTrigger;
  now?: Date;
  /** Told after each reseller (issued, already issued or failed). */
  onProgress?: Progress;
  /** Tests only: called inside a reseller's transaction after its rows are written, before commit. */
  beforeCommit?: (resellerRef: string | null) => void | Promise<void>;
}

export interface IssuedStatement {
  statementId: number;
  resellerRef: string | null;
  resellerName: string;
  lines: number;
  totalCents: number;
  currency: string;
  mailStatus: 'pending' | 'no_address';
}

export interface IssueResult {
  runId: number;
  period: Period;
  issued: IssuedStatement[];
  /** Resellers whose statement for the period existed already. */
  alreadyIssued: string[];
  failed: Array<{ reseller: string; error: string }>;
}

function lockKey(resellerId: number): string {
  return `statements:reseller:${resellerId}`;
}

function messageId(publicUrl: string): string {
  return `<statement-${randomUUID()}@${new URL(publicUrl).hostname || 'portal'}>`;
}

type Issued = { kind: 'issued'; statement: IssuedStatement } | { kind: 'exists' } | { kind: 'empty' };

async function issueForReseller(portal: Portal, resellerId: number, period: Period, runId: number, now: Date, beforeCommit: IssueOptions['beforeCommit']): Promise<Issued> {
  const sequelize: Sequelize = portal.sequelize;
  return sequelize.transaction(async (transaction) => {
    await sequelize.query('select pg_advisory_xact_lock(hashtext(:key))', { replacements: { key: lockKey(resellerId) }, transaction });
    const existing = await sequelize.query('select id from statements where reseller_id = :resellerId and period = :period',
      { replacements: { resellerId, period }, type: QueryTypes.SELECT, transaction });
    if (existing.length > 0) return { kind: 'exists' };

    const data = await loadResellerBillingData(sequelize, resellerId, period, transaction);
    const composed = composeStatement(data, period);
    if (!composed) return { kind: 'empty' };
    const { reseller } = data;
    const mailStatus = reseller.billingEmail ? 'pending' : 'no_address';
    // The reseller's name, addresses and logo are copied: the statement is rendered and mailed from
    // this copy, so a later change of the organization does not change an issued statement.
    const statement = await StatementRecord.create({
      resellerId, period, mode: reseller.statementMode, currency: composed.currency, locale: reseller.locale,
      resellerRef: reseller.ref, resellerName: reseller.name, billingEmail: reseller.billingEmail, mailTo: reseller.billingEmail,
      resellerCustomerNumber: reseller.customerNumber, resellerStreet: reseller.street, resellerZip: reseller.zip,
      resellerCity: reseller.city, resellerCountry: reseller.country,
      resellerLogoContentType: reseller.logo ? reseller.logoContentType : null,
      totalCents: composed.totalCents, issuedAt: now, runId, mailStatus, messageId: messageId(portal.config.publicUrl),
    }, { transaction });
    if (reseller.logo) {
      await sequelize.query('update statements set reseller_logo = $1 where id = $2', { bind: [reseller.logo, statement.id], transaction });
    }
    await StatementLineRecord.bulkCreate(composed.lines.map((line) => ({
      statementId: statement.id, lineType: line.lineType, chargedPeriod: line.chargedPeriod,
      subscriptionId: line.subscriptionId, subscriptionRef: line.subscriptionRef, customerId: line.customerId,
      customerNumber: line.customerNumber, customerName: line.customerName, articleCode: line.articleCode,
      articleName: line.articleName, fromDate: line.from, toDate: line.to, days: line.days, quantity: line.quantity,
      unitPriceCents: line.unitPriceCents, amountCents: line.amountCents,
    })), { transaction });
    // Audited as issued (which is also its webhook event statement.issued, audit-trail.ts).
    await auditOperation(await systemActor(), 'statements', 'issue', resellerId, statement.id, {}, transaction, { period, lines: composed.lines.length });
    await beforeCommit?.(reseller.ref);
    return {
      kind: 'issued',
      statement: {
        statementId: statement.id, resellerRef: reseller.ref, resellerName: reseller.name, lines: composed.lines.length,
        totalCents: composed.totalCents, currency: composed.currency, mailStatus,
      },
    };
  });
}

/**
 * Issues `period` for every organization holding the reseller view that has at least one line,
 * and records the run in statement_runs. One reseller's failure does not stop the others; the run
 * is then `failed` with each reseller's error, and running the period again issues what is missing.
 */
export async function issueStatements(portal: Portal, { period, trigger, now = new Date(), beforeCommit, onProgress }: IssueOptions): Promise<IssueResult> {
  const problem = periodProblem(period, calendarDateIn(now, portal.config.timezone));
  if (problem) throw new RangeError(problem);
  const run = await StatementRun.create({ period, trigger, startedAt: now });
  const result: IssueResult = { runId: run.id, period, issued: [], alreadyIssued: [], failed: [] };
  try {
    const resellers = await portal.sequelize.query<{ id: number; ref: string | null; name: string }>(
      `select id, ref, name from organizations where 'reseller' = any(views) order by id`, { type: QueryTypes.SELECT });
    for (const [index, reseller] of resellers.entries()) {
      const label = reseller.ref ?? `${reseller.name} (#${reseller.id})`;
      try {
        const outcome = await issueForReseller(portal, reseller.id, period, run.id, now, beforeCommit);
        if (outcome.kind === 'issued') result.issued.push(outcome.statement);
        if (outcome.kind === 'exists') result.alreadyIssued.push(label);
      } catch (error) {
        result.failed.push({ reseller: label, error: error instanceof Error ? error.message : String(error) });
      }
      onProgress?.(index + 1, resellers.length, label);
    }
  } catch (error) {
    result.failed.push({ reseller: '*', error: error instanceof Error ? error.message : String(error) });
  }
  await run.update({
    status: result.failed.length > 0 ? 'failed' : 'done',
    finishedAt: new Date(),
    issuedCount: result.issued.length,
    error: result.failed.length > 0 ? result.failed.map((f) => `${f.reseller}: ${f.error}`).join('\n') : null,
  });
  return result;
}
