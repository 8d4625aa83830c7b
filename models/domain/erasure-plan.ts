/**
 * What an erasure does to one data subject, decided from what the database holds about it: which
 * rows are deleted, which are pseudonymized (and to what), which billing records are restricted
 * until when. Pure: the worker gathers the holdings, applies the plan in one transaction and files
 * the plan's summary as the certificate.
 */
import { createHash } from 'node:crypto';
import { addMonthsClamped, type IsoDate } from '../../reports/calendar.ts';

export type SubjectKind = 'org' | 'user';
export type RetainedRecordType = 'statements' | 'statement_lines';

export interface OrganizationHolding {
  id: number;
  ref: string | null;
  name: string;
  customerNumber: string | null;
  dataPolicy: 'pseudonymous' | 'full';
  contactEmail: string | null;
  billingEmail: string | null;
  street: string | null;
  zip: string | null;
  city: string | null;
  country: string | null;
  supportContact: string | null;
  hasLogo: boolean;
}

export interface UserHolding {
  id: number;
  email: string;
  name: string | null;
  /** Every organization the user is a member of. */
  membershipOrgIds: number[];
}

/**
 * A free-text cell that mentions the subject (found by the gatherer with `personalStrings`), or,
 * with `own`, a text that is the subject's own: what it wrote or was answered in its offer and
 * support requests, removed whole whatever it says.
 */
export interface TextCell {
  table: string;
  column: string;
  id: number | string;
  text: string;
  own?: boolean;
}

/** What stands in place of a text removed whole (the columns require a text). */
export const ERASED_TEXT = '[erased under the GDPR]';

export interface RetainableRow {
  id: number;
  issuedOn: IsoDate;
  /** Already restricted (by an earlier erasure): its retention end stays as it is. */
  retainUntil: IsoDate | null;
}

export interface SubjectHoldings {
  kind: SubjectKind;
  /** The organization itself when the subject is an organization. */
  organization: OrganizationHolding | null;
  /** Org subject: the organization's members; user subject: the person. */
  users: UserHolding[];
  /** Org subject: memberships in the organization; user subject: all of the person's memberships. */
  membershipIds: number[];
  sessions: Array<{ sid: string; userId: number | null; email: string | null }>;
  auditEvents: Array<{ id: string; userId: number | null; details: unknown }>;
  /** Org subject: the organization's licenses; any subject: licenses whose device text mentions it. */
  licenses: Array<{ id: number; organizationId: number; device: string | null }>;
  customPropertyValueIds: number[];
  /** Org subject: invitations into the organization; any subject: invitations to its people's addresses. */
  invitations: Array<{ id: number; organizationId: number; email: string }>;
  /** Statements issued to the organization as a reseller. */
  statements: RetainableRow[];
  /** Lines naming the organization as customer, and the lines of its own statements. */
  statementLines: RetainableRow[];
  texts: TextCell[];
  /** Message ids of the statement mails whose attachment names the subject (its statements and lines). */
  statementMessageIds: string[];
  outboxFiles: Array<{ name: string; text: string }>;
  /** Webhook deliveries (sent or waiting) of the organization subject's endpoints, or whose payload mentions the subject: copies of its data. */
  webhookDeliveryIds: number[];
}

export interface RetentionRule { years: number; legalBasis: string }

export interface PlanInput {
  holdings: SubjectHoldings;
  pseudonym: string;
  retention: Record<RetainedRecordType, RetentionRule>;
}

export interface RetainedSummary { recordType: RetainedRecordType; count: number; retainUntil: IsoDate; legalBasis: string }

export interface ErasurePlan {
  deleteUserIds: number[];
  deleteMembershipIds: number[];
  deleteSessionIds: string[];
  deleteCustomPropertyValueIds: number[];
  deleteInvitationIds: number[];
  deleteOutboxFiles: string[];
  deleteWebhookDeliveryIds: number[];
  /** Only the organization columns that change. */
  organization: { id: number; values: Record<string, unknown> } | null;
  auditEvents: Array<{ id: string; details: unknown; unlinkUser: boolean }>;
  licenses: Array<{ id: number; device: string | null }>;
  texts: TextCell[];
  restrict: Array<{ table: RetainedRecordType; id: number; retainUntil: IsoDate }>;
  summary: {
    deleted: Record<string, number>;
    pseudonymized: Record<string, number>;
    retained: RetainedSummary[];
  };
}

