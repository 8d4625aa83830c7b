import fs from 'node:fs/promises';
import path from 'node:path';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { personalStrings, type SubjectHoldings, type SubjectKind, type TextCell, type RetainableRow } from '../../models/domain/erasure-plan.ts';

export interface SubjectRef { kind: SubjectKind; id: number }

/**
 * Free-text columns outside the subject's own rows that may quote it (error messages of mail
 * delivery, DPO notes, offer and support requests). Table and column names are fixed here, never taken from input.
 */
const TEXT_COLUMNS: Array<{ table: string; column: string; key: string; where?: string }> = [
  { table: 'statement_runs', column: 'error', key: 'id' },
  { table: 'job_claims', column: 'error', key: 'key' },
  { table: 'statements', column: 'mail_error', key: 'id', where: 'restricted_at is null' },
  { table: 'erasure_requests', column: 'reason', key: 'id' },
  // What people wrote in offer and support requests (and the sales address an offer went to).
  { table: 'offer_requests', column: 'message', key: 'id' },
  { table: 'offer_requests', column: 'answer', key: 'id' },
  { table: 'offer_requests', column: 'mailed_to', key: 'id' },
  { table: 'support_messages', column: 'message', key: 'id' },
];

/**
 * The subject's own texts in offer and support requests, removed whole (erasure-plan.ts): an
 * organization's requests and every message of its support threads; a person's requests, answers
 * and messages. `:id` is the subject's id.
 */
const OWN_TEXTS: Array<{ table: string; column: string; org: string; user: string }> = [
  { table: 'offer_requests', column: 'message', org: 'organization_id = :id', user: 'requested_by = :id' },
  { table: 'offer_requests', column: 'answer', org: 'organization_id = :id', user: 'answered_by = :id' },
  { table: 'support_messages', column: 'message', org: 'organization_id = :id', user: 'author_user_id = :id' },
];

const likePatterns = (strings: string[]) => strings.map((s) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);

