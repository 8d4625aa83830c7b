/**
 * Which fields each view and role may set, on create and on update: part of the access policy
 * (policy.ts asks here, the permission snapshot lists every entry). A field not listed is refused
 * with 403 naming it. Money, entitlement and keys are never free-form edits by the channel: prices,
 * currency, a subscription's reseller, a license's kind/seats/expiry/status, references, customer
 * numbers, data policy, statement mode, views and parents belong to vendor admins (and the ERP
 * import); changes with business meaning are named operations (subscription terminate/cancel,
 * license activate/transfer/restore/destroy, ticket generate/passDown/assign/redeem, password
 * change by the user) with their own rules. Tickets have no field rules at all: a code comes from
 * the generator or the ERP, never from a form, and holder, assignee, status and license change only
 * through the ticket operations.
 * What the channel makes inside its frame (a reseller's licenses and subscriptions, a distributor's
 * grants to its resellers) it makes with the few fields listed here; its service fills in the rest.
 */
import { roleAtLeast, type Role } from './roles.ts';
import type { ResourceId, View } from './policy.ts';

export type WriteMode = 'create' | 'update';
export interface FieldRule { create: readonly string[]; update: readonly string[] }

const NONE: FieldRule = { create: [], update: [] };
const same = (...fields: string[]): FieldRule => ({ create: fields, update: fields });

const CONTACT = ['name', 'contactEmail', 'locale', 'street', 'zip', 'city', 'country'];
/** Set when an organization is made; afterwards only vendor admins move it or change its kind. */
const PLACEMENT = ['views', 'parentId'];
const VENDOR_ONLY_ORG = ['ref', 'customerNumber', 'dataPolicy', 'statementMode', 'freeKeyQuota'];
/** The allowed values of a product group's frame, and what a grant narrows (models/domain/frame.ts). */
const FRAME_VALUES = ['demoDays', 'minSeats', 'maxSeats', 'termMonths', 'articleKinds'];

/**
 * A webhook endpoint: its address is fixed once registered (the service checks it, then seals the
 * secret for it; register another to move), its events and whether it is active change.
 */
const WEBHOOK_FIELDS: Partial<Record<ResourceId, FieldRule>> = { webhook_endpoints: { create: ['organizationId', 'url', 'events'], update: ['events', 'active'] } };
/** An API token: its organization and view are the creating admin's (services/api-tokens.ts); never edited, only revoked. */
const API_TOKEN_FIELDS: FieldRule = { create: ['name', 'role', 'expiresOn'], update: [] };

const VENDOR_ADMIN: Partial<Record<ResourceId, FieldRule>> = {
  organizations: same(...CONTACT, ...PLACEMENT, ...VENDOR_ONLY_ORG, 'billingEmail', 'supportContact'),
  // A password is handed over once, at creation, and must be changed at the first login.
  users: { create: ['email', 'name', 'locale', 'password', 'organizationId', 'role', 'isDpo'], update: ['name', 'locale', 'isDpo'] },
  memberships: { create: ['userId', 'organizationId', 'role'], update: ['role'] },
  articles: same('code', 'name', 'kind', 'interval', 'productGroupId', 'priceCents', 'currency'),
  // Whether a reseller's new customers get two trial licenses of the group is an admin's commercial decision.
  product_groups: same('name', 'description', ...FRAME_VALUES, 'customerTrials'),
  // Who granted is the service's record (services/grants.ts), never a form's.
  product_group_grants: same('productGroupId', 'organizationId', ...FRAME_VALUES),
  software_releases: same('productLine', 'version', 'releasedOn', 'fileUrl', 'sha256', 'productGroupId'),
  licenses: same('licenseKey', 'organizationId', 'articleId', 'kind', 'status', 'seats', 'device', 'expiresOn', 'serviceUntil'),
  // Termination and cancellation are operations, for vendor staff too: their rules live in one place.
  subscriptions: same('ref', 'resellerId', 'customerId', 'articleId', 'licenseId', 'quantity', 'unitPriceCents', 'interval', 'startDate', 'termMonths', 'autoRenew'),
  custom_property_definitions: { create: ['organizationId', 'name', 'type', 'choices', 'visibleToCustomer'], update: ['name', 'choices', 'visibleToCustomer'] },
  custom_property_values: { create: ['definitionId', 'organizationId', 'value'], update: ['value'] },
  invitations: { create: ['email', 'organizationId', 'role'], update: [] },
  // A price is set for one article and one reseller; afterwards only its amount changes.
  reseller_prices: { create: ['articleId', 'resellerId', 'unitPriceCents'], update: ['unitPriceCents'] },
  ...WEBHOOK_FIELDS,
  api_tokens: API_TOKEN_FIELDS,
};

