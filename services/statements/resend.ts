// Vendor staff send an issued statement again, to the reseller's current billing address. The
// statement itself stays as issued (billing_email included); only the destination of the latest
// send (mail_to) and the mail state change. It is queued like a new one and mailed by the retry
// job (or `statements send`), with the same content and Message-ID.
import { QueryTypes, type Sequelize } from 'sequelize';
import { can, type Actor } from '../../models/domain/policy.ts';
import { recordAudit } from '../../models/audit.ts';
import { auditActor } from '../audit-trail.ts';

export class ResendRefusal extends Error {
  constructor(message: string, readonly statusCode: 403 | 404) {
    super(message);
    this.name = 'ResendRefusal';
  }
}

export interface ResendResult {
  statementId: number;
  /** null: the reseller has no billing address now, so nothing will be mailed. */
  mailTo: string | null;
  mailStatus: 'pending' | 'no_address';
}

export async function resendStatement(db: Sequelize, actor: Actor, statementId: number): Promise<ResendResult> {
  if (!can(actor, 'statements', 'resend')) throw new ResendRefusal('You are not allowed to resend statements.', 403);
  return db.transaction(async (transaction) => {
    // Locked, so a concurrent resend or erasure restriction is decided on the row as it is.
    const [statement] = Number.isSafeInteger(statementId) ? await db.query<{ resellerId: number; period: string; mailTo: string | null }>(`
      select s.reseller_id as "resellerId", s.period, o.billing_email as "mailTo"
        from statements s join organizations o on o.id = s.reseller_id
       where s.id = :statementId and s.restricted_at is null
         for update of s`, { replacements: { statementId }, type: QueryTypes.SELECT, transaction }) : [];
    // A restricted statement (GDPR erasure) is reachable by the DPO only and never mailed again.
    if (!statement) throw new ResendRefusal(`Statement ${statementId} cannot be found.`, 404);
    const mailStatus = statement.mailTo ? 'pending' : 'no_address';
    await db.query(`
      update statements set mail_to = :mailTo, mail_status = :mailStatus, mail_attempts = 0, next_mail_attempt_at = null, mail_error = null
       where id = :statementId`, { replacements: { statementId, mailTo: statement.mailTo, mailStatus }, transaction });
    await recordAudit({
      userId: auditActor(actor).userId, organizationId: statement.resellerId, action: 'statements.resend',
      resource: 'statements', recordId: statementId, details: { ...auditActor(actor).who, period: statement.period },
    }, transaction);
    return { statementId, mailTo: statement.mailTo, mailStatus };
  });
}
