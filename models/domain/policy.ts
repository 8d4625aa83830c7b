/**
 * The one access policy: what each role in each view may see and do. Pure data and functions,
 * asked by the panel (resources, actions, sidebar), the scoped data layer and the CLI.
 */
import { roleAtLeast, mayGrantRole, isRole, type Role } from './roles.ts';
import { invitationProblems } from './invitation-rules.ts';
import { mayDelete, writableFields, type WriteMode } from './field-rules.ts';
import { msg, type Message } from '../../templates/messages.ts';

export const CHANNEL_VIEWS = ['distributor', 'reseller', 'service_provider', 'system_integrator', 'partner'] as const;
export type View = 'vendor' | 'dpo' | 'customer' | typeof CHANNEL_VIEWS[number];

/**
 * A customer organization: the customer view and no channel view of its own. It carries no billing
 * address: its billing goes to the channel organization above it (Enginsight).
 */
export function isCustomerOrganization(views: unknown): boolean {
  const list = Array.isArray(views) ? views.map(String) : [];
  return list.includes('customer') && !list.some((view) => (CHANNEL_VIEWS as readonly string[]).includes(view));
}

export const RESOURCES = [
  'organizations', 'users', 'memberships', 'articles', 'product_groups', 'product_group_grants',
  'software_releases', 'tickets', 'licenses', 'subscriptions', 'audit_events',
  'statements', 'statement_lines', 'statement_runs',
  'erasure_requests', 'erasure_certificates', 'custom_property_definitions', 'custom_property_values',
  'invitations', 'offer_requests', 'support_messages', 'reseller_prices', 'webhook_endpoints', 'webhook_deliveries', 'api_tokens',
] as const;
export type ResourceId = typeof RESOURCES[number];

export const LICENSE_OPERATIONS = ['activate', 'transfer', 'restore', 'destroy'] as const;
export type LicenseOperation = typeof LICENSE_OPERATIONS[number];
/**
 * Operations on a license that do not change its binding: `drawFreeKey` hands out a free
 * additional key of an ALM license within the partner's quota (services/free-keys.ts); `history`
 * reads the license's audit entries.
 */
export const LICENSE_KEY_OPERATIONS = ['drawFreeKey'] as const;
export type LicenseKeyOperation = typeof LICENSE_KEY_OPERATIONS[number];
/**
 * `extendRuntime`: a license's expiry moved on (rules: license-runtime.ts) by vendor staff, and by a
 * reseller for its customers' licenses inside its frame (runtimeExtensionAllowed).
 */
export const LICENSE_RUNTIME_OPERATIONS = ['extendRuntime'] as const;
export type LicenseRuntimeOperation = typeof LICENSE_RUNTIME_OPERATIONS[number];
/** `download`: a statement's PDF/CSV (prices, so not for the DPO); `resend`: mail it again (vendor staff). */
export const STATEMENT_OPERATIONS = ['download', 'resend'] as const;
export type StatementOperation = typeof STATEMENT_OPERATIONS[number];
/** The DPO's steps on an erasure request; `export`: everything held on a subject (Art. 15). */
export const ERASURE_OPERATIONS = ['approve', 'reject', 'execute', 'export'] as const;
export type ErasureOperation = typeof ERASURE_OPERATIONS[number];
/** Terminating stops the renewal; cancelling (reversal or exchange) ends it and recalls its license. */
export const SUBSCRIPTION_OPERATIONS = ['terminate', 'cancel'] as const;
export type SubscriptionOperation = typeof SUBSCRIPTION_OPERATIONS[number];
/**
 * A ticket (voucher code) changes only through these (rules: ticket-rules.ts): vendor staff
 * `generate` a pool for a channel organization, the holder `passDown`s tickets to an organization
 * below it or `assign`s one to its user, who (or an admin) `redeem`s it into a license.
 */
