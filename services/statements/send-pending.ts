// Mails issued statements. Each statement is claimed by one atomic UPDATE that also pushes its
// next attempt into the future, so two workers never send the same one at once; it is marked sent
// only after the SMTP server (or the outbox) accepted it. A failure keeps it pending with an
// exponential back-off; after MAX_MAIL_ATTEMPTS it is marked failed for vendor staff to see.
// A crash between acceptance and marking it sent makes it go out again after the back-off: the
// stable Message-ID lets the receiving side recognise that duplicate.
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import type { Portal } from '../../models/index.ts';
import { createMailer, type Mailer } from '../mailer.ts';
import { statementEmail } from '../../templates/statement-texts.ts';
import { loadStoredStatement, renderStatementCsv, renderStoredStatementPdf, statementFileName } from './stored-statement.ts';

export const MAX_MAIL_ATTEMPTS = 8;
const FIRST_RETRY_SECONDS = 5 * 60;
const MAX_RETRY_SECONDS = 6 * 60 * 60;

export interface SendResult {
  sent: number[];
  retrying: Array<{ id: number; error: string }>;
  failed: Array<{ id: number; error: string }>;
}

export function portalMailer(portal: Portal): Mailer {
  const { smtpUrl, dataDir, mailFrom } = portal.config;
  return createMailer({ smtpUrl: smtpUrl ?? undefined, outboxDir: path.join(dataDir, 'outbox'), from: mailFrom });
}

// The claim sets the next attempt to now + 5 min · 2^(attempts so far), capped at 6 h: that is
// both the lease while this worker sends and the back-off should the send fail.
async function claimNext(portal: Portal, now: Date): Promise<{ id: number; attempts: number } | null> {
  const rows = await portal.sequelize.query<{ id: number; attempts: number }>(`
    update statements s
       set mail_attempts = s.mail_attempts + 1,
           next_mail_attempt_at = :now::timestamptz + least(:first * power(2, s.mail_attempts), :max) * interval '1 second'
     where s.id = (
       select id from statements
        where mail_status = 'pending' and restricted_at is null
          and (next_mail_attempt_at is null or next_mail_attempt_at <= :now::timestamptz)
        order by id limit 1
        for update skip locked)
       and s.mail_status = 'pending'
    returning s.id, s.mail_attempts as attempts`,
  { replacements: { now: now.toISOString(), first: FIRST_RETRY_SECONDS, max: MAX_RETRY_SECONDS }, type: QueryTypes.SELECT });
  return rows[0] ?? null;
}

async function sendOne(portal: Portal, mailer: Mailer, id: number): Promise<'sent' | 'no_address'> {
  const statement = await loadStoredStatement(portal.sequelize, id);
  if (!statement) throw new Error(`Statement ${id} disappeared.`);
  // mail_to, not billing_email: a resend may go to a newer address than the one the statement was issued to.
  if (!statement.mailTo) return 'no_address';
  const pdf = await renderStoredStatementPdf(portal.sequelize, statement, portal.config.timezone);
  const { subject, body } = statementEmail({
    locale: statement.locale, period: statement.period, resellerName: statement.resellerName,
    totalCents: statement.totalCents, currency: statement.currency,
  });
  await mailer.send({
    to: statement.mailTo,
    subject,
    text: body,
    messageId: statement.messageId,
    attachments: [
      { filename: statementFileName(statement, 'pdf'), content: pdf, contentType: 'application/pdf' },
      { filename: statementFileName(statement, 'csv'), content: renderStatementCsv(statement), contentType: 'text/csv; charset=utf-8' },
    ],
  });
  return 'sent';
}

/** Sends every statement that is due; returns what happened to each one it claimed. */
export async function sendPendingStatements(portal: Portal, { now = new Date(), mailer }: { now?: Date; mailer?: Mailer } = {}): Promise<SendResult> {
  const ownMailer = mailer ? null : portalMailer(portal);
  const transport = mailer ?? ownMailer!;
  const result: SendResult = { sent: [], retrying: [], failed: [] };
  try {
    for (let claim = await claimNext(portal, now); claim; claim = await claimNext(portal, now)) {
      const { id, attempts } = claim;
      try {
        const outcome = await sendOne(portal, transport, id);
        await portal.sequelize.query(
          `update statements set mail_status = :outcome, mailed_at = case when :outcome = 'sent' then now() end,
             mail_error = null, next_mail_attempt_at = null where id = :id`,
          { replacements: { id, outcome } });
        if (outcome === 'sent') result.sent.push(id);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const giveUp = attempts >= MAX_MAIL_ATTEMPTS;
        await portal.sequelize.query(
          `update statements set mail_error = :message, mail_status = :status,
             next_mail_attempt_at = case when :status = 'failed' then null else next_mail_attempt_at end where id = :id`,
          { replacements: { id, message, status: giveUp ? 'failed' : 'pending' } });
        (giveUp ? result.failed : result.retrying).push({ id, error: message });
      }
    }
  } finally {
    ownMailer?.close();
  }
  return result;
}
