import { QueryTypes, type Sequelize } from 'sequelize';
import { gatherHoldings, outboxDir, type SubjectRef } from './holdings.ts';
import { personalStrings } from '../../models/domain/erasure-plan.ts';
import { ErasureRequest } from '../../models/index.ts';
import { currentSubjectHash } from './execute.ts';

/**
 * Right of access (Art. 15 GDPR): everything the portal holds on a subject, as JSON. Like the DPO's
 * screens it leaves out prices and amounts (billing stays with the channel) and password hashes.
 */
export async function exportSubject(sequelize: Sequelize, subject: SubjectRef, dataDir: string): Promise<Record<string, unknown> | null> {
  const holdings = await gatherHoldings(sequelize, subject, outboxDir(dataDir));
  if (!holdings) return null;
  const rows = (sql: string, replacements: Record<string, unknown> = {}) =>
    sequelize.query<Record<string, unknown>>(sql, { replacements: { id: subject.id, ...replacements }, type: QueryTypes.SELECT });
  const userIds = holdings.users.map((u) => u.id);
  const ids = userIds.length ? userIds : [0];
  const organization = subject.kind === 'org' ? (await rows(`
    select id, ref, name, views, parent_id, customer_number, data_policy, billing_email, contact_email, locale,
      street, zip, city, country, support_contact, logo is not null as has_logo, created_at, updated_at
    from organizations where id = :id`))[0] : null;
  const org = subject.kind === 'org';
  const addresses = personalStrings(holdings).filter((s) => s.includes('@')).map((s) => s.toLowerCase());
  return {
    subject: { kind: subject.kind, id: subject.id },
    exportedAt: new Date().toISOString(),
    organization,
    users: await rows(`select id, email, name, is_dpo, locale, last_login_at, created_at, updated_at from users where id in (:ids) order by id`, { ids }),
    memberships: await rows(`
      select m.id, m.user_id, m.organization_id, o.name as organization_name, m.role, m.created_at
      from memberships m join organizations o on o.id = m.organization_id
      where ${org ? 'm.organization_id = :id' : 'm.user_id = :id'} order by m.id`),
    licenses: org ? await rows(`select id, license_key, article_id, kind, status, seats, device, activated_at, expires_on, service_until from licenses where organization_id = :id order by id`) : [],
    tickets: await rows(`select id, code, article_id, organization_id, assigned_user_id, status, license_id from tickets
      where ${org ? 'organization_id = :id or ' : ''}assigned_user_id in (:ids) order by id`, { ids }),
    subscriptions: org ? await rows(`select id, ref, reseller_id, customer_id, article_id, license_id, quantity, interval, start_date, term_months, auto_renew, terminated_on, cancelled_on, cancel_reason
      from subscriptions where customer_id = :id or reseller_id = :id order by id`) : [],
    customPropertyValues: org ? await rows(`
      select v.id, d.name, d.type, v.value from custom_property_values v join custom_property_definitions d on d.id = v.definition_id
      where v.organization_id = :id order by v.id`) : [],
    invitations: await rows(`select id, organization_id, email, role, invited_by, expires_at, accepted_at, created_at from invitations
      where id in (:invitations) order by id`, { invitations: holdings.invitations.length ? holdings.invitations.map((i) => i.id) : [0] }),
    // A reseller's own statements, and every line of them: lines naming its customers included, as
    // the reseller received them by mail; a customer's lines on its resellers' statements.
    statements: org ? await rows(`
      select id, period, mode, currency, locale, reseller_ref, reseller_name, billing_email, issued_at, mail_status, mailed_at, mail_error,
        restricted_at, retain_until
      from statements where reseller_id = :id order by id`) : [],
    statementLines: org ? await rows(`
      select l.id, l.statement_id, s.period, l.line_type, l.charged_period, l.subscription_ref, l.customer_number, l.customer_name,
        l.article_code, l.article_name, l.from_date, l.to_date, l.days, l.quantity, l.restricted_at, l.retain_until
      from statement_lines l join statements s on s.id = l.statement_id where l.customer_id = :id or s.reseller_id = :id order by l.id`) : [],
    // What the subject asked and was answered, and the messages of its support threads (a person's: what it wrote).
    offerRequests: await rows(`select id, license_id, organization_id, requested_by, message, mailed_to, answer, answered_by, answered_at, created_at
      from offer_requests where ${org ? 'organization_id = :id' : 'requested_by = :id or answered_by = :id'} order by id`),
    supportMessages: await rows(`select id, thread_id, license_id, organization_id, handler_organization_id, author_user_id, author_organization_id, message, created_at
      from support_messages where ${org ? 'organization_id = :id or author_organization_id = :id' : 'author_user_id = :id'} order by id`),
    auditEvents: await rows(`select id, at, user_id, organization_id, action, resource, record_id, details from audit_events
      where id::text in (:events)${org ? ' or organization_id = :id' : ''} order by id`, { events: holdings.auditEvents.length ? holdings.auditEvents.map((e) => e.id) : ['0'] }),
    sessions: holdings.sessions.map((s) => ({ userId: s.userId })),
    outboxMails: holdings.outboxFiles.filter((f) => addresses.some((a) => f.text.toLowerCase().includes(a))).map((f) => f.name),
  };
}

/**
 * How the audit trail names an exported subject: not by id or label, since vendor staff read the
 * whole trail but see erasure requests without their subject. The DPO recognises it by the open
 * request, if there is one, and by the salted hash its certificate would carry.
 */
export async function exportedSubject(sequelize: Sequelize, subject: SubjectRef): Promise<{ requestId: number | null; subjectKind: string; subjectHash: string | null }> {
  const open = await ErasureRequest.findOne({ where: { subjectKind: subject.kind, subjectId: subject.id, status: ['requested', 'approved'] }, attributes: ['id'] });
  return { requestId: open?.id ?? null, subjectKind: subject.kind, subjectHash: await currentSubjectHash(sequelize, subject) };
}