export const TICKET_OPERATIONS = ['generate', 'passDown', 'assign', 'redeem'] as const;
export type TicketOperation = typeof TICKET_OPERATIONS[number];
/**
 * Requests on a license (services/license-requests.ts): `requestOffer` (a non-binding service offer,
 * mailed to vendor sales) and `requestSupport` (a support thread with the nearest organization above
 * with a support contact, else the vendor) on `licenses`; vendor staff `answer` an offer request;
 * both sides of a support thread `reply`.
 */
export const REQUEST_OPERATIONS = ['requestOffer', 'requestSupport', 'answer', 'reply'] as const;
export type RequestOperation = typeof REQUEST_OPERATIONS[number];
/**
 * REST API tokens (services/api-tokens.ts) are an organization admin's: created (the token shown
 * once) and `revoke`d, never edited or deleted (the audit trail names them).
 */
export const API_TOKEN_OPERATIONS = ['revoke'] as const;
export type ApiTokenOperation = typeof API_TOKEN_OPERATIONS[number];
/** `import`: the ERP import, which writes organizations, users, articles, subscriptions and ticket pools at once. */
export type Operation = 'read' | 'create' | 'update' | 'delete' | 'import' | LicenseOperation | LicenseKeyOperation | LicenseRuntimeOperation | StatementOperation | ErasureOperation | SubscriptionOperation | TicketOperation | RequestOperation | ApiTokenOperation;

export interface Actor {
  userId: number;
  organizationId: number;
  view: View;
  role: Role;
  /**
   * True when the role comes from a membership in an organization above (a channel user acting in
   * its customer's context): such a user works on the customer's behalf but does not hold the
   * customer's own view there (see licenseOperationAllowed).
   */
  inherited?: boolean;
  /** The portal itself (CLI, jobs): acts with a vendor admin's rights and is recorded without a user. */
  system?: boolean;
  /**
   * The REST API token this actor is (services/api-tokens.ts tokenActor): its organization's view
   * with the token's role; recorded in the audit trail instead of a user.
   */
  apiTokenId?: number;
}

/** The user acting in person, or null: the portal itself and an API token act for no user. */
export function personOf(actor: Actor): number | null {
  return actor.system || actor.apiTokenId !== undefined ? null : actor.userId;
}

/** Which rows of a resource an actor reaches; `orgs` means the actor's organization and everything below it. */
export type RowScope =
  | { kind: 'all' }
  | { kind: 'orgs'; columns: string[] }
  | { kind: 'members-of-orgs' }
  /** Rows whose `column` is a product group granted to the actor's own organization (its frame). */
  | { kind: 'granted-groups'; column: string }
  /**
   * Rows whose `column` is an article the actor's organizations hold (a license, a ticket, a
   * subscription as its customer) or, with `of: 'product-group'`, the product group of such an article.
   */
  | { kind: 'held'; column: string; of: 'article' | 'product-group' }
  /** Custom property values of the actor's organizations whose definition is marked visible to the customer. */
  | { kind: 'shared-properties' }
  /** Rows whose `column` points at a row of `table` whose `orgColumn` is one of the actor's organizations. */
  | { kind: 'via'; column: string; table: string; orgColumn: string };

interface Rule {
  scope: RowScope;
  /** Least role that may create/update/delete; null: read only in this view. */
  write: Role | null;
  /** Fields this view never receives, in any response. */
  hidden?: string[];
}

const ORG_ROWS: RowScope = { kind: 'orgs', columns: ['id'] };
const OWN_ORG_ROWS: RowScope = { kind: 'orgs', columns: ['organizationId'] };
const BILLING_ORG_FIELDS = ['billingEmail', 'statementMode'];
const PRICE_FIELDS = ['priceCents', 'currency'];
const ALWAYS_HIDDEN: Partial<Record<ResourceId, string[]>> = {
  users: ['passwordHash'], organizations: ['logo'], invitations: ['tokenHash'], webhook_endpoints: ['secretSealed'],
  // The rate-limit window is the API's bookkeeping, not something to show.
  api_tokens: ['tokenHash', 'windowStartedAt', 'windowCount'],
};
/** An organization's API tokens, read and managed by its admins (and the admins above, as everywhere; can()). */
const API_TOKEN_RULE: Rule = { scope: OWN_ORG_ROWS, write: 'admin' };