/** Salted SHA-256 of the subject's key (`org:<ref>` or `user:<email>`): verifiable with the salt, not reversible. */
export function subjectHash(salt: string, kind: SubjectKind, key: string): string {
  return createHash('sha256').update(`${salt}\n${kind}:${key.trim().toLowerCase()}`).digest('hex');
}

/** Stable for a subject, so licenses and the channel's numbers stay attached to the same name. */
export function pseudonymFor(hash: string): string {
  return `erased-${hash.slice(0, 12)}`;
}

// Shorter strings (a zip code, "Ulm") would also match unrelated text; they are only removed where they stand.
const MIN_SCRUB_LENGTH = 4;

/** The strings that identify the subject in free text: names, e-mail addresses, street, contact. */
export function personalStrings(holdings: Pick<SubjectHoldings, 'kind' | 'organization' | 'users'>): string[] {
  const org = holdings.organization;
  const people = holdings.kind === 'user' ? holdings.users : erasedMembers(holdings);
  const values = [
    org?.name, org?.contactEmail, org?.billingEmail, org?.street, org?.supportContact,
    ...people.flatMap((u) => [u.email, u.name]),
  ];
  const strings = values.map((v) => v?.trim() ?? '').filter((v) => v.length >= MIN_SCRUB_LENGTH);
  return [...new Set(strings)].sort((a, b) => b.length - a.length);
}

/** Members of an organization subject who belong to nothing else: they go with it. */
function erasedMembers(holdings: Pick<SubjectHoldings, 'kind' | 'organization' | 'users'>): UserHolding[] {
  if (holdings.kind === 'user') return holdings.users;
  const orgId = holdings.organization?.id;
  return holdings.users.filter((u) => u.membershipOrgIds.length > 0 && u.membershipOrgIds.every((id) => id === orgId));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function scrubText(text: string, strings: string[], pseudonym: string): string {
  if (strings.length === 0) return text;
  return text.replace(new RegExp(strings.map(escapeRegExp).join('|'), 'gi'), pseudonym);
}

/** Scrubs every string (keys included) inside a JSON value. */
export function scrubJson(value: unknown, strings: string[], pseudonym: string): unknown {
  if (typeof value === 'string') return scrubText(value, strings, pseudonym);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, strings, pseudonym));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubText(k, strings, pseudonym), scrubJson(v, strings, pseudonym)]));
  }
  return value;
}

const mentions = (text: string, strings: string[]) => strings.some((s) => text.toLowerCase().includes(s.toLowerCase()));

/**
 * The organization's personal columns are cleared and its name becomes the pseudonym. Its ref and
 * customer number stay: they are the pseudonymous keys the channel, the ERP and the retained
 * statement lines use, unless they themselves spell out something personal.
 */
function pseudonymizedOrganization(org: OrganizationHolding, strings: string[], pseudonym: string): Record<string, unknown> {
  const target: Record<string, unknown> = {
    name: pseudonym, dataPolicy: 'pseudonymous', contactEmail: null, billingEmail: null,
    street: null, zip: null, city: null, country: null, supportContact: null,
  };
  if (org.ref && mentions(org.ref, strings)) target.ref = pseudonym;
  if (org.customerNumber && mentions(org.customerNumber, strings)) target.customerNumber = pseudonym;
  const current = org as unknown as Record<string, unknown>;
  const changes = Object.fromEntries(Object.entries(target).filter(([k, v]) => current[k] !== v));
  if (org.hasLogo) Object.assign(changes, { logo: null, logoContentType: null });
  return changes;
}

function retentionEnd(issuedOn: IsoDate, rule: RetentionRule): IsoDate {
  return addMonthsClamped(issuedOn, rule.years * 12);
}

function retained(rows: RetainableRow[], table: RetainedRecordType, rule: RetentionRule) {
  const ends = rows.map((row) => ({ row, retainUntil: row.retainUntil ?? retentionEnd(row.issuedOn, rule) }));
  const restrict = ends.filter((e) => e.row.retainUntil === null).map((e) => ({ table, id: e.row.id, retainUntil: e.retainUntil }));
  const summary: RetainedSummary[] = ends.length === 0 ? [] : [{
    recordType: table, count: ends.length, legalBasis: rule.legalBasis,
    retainUntil: ends.map((e) => e.retainUntil).sort().at(-1)!,
  }];
  return { restrict, summary };
}

