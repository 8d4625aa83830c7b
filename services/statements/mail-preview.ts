// The statement's mail as a resend would send it (services/statements/send-pending.ts composes the
// same from the same templates): recipient, subject, text and attachment names, for vendor staff to
// read before they resend. Reads only.
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../models/domain/policy.ts';
import { Organization } from '../../models/index.ts';
import { statementEmail } from '../../templates/statement-texts.ts';
import { authorize, findInScope } from '../reach.ts';
import { notFound } from '../refusal.ts';
import { loadStoredStatement, statementFileName } from './stored-statement.ts';
import { msg } from '../../templates/messages.ts';

export interface MailPreview {
  /** The reseller's current billing address (where a resend goes), null: none, nothing would be sent. */
  to: string | null;
  subject: string;
  text: string;
  attachments: string[];
}

export async function statementMailPreview(db: Sequelize, actor: Actor, id: unknown): Promise<MailPreview> {
  const scope = await authorize(db, actor, 'statements', 'resend');
  const row = await findInScope(scope, 'statements', id);
  const statement = row && await loadStoredStatement(db, Number(row.get('id')));
  if (!statement) throw notFound(msg('record', { resource: 'statements' }));
  const reseller = await Organization.findByPk(statement.resellerId, { attributes: ['billingEmail'] });
  const { subject, body } = statementEmail({
    locale: statement.locale, period: statement.period, resellerName: statement.resellerName,
    totalCents: statement.totalCents, currency: statement.currency,
  });
  return { to: reseller?.billingEmail ?? null, subject, text: body, attachments: [statementFileName(statement, 'pdf'), statementFileName(statement, 'csv')] };
}