/**
 * Offer requests are read by the requesting organization (and those above it); a support thread by
 * both sides: the license holder and the organization handling it (and those above each). Written
 * only through the request operations, never by new/edit/delete.
 */
const REQUEST_RULES: Partial<Record<ResourceId, Rule>> = {
  offer_requests: { scope: OWN_ORG_ROWS, write: null },
  support_messages: { scope: { kind: 'orgs', columns: ['organizationId', 'handlerOrganizationId'] }, write: null },
};

/**
 * Every organization's admin registers webhook endpoints for its own organization (or one below);
 * the deliveries (outbox rows: status, attempts, last error) are read in the endpoint's
 * organization and above, and written by the worker only (services/webhook-delivery.ts).
 */
const WEBHOOK_RULES: Partial<Record<ResourceId, Rule>> = {
  webhook_endpoints: { scope: OWN_ORG_ROWS, write: 'admin' },
  webhook_deliveries: { scope: OWN_ORG_ROWS, write: null },
};

// A channel organization sees the catalog of the product groups granted to it (its frame).
const channel: Partial<Record<ResourceId, Rule>> = {
  organizations: { scope: ORG_ROWS, write: 'admin' },
  users: { scope: { kind: 'members-of-orgs' }, write: 'admin' },
  memberships: { scope: OWN_ORG_ROWS, write: 'admin' },
  articles: { scope: { kind: 'granted-groups', column: 'productGroupId' }, write: null },
  product_groups: { scope: { kind: 'granted-groups', column: 'id' }, write: null },
  product_group_grants: { scope: OWN_ORG_ROWS, write: null },
  software_releases: { scope: { kind: 'granted-groups', column: 'productGroupId' }, write: null },
  tickets: { scope: OWN_ORG_ROWS, write: 'member' },
  licenses: { scope: OWN_ORG_ROWS, write: 'member' },
  subscriptions: { scope: { kind: 'orgs', columns: ['resellerId', 'customerId'] }, write: 'member' },
  audit_events: { scope: OWN_ORG_ROWS, write: null },
  // Admins invite people into their organizations; members and guests see who is invited, as they see the members.
  invitations: { scope: OWN_ORG_ROWS, write: 'admin' },
  api_tokens: API_TOKEN_RULE,
  ...REQUEST_RULES,
  ...WEBHOOK_RULES,
};

// Statements go to the reseller billed and to the distributor supplying it; never to customers,
// service providers, integrators or partners (billing stays with the channel that is invoiced).
const STATEMENT_RULES: Partial<Record<ResourceId, Rule>> = {
  // runId points at the vendor's run log, which these views do not read.
  statements: { scope: { kind: 'orgs', columns: ['resellerId'] }, write: null, hidden: ['runId'] },
  statement_lines: { scope: { kind: 'via', column: 'statementId', table: 'statements', orgColumn: 'reseller_id' }, write: null },
  // The prices the vendor set for a reseller are what its statements charge: read by those who read
  // the statements (the reseller, its distributor), set by vendor admins only (field-rules.ts).
  reseller_prices: { scope: { kind: 'orgs', columns: ['resellerId'] }, write: null },
};

// Issued statements never change and runs are the worker's record: read only, even for the vendor.
const READ_ONLY_FOR_VENDOR: ResourceId[] = ['audit_events', 'statements', 'statement_lines', 'statement_runs'];

/** Rows the GDPR erasure restricted (restricted_at set): kept for the law, shown to the DPO only. */
const RESTRICTABLE: ResourceId[] = ['statements', 'statement_lines'];

// A partner (any channel organization) defines typed properties and fills them in on its customers;
// the customers read their own values.
const PROPERTY_RULES: Partial<Record<ResourceId, Rule>> = {
  custom_property_definitions: { scope: OWN_ORG_ROWS, write: 'admin' },
  custom_property_values: { scope: OWN_ORG_ROWS, write: 'admin' },
};