export function planErasure({ holdings, pseudonym, retention }: PlanInput): ErasurePlan {
  const strings = personalStrings(holdings);
  const members = erasedMembers(holdings);
  const deleteUserIds = members.map((u) => u.id);
  const erasedEmails = new Set(members.map((u) => u.email.toLowerCase()));
  const deleteSessionIds = holdings.sessions
    .filter((s) => (s.userId !== null && deleteUserIds.includes(s.userId)) || (s.email !== null && erasedEmails.has(s.email.toLowerCase())))
    .map((s) => s.sid);

  const auditEvents = holdings.auditEvents.flatMap((event) => {
    const details = scrubJson(event.details, strings, pseudonym);
    const unlinkUser = event.userId !== null && deleteUserIds.includes(event.userId);
    const changed = unlinkUser || JSON.stringify(details) !== JSON.stringify(event.details);
    return changed ? [{ id: event.id, details, unlinkUser }] : [];
  });

  const subjectOrgId = holdings.kind === 'org' ? holdings.organization?.id : undefined;
  // A device name of the subject's own licenses is free text about its machines; elsewhere only mentions go.
  const licenses = holdings.licenses.flatMap((license) => {
    if (license.device === null) return [];
    const device = license.organizationId === subjectOrgId && !license.device.startsWith(`${pseudonym}-device-`)
      ? `${pseudonym}-device-${license.id}`
      : scrubText(license.device, strings, pseudonym);
    return device === license.device ? [] : [{ id: license.id, device }];
  });

  // A cell found both as a mention and as the subject's own is removed whole.
  const cells = new Map<string, TextCell>();
  for (const cell of holdings.texts) {
    const key = `${cell.table}.${cell.column}#${cell.id}`;
    if (!cells.get(key)?.own) cells.set(key, cell);
  }
  const texts = [...cells.values()]
    .map((cell) => ({ cell, text: cell.own ? ERASED_TEXT : scrubText(cell.text, strings, pseudonym) }))
    .filter(({ cell, text }) => text !== cell.text)
    .map(({ cell, text }) => ({ ...cell, text }));
  const requestTexts = texts.filter((cell) => cell.own).length;

  const erasedAddresses = [...erasedEmails, holdings.organization?.contactEmail, holdings.organization?.billingEmail]
    .filter((e): e is string => Boolean(e)).map((e) => e.toLowerCase());
  // A statement mail's PDF is compressed inside base64, so it is recognised by its message id.
  const deleteOutboxFiles = holdings.outboxFiles
    .filter((file) => erasedAddresses.some((address) => file.text.toLowerCase().includes(address))
      || holdings.statementMessageIds.some((id) => file.text.includes(id)))
    .map((file) => file.name);

  const organizationValues = holdings.organization ? pseudonymizedOrganization(holdings.organization, strings, pseudonym) : {};
  const organization = holdings.organization && Object.keys(organizationValues).length > 0
    ? { id: holdings.organization.id, values: organizationValues } : null;

  // An invitation names a person by e-mail: it goes with its organization and with the erased people.
  const deleteInvitationIds = holdings.invitations
    .filter((i) => i.organizationId === subjectOrgId || erasedEmails.has(i.email.toLowerCase())).map((i) => i.id);

  const statements = retained(holdings.statements, 'statements', retention.statements);
  const lines = retained(holdings.statementLines, 'statement_lines', retention.statement_lines);

  return {
    deleteUserIds,
    deleteMembershipIds: holdings.membershipIds,
    deleteSessionIds,
    deleteCustomPropertyValueIds: holdings.customPropertyValueIds,
    deleteInvitationIds,
    deleteOutboxFiles,
    deleteWebhookDeliveryIds: holdings.webhookDeliveryIds,
    organization,
    auditEvents,
    licenses,
    texts,
    restrict: [...statements.restrict, ...lines.restrict],
    summary: {
      deleted: {
        users: deleteUserIds.length,
        memberships: holdings.membershipIds.length,
        sessions: deleteSessionIds.length,
        customPropertyValues: holdings.customPropertyValueIds.length,
        invitations: deleteInvitationIds.length,
        outboxMails: deleteOutboxFiles.length,
        requestTexts,
        webhookDeliveries: holdings.webhookDeliveryIds.length,
      },
      pseudonymized: {
        organizations: organization ? 1 : 0,
        auditEvents: auditEvents.length,
        licenseDevices: licenses.length,
        freeTexts: texts.length - requestTexts,
      },
      retained: [...statements.summary, ...lines.summary],
    },
  };
}