/** Everything the database (and the outbox folder) holds about one subject, as the erasure plan needs it. */
export async function gatherHoldings(sequelize: Sequelize, subject: SubjectRef, outboxDir: string, transaction?: Transaction): Promise<SubjectHoldings | null> {
  const select = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) =>
    sequelize.query<T>(sql, { replacements: { id: subject.id, ...replacements }, type: QueryTypes.SELECT, transaction });

  const [organization] = subject.kind === 'org' ? await select<SubjectHoldings['organization'] & object>(`
    select id, ref, name, customer_number as "customerNumber", data_policy as "dataPolicy",
      contact_email as "contactEmail", billing_email as "billingEmail", street, zip, city, country,
      support_contact as "supportContact", logo is not null as "hasLogo"
    from organizations where id = :id`) : [];
  const users = await select<SubjectHoldings['users'][number]>(`
    select u.id, u.email, u.name,
      coalesce(array_agg(m.organization_id) filter (where m.organization_id is not null), '{}') as "membershipOrgIds"
    from users u left join memberships m on m.user_id = u.id
    where ${subject.kind === 'org' ? 'u.id in (select user_id from memberships where organization_id = :id)' : 'u.id = :id'}
    group by u.id order by u.id`);
  if (subject.kind === 'org' ? !organization : users.length === 0) return null;

  const membershipIds = (await select<{ id: number }>(
    `select id from memberships where ${subject.kind === 'org' ? 'organization_id' : 'user_id'} = :id order by id`)).map((r) => r.id);
  const strings = personalStrings({ kind: subject.kind, organization: organization ?? null, users });
  const patterns = likePatterns(strings);
  const mentioning = (expression: string) => (patterns.length > 0 ? `${expression} ilike any(array[:patterns]::text[])` : 'false');
  const userIds = users.map((u) => String(u.id));
  const orgOnly = (sql: string) => (subject.kind === 'org' ? sql : 'false');

  const sessions = await select<SubjectHoldings['sessions'][number]>(`
    select sid, nullif(sess->'adminUser'->>'userId', '')::integer as "userId", sess->'adminUser'->>'email' as email
    from sessions where sess->'adminUser'->>'userId' = any(array[:userIds]::text[])`, { userIds: userIds.length ? userIds : [''] });
  const auditEvents = await select<SubjectHoldings['auditEvents'][number]>(`
    select id::text as id, user_id as "userId", details from audit_events
    where user_id = any(array[:userIds]::integer[]) or ${mentioning('details::text')} order by id`,
  { userIds: userIds.length ? userIds : ['0'], patterns });
  const licenses = await select<SubjectHoldings['licenses'][number]>(`
    select id, organization_id as "organizationId", device from licenses
    where ${orgOnly('organization_id = :id')} or ${mentioning('device')} order by id`, { patterns });
  const customPropertyValueIds = (await select<{ id: number }>(
    `select id from custom_property_values where ${orgOnly('organization_id = :id')} order by id`)).map((r) => r.id);

  const invitations = await select<SubjectHoldings['invitations'][number]>(`
    select id, organization_id as "organizationId", email from invitations
    where ${orgOnly('organization_id = :id')} or email = any(array[:emails]::text[]) order by id`,
  { emails: users.length ? users.map((u) => u.email.toLowerCase()) : [''] });

  const issued = `(s.issued_at at time zone 'UTC')::date::text as "issuedOn"`;
  const statements = subject.kind === 'org' ? await select<RetainableRow>(`
    select s.id, ${issued}, s.retain_until::text as "retainUntil" from statements s where s.reseller_id = :id order by s.id`) : [];
  const statementLines = subject.kind === 'org' ? await select<RetainableRow>(`
    select l.id, ${issued}, l.retain_until::text as "retainUntil" from statement_lines l join statements s on s.id = l.statement_id
    where l.customer_id = :id or s.reseller_id = :id order by l.id`) : [];

  const statementMessageIds = subject.kind === 'org' ? (await select<{ messageId: string }>(`
    select s.message_id as "messageId" from statements s
    where s.reseller_id = :id or exists (select 1 from statement_lines l where l.statement_id = s.id and l.customer_id = :id)
    order by s.id`)).map((r) => r.messageId) : [];

  const texts: TextCell[] = [];
  if (patterns.length > 0) {
    for (const { table, column, key, where } of TEXT_COLUMNS) {
      const rows = await select<{ id: string; text: string }>(`
        select ${key}::text as id, ${column} as text from ${table} where ${mentioning(column)}${where ? ` and ${where}` : ''}`, { patterns });
      texts.push(...rows.map((r) => ({ table, column, id: r.id, text: r.text })));
    }
  }

  for (const { table, column, org, user } of OWN_TEXTS) {
    const rows = await select<{ id: string; text: string }>(`
      select id::text as id, ${column} as text from ${table} where ${subject.kind === 'org' ? org : user} and ${column} is not null order by id`);
    texts.push(...rows.map((r) => ({ table, column, id: r.id, text: r.text, own: true })));
  }

  // A delivery's payload is a copy of a row as it was (a license, an organization): it goes with the subject.
  const webhookDeliveryIds = (await select<{ id: number }>(`
    select id from webhook_deliveries d where ${orgOnly('d.organization_id = :id or d.endpoint_id in (select id from webhook_endpoints where organization_id = :id)')}
      or ${mentioning('d.payload::text')} order by id`, { patterns })).map((r) => Number(r.id));

  return {
    kind: subject.kind,
    organization: organization ?? null,
    users,
    membershipIds,
    sessions,
    auditEvents,
    licenses,
    customPropertyValueIds,
    invitations,
    statements,
    statementLines,
    texts,
    statementMessageIds,
    outboxFiles: await outboxMails(outboxDir),
    webhookDeliveryIds,
  };
}

async function outboxMails(outboxDir: string): Promise<Array<{ name: string; text: string }>> {
  const names = await fs.readdir(outboxDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const mails = names.filter((name) => name.endsWith('.eml')).sort();
  return Promise.all(mails.map(async (name) => ({ name, text: await fs.readFile(path.join(outboxDir, name), 'utf8') })));
}

export function outboxDir(dataDir: string): string {
  return path.join(dataDir, 'outbox');
}