/** Erasure requests and certificates are the DPO's; vendor staff follow a request's status, not whom it concerns. */
const ERASURE_RESOURCES: ResourceId[] = ['erasure_requests', 'erasure_certificates'];
const ERASURE_DETAIL_FIELDS = ['subjectId', 'subjectLabel', 'reason', 'subjectHash', 'pseudonym'];


const RULES: Record<View, Partial<Record<ResourceId, Rule>>> = {
  vendor: {
    ...Object.fromEntries(RESOURCES.filter((id) => !ERASURE_RESOURCES.includes(id))
      .map((id) => [id, { scope: { kind: 'all' }, write: READ_ONLY_FOR_VENDOR.includes(id) ? null : 'member' }])),
    erasure_requests: { scope: { kind: 'all' }, write: null, hidden: ERASURE_DETAIL_FIELDS },
    // Inviting is managing members, an admin's task in every organization, the vendor's included.
    invitations: { scope: { kind: 'all' }, write: 'admin' },
    // Vendor sales read every offer request and answer it; vendor support every thread.
    offer_requests: { scope: { kind: 'all' }, write: null },
    support_messages: { scope: { kind: 'all' }, write: null },
    webhook_endpoints: { scope: { kind: 'all' }, write: 'admin' },
    webhook_deliveries: { scope: { kind: 'all' }, write: null },
  },
  dpo: {
    organizations: { scope: { kind: 'all' }, write: null, hidden: BILLING_ORG_FIELDS },
    users: { scope: { kind: 'all' }, write: null },
    memberships: { scope: { kind: 'all' }, write: null },
    articles: { scope: { kind: 'all' }, write: null, hidden: PRICE_FIELDS },
    licenses: { scope: { kind: 'all' }, write: null },
    tickets: { scope: { kind: 'all' }, write: null },
    subscriptions: { scope: { kind: 'all' }, write: null, hidden: ['unitPriceCents'] },
    audit_events: { scope: { kind: 'all' }, write: null },
    statements: { scope: { kind: 'all' }, write: null, hidden: ['totalCents', 'runId'] },
    statement_lines: { scope: { kind: 'all' }, write: null, hidden: ['unitPriceCents', 'amountCents'] },
    custom_property_definitions: { scope: { kind: 'all' }, write: null },
    custom_property_values: { scope: { kind: 'all' }, write: null },
    erasure_requests: { scope: { kind: 'all' }, write: 'member' },
    erasure_certificates: { scope: { kind: 'all' }, write: null },
    invitations: { scope: { kind: 'all' }, write: null },
  },
  // A distributor passes product groups on to the resellers below it, at most as it holds them
  // (field rules and services/grants.ts; it changes only the grants it gave, row-rules.ts).
  distributor: { ...channel, ...STATEMENT_RULES, ...PROPERTY_RULES, product_group_grants: { scope: OWN_ORG_ROWS, write: 'admin' } },
  reseller: { ...channel, ...STATEMENT_RULES, ...PROPERTY_RULES },
  service_provider: { ...channel, ...PROPERTY_RULES },
  system_integrator: { ...channel, ...PROPERTY_RULES },
  // A partner manages its linked customers' organizations and people, not their licenses.
  partner: {
    ...channel, ...PROPERTY_RULES,
    tickets: { ...channel.tickets!, write: null },
    licenses: { ...channel.licenses!, write: null },
    subscriptions: { ...channel.subscriptions!, write: null },
  },
  customer: {
    organizations: { scope: ORG_ROWS, write: 'admin', hidden: BILLING_ORG_FIELDS },
    users: { scope: { kind: 'members-of-orgs' }, write: 'admin' },
    memberships: { scope: OWN_ORG_ROWS, write: 'admin' },
    // A customer sees the articles it holds and the releases of their product groups.
    articles: { scope: { kind: 'held', column: 'id', of: 'article' }, write: null, hidden: PRICE_FIELDS },
    software_releases: { scope: { kind: 'held', column: 'productGroupId', of: 'product-group' }, write: null },
    // The pool reference is the ERP's order number with the channel: billing, not the customer's.
    tickets: { scope: OWN_ORG_ROWS, write: 'member', hidden: ['poolRef'] },
    licenses: { scope: OWN_ORG_ROWS, write: null },
    audit_events: { scope: OWN_ORG_ROWS, write: null },
    invitations: { scope: OWN_ORG_ROWS, write: 'admin' },
    api_tokens: API_TOKEN_RULE,
    ...REQUEST_RULES,
    ...WEBHOOK_RULES,
    // A customer reads its own values of the properties its partner marked visible to it (services/property-columns.ts).
    custom_property_values: { scope: { kind: 'shared-properties' }, write: null },
  },
};