// Vendor members run the catalog and the channel's day-to-day; prices, license entitlement,
// subscriptions' terms, the tree and the people (vendor staff, the DPO flag) are the admins'.
const VENDOR_MEMBER: Partial<Record<ResourceId, FieldRule>> = {
  organizations: { create: [], update: ['name', 'contactEmail', 'locale', 'street', 'zip', 'city', 'country', 'billingEmail', 'supportContact'] },
  articles: same('code', 'name', 'kind', 'interval', 'productGroupId'),
  product_groups: same('name', 'description', ...FRAME_VALUES),
  product_group_grants: VENDOR_ADMIN.product_group_grants,
  software_releases: VENDOR_ADMIN.software_releases,
  custom_property_definitions: VENDOR_ADMIN.custom_property_definitions,
  custom_property_values: VENDOR_ADMIN.custom_property_values,
};

const PEOPLE: Partial<Record<ResourceId, FieldRule>> = {
  ...WEBHOOK_FIELDS,
  users: { create: ['email', 'name', 'locale', 'password', 'organizationId', 'role'], update: ['name', 'locale'] },
  memberships: VENDOR_ADMIN.memberships,
  invitations: VENDOR_ADMIN.invitations,
  api_tokens: API_TOKEN_FIELDS,
};

const CHANNEL_ADMIN: Partial<Record<ResourceId, FieldRule>> = {
  ...PEOPLE,
  organizations: { create: [...CONTACT, ...PLACEMENT], update: [...CONTACT, 'billingEmail', 'supportContact'] },
  custom_property_definitions: VENDOR_ADMIN.custom_property_definitions,
  custom_property_values: VENDOR_ADMIN.custom_property_values,
};

/**
 * A reseller (member or admin) issues licenses and books subscriptions for its customers inside its
 * frame: kind, key and expiry of a license, and a subscription's reseller, price and billing
 * interval come from the article and the frame (services/license-issue.ts,
 * services/subscription-booking.ts), never from the form; `demoDays` is an input, not a column.
 */
const RESELLER_ISSUE: Partial<Record<ResourceId, FieldRule>> = {
  licenses: { create: ['organizationId', 'articleId', 'seats', 'demoDays'], update: [] },
  subscriptions: { create: ['customerId', 'articleId', 'quantity', 'startDate', 'termMonths', 'autoRenew'], update: [] },
};

/** A distributor's admin passes a product group on to a reseller below it, at most as the distributor holds it. */
const PASSED_ON_GRANT: FieldRule = { create: ['productGroupId', 'organizationId', ...FRAME_VALUES], update: FRAME_VALUES };

const CUSTOMER_ADMIN: Partial<Record<ResourceId, FieldRule>> = {
  ...PEOPLE,
  // No organization below a customer: a person joins it by invitation (or a new account), not by a membership of someone already in reach.
  memberships: { create: [], update: ['role'] },
  organizations: { create: [], update: CONTACT },
};

/** The fields `role` in `view` may set on `resource`. */
export function fieldRule(view: View, role: Role, resource: ResourceId): FieldRule {
  if (role === 'guest') return NONE;
  const admin = role === 'admin';
  switch (view) {
    case 'vendor': return (admin ? VENDOR_ADMIN : VENDOR_MEMBER)[resource] ?? NONE;
    case 'dpo': return resource === 'erasure_requests' ? { create: ['subjectLabel', 'reason'], update: [] } : NONE;
    case 'customer':
      return admin ? CUSTOMER_ADMIN[resource] ?? NONE : NONE;
    case 'partner':
      return admin ? CHANNEL_ADMIN[resource] ?? NONE : NONE;
    default:
      if (view === 'reseller' && RESELLER_ISSUE[resource]) return RESELLER_ISSUE[resource]!;
      if (view === 'distributor' && resource === 'product_group_grants') return admin ? PASSED_ON_GRANT : NONE;
      return admin ? CHANNEL_ADMIN[resource] ?? NONE : NONE;
  }
}

export function writableFields(view: View, role: Role, resource: ResourceId, mode: WriteMode): readonly string[] {
  return fieldRule(view, role, resource)[mode];
}

const CATALOG: ResourceId[] = ['articles', 'product_groups', 'product_group_grants', 'software_releases', 'custom_property_definitions', 'custom_property_values'];
/** Removing a person from an organization, revoking an invitation, dropping a property or a webhook endpoint: an admin's, anywhere. */
const ADMIN_DELETES: ResourceId[] = ['memberships', 'invitations', 'custom_property_definitions', 'custom_property_values', 'webhook_endpoints'];
// Rows that carry money, entitlement or a whole tenant go only by a vendor admin's hand (and the
// database refuses what issued statements still reference).
const VENDOR_ADMIN_DELETES: ResourceId[] = [...new Set([...CATALOG, ...ADMIN_DELETES, 'organizations', 'users', 'tickets', 'licenses', 'subscriptions', 'reseller_prices'] as ResourceId[])];

/** Whether `role` in `view` may delete rows of `resource` it reaches. */
export function mayDelete(view: View, role: Role, resource: ResourceId): boolean {
  if (view === 'vendor') return (role === 'admin' ? VENDOR_ADMIN_DELETES : role === 'member' ? CATALOG : []).includes(resource);
  if (view === 'distributor' && resource === 'product_group_grants') return roleAtLeast(role, 'admin');
  return view !== 'dpo' && roleAtLeast(role, 'admin') && ADMIN_DELETES.includes(resource);
}
