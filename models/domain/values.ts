/**
 * The value lists of the portal, defined once: the panel's select boxes and exact filters, the
 * services' input checks and the database's check constraints (migrations) all use these.
 */
import { VIEWS } from '../organization.ts';
import { ROLES } from './roles.ts';
import { PROPERTY_TYPES } from '../custom-property.ts';
import type { ResourceId } from './policy.ts';

export const LICENSE_KINDS = ['full', 'demo', 'subscription', 'nfr', 'alm'] as const;
export type LicenseKind = typeof LICENSE_KINDS[number];
export const LICENSE_STATUSES = ['inactive', 'active', 'recalled', 'expired', 'destroyed'] as const;
export const TICKET_STATUSES = ['open', 'assigned', 'redeemed'] as const;
export const BILLING_INTERVALS = ['month', 'year'] as const;
export const CANCEL_REASONS = ['reversal', 'exchange'] as const;
export type CancelReason = typeof CANCEL_REASONS[number];
export const DATA_POLICIES = ['pseudonymous', 'full'] as const;
export const STATEMENT_MODES = ['prorated', 'cutoff'] as const;
export const LOCALES = ['de', 'en'] as const;
/** What a webhook endpoint may subscribe to (services/webhook-outbox.ts derives them from the audit trail). */
export const WEBHOOK_EVENTS = ['license.created', 'license.changed', 'license.deleted', 'subscription.changed', 'subscription.deleted', 'statement.issued'] as const;
export type WebhookEvent = typeof WEBHOOK_EVENTS[number];
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
/** The license report's file formats (services/license-report.ts). */
export const REPORT_FORMATS = ['csv', 'pdf'] as const;
export type ReportFormat = typeof REPORT_FORMATS[number];
/** An API token's role ceiling: `read-only` acts as a guest, `member` as a member (never an admin). */
export const API_TOKEN_ROLES = ['read-only', 'member'] as const;
export type ApiTokenRole = typeof API_TOKEN_ROLES[number];

/** Per resource, the fields that hold one of a fixed list of values. */
export const FIELD_VALUES: Partial<Record<ResourceId, Record<string, readonly string[]>>> = {
  organizations: { views: VIEWS, dataPolicy: DATA_POLICIES, statementMode: STATEMENT_MODES, locale: LOCALES },
  users: { locale: LOCALES, role: ROLES },
  memberships: { role: ROLES },
  articles: { kind: LICENSE_KINDS, interval: BILLING_INTERVALS },
  product_groups: { articleKinds: LICENSE_KINDS },
  product_group_grants: { articleKinds: LICENSE_KINDS },
  licenses: { kind: LICENSE_KINDS, status: LICENSE_STATUSES },
  tickets: { status: TICKET_STATUSES },
  subscriptions: { interval: BILLING_INTERVALS, cancelReason: CANCEL_REASONS },
  statements: { mode: STATEMENT_MODES, mailStatus: ['pending', 'sent', 'failed', 'no_address'] },
  statement_lines: { lineType: ['charge', 'adjustment'] },
  statement_runs: { status: ['running', 'done', 'failed'], trigger: ['schedule', 'cli', 'panel'] },
  erasure_requests: { status: ['requested', 'approved', 'executed', 'rejected'], subjectKind: ['org', 'user'] },
  custom_property_definitions: { type: PROPERTY_TYPES },
  invitations: { role: ROLES },
  webhook_endpoints: { events: WEBHOOK_EVENTS },
  webhook_deliveries: { event: WEBHOOK_EVENTS, status: WEBHOOK_DELIVERY_STATUSES },
  api_tokens: { role: API_TOKEN_ROLES, view: VIEWS },
};