/** Feature matrix (DOMAIN.md, ThinPrint): who may activate, transfer, restore and destroy license keys. */
const LICENSE_OPERATION_VIEWS: Record<LicenseOperation, View[]> = {
  activate: ['vendor', 'customer', 'system_integrator', 'service_provider'],
  transfer: ['vendor', 'customer', 'system_integrator', 'service_provider'],
  restore: ['vendor', 'customer', 'system_integrator', 'service_provider'],
  destroy: ['vendor', 'customer', 'system_integrator', 'service_provider'],
};

/**
 * Feature matrix: retrieving free additional license keys is the customer's, the system
 * integrator's (both only where ALM licenses were bought: the key is drawn from an ALM license) and
 * the service provider's; not the reseller's, distributor's or partner's, and not vendor staff's
 * (they issue licenses directly).
 */
const LICENSE_KEY_OPERATION_VIEWS: Record<LicenseKeyOperation, View[]> = {
  drawFreeKey: ['customer', 'system_integrator', 'service_provider'],
};

/** Runtime extension: vendor staff set the frames and extend anywhere; a reseller acts inside its frame for its customers. */
const LICENSE_RUNTIME_OPERATION_VIEWS: Record<LicenseRuntimeOperation, View[]> = {
  extendRuntime: ['vendor', 'reseller'],
};

/**
 * Feature matrix (DOMAIN.md, ThinPrint): every view downloads software (a release `download`, on
 * the releases it sees: a channel organization those of its granted groups, a customer those of
 * what it holds), guests too, as reading; the DPO reads no catalog.
 */
const RELEASE_DOWNLOAD_VIEWS: View[] = ['vendor', 'customer', ...CHANNEL_VIEWS];

/**
 * Which views run the ticket operations (a member at least; the holder acts on its own pool,
 * ticket-rules.ts). Generating is the vendor's; a customer has nothing below it to pass down to; a
 * partner manages its customers' people, not their licenses; vendor staff hand tickets on and
 * assign them anywhere but redeem none (they create licenses directly).
 */
const TICKET_OPERATION_VIEWS: Record<TicketOperation, View[]> = {
  generate: ['vendor'],
  passDown: ['vendor', 'distributor', 'reseller', 'service_provider', 'system_integrator'],
  assign: ['vendor', 'distributor', 'reseller', 'service_provider', 'system_integrator', 'customer'],
  redeem: ['distributor', 'reseller', 'service_provider', 'system_integrator', 'customer'],
};

/**
 * Feature matrix (DOMAIN.md, ThinPrint): a non-binding service offer for every view but the partner;
 * a support request by the views holding license keys (the holder's own organization, see
 * requestAllowed); the answer to an offer is vendor sales'; a support thread is replied to by
 * either side (the handler may be a partner with a support contact).
 */
const REQUEST_OPERATION_VIEWS: Record<RequestOperation, View[]> = {
  requestOffer: ['customer', 'system_integrator', 'service_provider', 'reseller', 'distributor'],
  requestSupport: ['customer', 'system_integrator', 'service_provider', 'reseller', 'distributor'],
  answer: ['vendor'],
  reply: ['vendor', 'distributor', 'reseller', 'service_provider', 'system_integrator', 'partner', 'customer'],
};
const REQUEST_OPERATION_RESOURCE: Record<RequestOperation, ResourceId> = {
  requestOffer: 'licenses', requestSupport: 'licenses', answer: 'offer_requests', reply: 'support_messages',
};

/** Which organization kinds a view may create below itself. */
const CREATABLE_VIEWS: Partial<Record<View, string[]>> = {
  vendor: ['distributor', 'reseller', 'service_provider', 'system_integrator', 'partner', 'customer'],
  distributor: ['reseller', 'customer'],
  reseller: ['customer'],
  service_provider: ['customer'],
  system_integrator: ['customer'],
  partner: ['customer'],
};

/**
 * What a creator has no choice in: a view that creates only customer organizations (every channel
 * view but the distributor) makes customers, below itself. Its service fills these in when the
 * input leaves them out (services/customer-trials.ts) and its form does not ask for them
 * (admin/form-fields.ts); sent, they are checked like any value (checkWrite).
 */
export function filledOnCreate(actor: Actor, resource: ResourceId): Record<string, unknown> {
  const creatable = CREATABLE_VIEWS[actor.view];
  if (resource !== 'organizations' || actor.view === 'vendor' || creatable?.length !== 1) return {};
  return { views: [...creatable], parentId: actor.organizationId };
}

function rule(actor: Actor, resource: ResourceId): Rule | undefined {
  return RULES[actor.view]?.[resource];
}

export function rowScope(actor: Actor, resource: ResourceId): RowScope | null {
  return rule(actor, resource)?.scope ?? null;
}

export function hidesRestricted(actor: Actor, resource: ResourceId): boolean {
  return RESTRICTABLE.includes(resource) && actor.view !== 'dpo';
}

export function hiddenFields(actor: Actor, resource: ResourceId): string[] {
  return [...(ALWAYS_HIDDEN[resource] ?? []), ...(rule(actor, resource)?.hidden ?? [])];
}

export function can(actor: Actor, resource: ResourceId, operation: Operation): boolean {
  const r = rule(actor, resource);
  if (!r) return false;
  // Tokens carry an organization's data out: only its admins see, create and revoke them (a token's
  // own role is at most member, so no token manages tokens). A token acts in the view its creator
  // acts in, so an admin acting in a customer's context from above (inherited), who does not hold
  // the customer's view there, creates none.
  if (resource === 'api_tokens' || (API_TOKEN_OPERATIONS as readonly string[]).includes(operation)) {
    return resource === 'api_tokens' && roleAtLeast(actor.role, 'admin')
      && (operation === 'read' || operation === 'revoke' || (operation === 'create' && !actor.inherited));
  }
  if (operation === 'read') return true;
  // The ERP is the vendor's leading system: only vendor staff feed it in.
  if (operation === 'import') return resource === 'organizations' && actor.view === 'vendor' && roleAtLeast(actor.role, 'member');
  if (operation === 'download' && resource === 'software_releases') return RELEASE_DOWNLOAD_VIEWS.includes(actor.view);
  if ((STATEMENT_OPERATIONS as readonly string[]).includes(operation)) {
    return resource === 'statements' && actor.view !== 'dpo'
      && (operation === 'download' || (actor.view === 'vendor' && roleAtLeast(actor.role, 'member')));
  }
  // Requests change only through the workflow's steps, never by editing or deleting the record.
  if (ERASURE_RESOURCES.includes(resource) || (ERASURE_OPERATIONS as readonly string[]).includes(operation)) {
    return actor.view === 'dpo' && resource === 'erasure_requests'
      && (operation === 'create' || (ERASURE_OPERATIONS as readonly string[]).includes(operation));
  }
  if ((LICENSE_OPERATIONS as readonly string[]).includes(operation)) {
    return resource === 'licenses' && roleAtLeast(actor.role, 'member')
      && LICENSE_OPERATION_VIEWS[operation as LicenseOperation].includes(actor.view);
  }
  if ((LICENSE_KEY_OPERATIONS as readonly string[]).includes(operation)) {
    return resource === 'licenses' && roleAtLeast(actor.role, 'member')
      && LICENSE_KEY_OPERATION_VIEWS[operation as LicenseKeyOperation].includes(actor.view);
  }
  if ((LICENSE_RUNTIME_OPERATIONS as readonly string[]).includes(operation)) {
    return resource === 'licenses' && roleAtLeast(actor.role, 'member')
      && LICENSE_RUNTIME_OPERATION_VIEWS[operation as LicenseRuntimeOperation].includes(actor.view);
  }
  if ((REQUEST_OPERATIONS as readonly string[]).includes(operation)) {
    const op = operation as RequestOperation;
    return resource === REQUEST_OPERATION_RESOURCE[op] && roleAtLeast(actor.role, 'member') && REQUEST_OPERATION_VIEWS[op].includes(actor.view);
  }
  if ((TICKET_OPERATIONS as readonly string[]).includes(operation)) {
    return resource === 'tickets' && r.write !== null && roleAtLeast(actor.role, 'member')
      && TICKET_OPERATION_VIEWS[operation as TicketOperation].includes(actor.view);
  }
  if ((SUBSCRIPTION_OPERATIONS as readonly string[]).includes(operation)) {
    return resource === 'subscriptions' && r.write !== null && roleAtLeast(actor.role, 'member');
  }
  if (r.write === null || !roleAtLeast(actor.role, r.write)) return false;
  if (operation === 'delete') return mayDelete(actor.view, actor.role, resource);
  if (operation !== 'create' && operation !== 'update') return false;
  // An organization admin edits the organizations below (and its own), but creating is the channel's.
  if (resource === 'organizations' && operation === 'create' && !CREATABLE_VIEWS[actor.view]) return false;
  return writableFields(actor.view, actor.role, resource, operation).length > 0;
}

/** The fields the actor may set on `resource` when creating or updating a row. */
export function fieldsWritable(actor: Actor, resource: ResourceId, mode: WriteMode): readonly string[] {
  return can(actor, resource, mode) ? writableFields(actor.view, actor.role, resource, mode) : [];
}

/**
 * Where the feature matrix lets a view run license operations: its own organization (the customer
 * and the service provider, for the keys they hold), or also the customers below it (a system
 * integrator manages its customers' licenses on their behalf). A channel user acting in its
 * customer's context holds no view of the customer's and gets nothing there; vendor staff everywhere.
 */
const LICENSE_OPERATION_REACH: Partial<Record<View, 'everywhere' | 'own' | 'own-and-below'>> = {
  vendor: 'everywhere', customer: 'own', service_provider: 'own', system_integrator: 'own-and-below',
};

export function licenseOperationAllowed(actor: Actor, operation: LicenseOperation | LicenseKeyOperation, license: { organizationId: number }): boolean {
  if (!can(actor, 'licenses', operation)) return false;
  const reach = LICENSE_OPERATION_REACH[actor.view];
  if (reach === 'everywhere') return true;
  if (!reach || actor.inherited) return false;
  return license.organizationId === actor.organizationId || reach === 'own-and-below';
}

/**
 * On which licenses the runtime is extended: vendor staff on any; a reseller in its own view on its
 * customers' licenses (below it), not on its own organization's (an extension is what it sells) and
 * not when switched into a customer's context (it then acts as the customer, which extends nothing).
 */
export function runtimeExtensionAllowed(actor: Actor, license: { organizationId: number }): boolean {
  if (!can(actor, 'licenses', 'extendRuntime')) return false;
  return actor.view === 'vendor' || (!actor.inherited && license.organizationId !== actor.organizationId);
}

/**
 * On which licenses a request may be made: an offer on any license the view reaches (its own
 * organization's and its customers'), support only on the holder's own keys (the thread is between
 * the holder and the organization above it). A channel user acting in its customer's context holds
 * no view of the customer's and requests nothing there.
 */
export function requestAllowed(actor: Actor, operation: 'requestOffer' | 'requestSupport', license: { organizationId: number }): boolean {
  if (!can(actor, 'licenses', operation) || actor.inherited) return false;
  return operation === 'requestOffer' || license.organizationId === actor.organizationId;
}

export function visibleResources(actor: Actor): ResourceId[] {
  return RESOURCES.filter((id) => can(actor, id, 'read'));
}

export interface WriteContext {
  /** The actor's organization and everything below it. */
  reachableOrgIds: Set<number> | 'all';
  /** On update: the row as stored now. */
  current?: Record<string, unknown>;
}

function reachable(ctx: WriteContext, id: unknown): boolean {
  if (ctx.reachableOrgIds === 'all') return true;
  const n = Number(id);
  return Number.isInteger(n) && ctx.reachableOrgIds.has(n);
}

const TENANT_COLUMNS: Partial<Record<ResourceId, string[]>> = {
  organizations: ['parentId'],
  users: ['organizationId'],
  memberships: ['organizationId'],
  tickets: ['organizationId'],
  licenses: ['organizationId'],
  subscriptions: ['resellerId', 'customerId'],
  product_group_grants: ['organizationId'],
  custom_property_definitions: ['organizationId'],
  custom_property_values: ['organizationId'],
  reseller_prices: ['resellerId'],
  webhook_endpoints: ['organizationId'],
  api_tokens: ['organizationId'],
};

/**
 * Checks the values of a create/update against the actor's reach: tenant columns stay inside the
 * actor's organizations, hidden fields are not written, roles are not escalated. Returns the
 * problems as field → message; empty when the write may go ahead.
 */
export function checkWrite(actor: Actor, resource: ResourceId, values: Record<string, unknown>, ctx: WriteContext): Record<string, Message> {
  const errors: Record<string, Message> = {};
  const creating = !ctx.current;
  for (const field of hiddenFields(actor, resource)) {
    if (field in values && field !== 'passwordHash') errors[field] = msg('notWritableInView');
  }
  for (const column of TENANT_COLUMNS[resource] ?? []) {
    const value = column in values ? values[column] : ctx.current?.[column];
    const changing = creating || (column in values && String(values[column] ?? '') !== String(ctx.current?.[column] ?? ''));
    if (!changing) continue;
    if (resource === 'organizations' && actor.view !== 'vendor' && !creating) {
      errors[column] = msg('onlyVendorMoves');
    } else if (value === null || value === undefined || value === '' ? actor.view !== 'vendor' : !reachable(ctx, value)) {
      errors[column] = msg('chooseManagedOrganization');
    }
  }
  if (resource === 'organizations') {
    const views = values.views as unknown;
    if (creating || views !== undefined) {
      const allowed = CREATABLE_VIEWS[actor.view] ?? [];
      const requested = Array.isArray(views) ? views.map(String) : [];
      const unchanged = !creating && JSON.stringify([...requested].sort()) === JSON.stringify([...((ctx.current?.views as string[]) ?? [])].sort());
      if (!unchanged && (requested.length === 0 || requested.some((v) => !allowed.includes(v)))) {
        errors.views = requested.length === 0 ? msg('chooseAView') : msg('viewsAllowed', { allowed });
      }
    }
  }
  if (resource === 'memberships' || resource === 'users') {
    const role = values.role;
    if (role !== undefined && (!isRole(role) || !mayGrantRole(actor.role, role))) {
      errors.role = msg('atMostOwnRole');
    }
  }
  if (resource === 'invitations') Object.assign(errors, invitationProblems({ role: actor.role, reachableOrgIds: ctx.reachableOrgIds }, values));
  if (resource === 'users' && 'isDpo' in values && actor.view !== 'vendor' && Boolean(values.isDpo) !== Boolean(ctx.current?.isDpo ?? false)) {
    errors.isDpo = msg('onlyVendorNamesDpo');
  }
  return errors;
}
