import { flat, type ActionContext, type ActionRequest, type ResourceWithOptions, type ResourceOptions } from 'adminjs';
import type { ResourceId } from '../models/domain/policy.ts';
import { FIELD_VALUES } from '../models/domain/values.ts';
import { Invitation, MODELS } from '../models/index.ts';
import type { Config } from '../models/config.ts';
import { ErasureRequestResource } from './erasure-resource.ts';
import { erasureActions } from './erasure-actions.ts';
import { keepPayloadAsSent, ScopedResource } from './scoped-resource.ts';
import { bulkDeleteHandler } from './bulk-delete-action.ts';
import { UserResource } from './user-resource.ts';
import { InvitationResource } from './invitation-resource.ts';
import { GrantResource, LicenseResource, OrganizationResource, SubscriptionResource } from './frame-resources.ts';
import { licenseActions } from './license-actions.ts';
import { licenseRequestActions, offerRequestActions, supportMessageActions } from './license-request-actions.ts';
import { subscriptionActions } from './subscription-actions.ts';
import { ticketActions } from './ticket-actions.ts';
import { importAction } from './import-action.ts';
import { uploadLogoAction } from './logo-action.ts';
import { statementActions } from './statement-actions.ts';
import { releaseActions } from './release-actions.ts';
import { postOnly } from './post-only.ts';
import { policyAllows } from './actor.ts';
import { uploadDirectory } from './uploaded-file.ts';
import { assertMayWrite } from '../services/records.ts';

const options = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

/** Codes, keys and e-mail addresses: matched from their start, so an autocomplete finds a key as it is typed. */
const PREFIX: Partial<Record<ResourceId, string[]>> = {
  organizations: ['ref', 'customerNumber'], users: ['email'], articles: ['code'], licenses: ['licenseKey'],
  tickets: ['code'], subscriptions: ['ref'], invitations: ['email'],
};

const LAYOUT: Partial<Record<ResourceId, Partial<ResourceOptions>>> = {
  organizations: {
    titleProperty: 'name',
    listProperties: ['id', 'name', 'views', 'customerNumber', 'parentId', 'city'],
    properties: { logo: { isVisible: false }, logoContentType: { isVisible: false } },
  },
  users: {
    titleProperty: 'email',
    listProperties: ['id', 'email', 'name', 'locale', 'lastLoginAt'],
    properties: {
      passwordHash: { isVisible: false },
      lastLoginAt: { isVisible: { list: true, show: true, edit: false, filter: false } },
      // Set by the portal when someone else chose the password; cleared only by the user choosing its own.
      passwordChangeRequired: { isVisible: { list: false, show: true, edit: false, filter: true } },
      password: { type: 'password', isVisible: { list: false, show: false, edit: true, filter: false } },
      organizationId: { type: 'reference', reference: 'organizations', isVisible: { list: false, show: false, edit: true, filter: false } },
      role: { isVisible: { list: false, show: false, edit: true, filter: false } },
    },
  },
  memberships: { listProperties: ['id', 'userId', 'organizationId', 'role'] },
  articles: { titleProperty: 'name', listProperties: ['code', 'name', 'kind', 'interval', 'priceCents', 'currency'] },
  product_groups: { titleProperty: 'name' },
  software_releases: { titleProperty: 'version' },
  tickets: {
    titleProperty: 'code',
    listProperties: ['code', 'articleId', 'organizationId', 'status', 'assignedUserId', 'licenseId'],
    properties: { redeemedAt: { isVisible: { list: false, show: true, edit: false, filter: false } } },
  },
  licenses: {
    titleProperty: 'licenseKey',
    listProperties: ['licenseKey', 'organizationId', 'articleId', 'kind', 'status', 'device', 'expiresOn', 'daysLeft', 'serviceUntil'],
    // Asked when a reseller issues a demo license (services/license-issue.ts); not a column.
    properties: {
      demoDays: { type: 'number', isVisible: { list: false, show: false, edit: true, filter: false } },
      // Set by services/free-keys.ts on a free additional key, never by a form.
      drawnFromId: { isVisible: { list: false, show: true, edit: false, filter: true } },
      quotaOrganizationId: { isVisible: { list: false, show: true, edit: false, filter: false } },
      // Computed from the vendor's today on every read (admin/frame-resources.ts, models/domain/license-runtime.ts), not columns.
      daysLeft: { type: 'number', isVisible: { list: true, show: true, edit: false, filter: false } },
      runtime: { type: 'string', isVisible: { list: false, show: true, edit: false, filter: false } },
      // The license's audit entries as the reader may see them (services/license-history.ts), filled in by show.
      history: { type: 'textarea', isVisible: { list: false, show: true, edit: false, filter: false } },
    },
  },
  subscriptions: { titleProperty: 'ref', listProperties: ['ref', 'resellerId', 'customerId', 'articleId', 'quantity', 'unitPriceCents', 'startDate', 'termMonths'] },
  audit_events: { listProperties: ['at', 'action', 'userId', 'organizationId', 'recordId'], sort: { sortBy: 'at', direction: 'desc' } },
  statements: {
    titleProperty: 'period',
    listProperties: ['id', 'period', 'resellerId', 'resellerName', 'totalCents', 'currency', 'mailStatus', 'mailAttempts', 'issuedAt'],
    sort: { sortBy: 'id', direction: 'desc' },
  },
  statement_lines: { listProperties: ['statementId', 'lineType', 'chargedPeriod', 'customerNumber', 'subscriptionRef', 'articleCode', 'days', 'quantity', 'amountCents'] },
  statement_runs: { listProperties: ['id', 'period', 'trigger', 'status', 'issuedCount', 'sentCount', 'startedAt', 'finishedAt', 'error'], sort: { sortBy: 'id', direction: 'desc' } },
  erasure_requests: {
    listProperties: ['id', 'subjectKind', 'subjectLabel', 'status', 'requestedAt', 'dueAt', 'executedAt'],
    // The subject as org:<ref> or user:<e-mail>, and the reason: everything else is the workflow's.
    editProperties: ['subjectLabel', 'reason'],
    sort: { sortBy: 'id', direction: 'desc' },
  },
  erasure_certificates: { listProperties: ['id', 'requestId', 'subjectKind', 'pseudonym', 'executedAt'], sort: { sortBy: 'id', direction: 'desc' } },
  custom_property_definitions: { titleProperty: 'name', listProperties: ['id', 'organizationId', 'name', 'type', 'choices'] },
  custom_property_values: { listProperties: ['id', 'organizationId', 'definitionId', 'value'] },
  invitations: {
    titleProperty: 'email',
    listProperties: ['id', 'email', 'organizationId', 'role', 'expiresAt', 'acceptedAt', 'invitedBy'],
    editProperties: ['email', 'organizationId', 'role'],
    properties: { tokenHash: { isVisible: false } },
    sort: { sortBy: 'id', direction: 'desc' },
  },
  offer_requests: {
    listProperties: ['id', 'licenseId', 'organizationId', 'requestedBy', 'createdAt', 'answeredAt'],
    showProperties: ['id', 'licenseId', 'organizationId', 'requestedBy', 'message', 'mailedTo', 'createdAt', 'answer', 'answeredBy', 'answeredAt'],
    properties: { message: { type: 'textarea' }, answer: { type: 'textarea' } },
    sort: { sortBy: 'id', direction: 'desc' },
  },
  // A thread is the opening message (threadId empty) and the replies naming it: filter by threadId.
  support_messages: {
    listProperties: ['id', 'threadId', 'licenseId', 'organizationId', 'handlerOrganizationId', 'authorOrganizationId', 'createdAt'],
    showProperties: ['id', 'threadId', 'licenseId', 'organizationId', 'handlerOrganizationId', 'authorUserId', 'authorOrganizationId', 'message', 'createdAt'],
    properties: { message: { type: 'textarea' } },
    sort: { sortBy: 'id', direction: 'asc' },
  },
};

const NAVIGATION: Record<ResourceId, string> = {
  organizations: 'Channel', users: 'Channel', memberships: 'Channel',
  articles: 'Catalog', product_groups: 'Catalog', product_group_grants: 'Catalog', software_releases: 'Catalog',
  tickets: 'Licensing', licenses: 'Licensing', subscriptions: 'Licensing',
  audit_events: 'Audit',
  statements: 'Billing', statement_lines: 'Billing', statement_runs: 'Billing',
  erasure_requests: 'Data protection', erasure_certificates: 'Data protection',
  custom_property_definitions: 'Channel', custom_property_values: 'Channel', invitations: 'Channel',
  offer_requests: 'Licensing', support_messages: 'Licensing',
};


/**
 * Runs before AdminJS checks `isAccessible`: a create or edit the view may not make at all is
 * answered by the service's refusal, which names the fields sent (403), not a bare "forbidden".
 */
function namingRefusedFields(mode: 'create' | 'update') {
  return async (request: ActionRequest, context: ActionContext): Promise<ActionRequest> => {
    if (request.method === 'post') {
      const resource = context.resource as unknown as ScopedResource;
      assertMayWrite(await resource.actor(context), resource.resourceId, mode, flat.unflatten(request.payload ?? {}));
    }
    return request;
  };
}

function resourceFor(id: ResourceId, config: Config, uploadDir: string): ResourceWithOptions {
  const model = MODELS[id];
  const resource = id === 'users' ? new UserResource(model) : id === 'erasure_requests' ? new ErasureRequestResource(model)
    : id === 'invitations' ? new InvitationResource(Invitation, config)
      : id === 'licenses' ? new LicenseResource(model, config) : id === 'subscriptions' ? new SubscriptionResource(model, config)
        : id === 'product_group_grants' ? new GrantResource(model) : id === 'organizations' ? new OrganizationResource(model, config) : new ScopedResource(model);
  resource.exactFilterFields = new Set(Object.keys(FIELD_VALUES[id] ?? {}));
  resource.prefixFilterFields = new Set(PREFIX[id] ?? []);
  const layout = LAYOUT[id] ?? {};
  const enumProperties = Object.fromEntries(Object.entries(FIELD_VALUES[id] ?? {}).map(([name, values]) => [
    name, { ...(layout.properties?.[name] ?? {}), availableValues: options(values) },
  ]));
  const read = policyAllows(id, 'read');
  return {
    resource,
    options: {
      ...layout,
      navigation: { name: NAVIGATION[id] },
      properties: { ...(layout.properties ?? {}), ...enumProperties },
      actions: {
        list: { isAccessible: read, isVisible: read },
        show: { isAccessible: read },
        search: { isAccessible: read },
        new: { isAccessible: policyAllows(id, 'create'), before: [namingRefusedFields('create'), keepPayloadAsSent] },
        edit: { isAccessible: policyAllows(id, 'update'), before: [namingRefusedFields('update'), keepPayloadAsSent] },
        delete: { isAccessible: policyAllows(id, 'delete') },
        bulkDelete: { isAccessible: policyAllows(id, 'delete'), handler: bulkDeleteHandler },
        // Every custom action: carried out for a POST only (a GET answers 405), post-only.ts.
        ...postOnly({
          ...(id === 'licenses' ? { ...licenseActions(model.sequelize!, config.timezone), ...licenseRequestActions(model.sequelize!, config) } : {}),
          ...(id === 'offer_requests' ? offerRequestActions(model.sequelize!) : {}),
          ...(id === 'support_messages' ? supportMessageActions(model.sequelize!) : {}),
          ...(id === 'subscriptions' ? subscriptionActions(model.sequelize!, config) : {}),
          ...(id === 'tickets' ? ticketActions(model.sequelize!, config.timezone) : {}),
          ...(id === 'organizations' ? { import: importAction(uploadDir), uploadLogo: uploadLogoAction(model.sequelize!, uploadDir) } : {}),
          ...(id === 'statements' ? statementActions(model.sequelize!) : {}),
          ...(id === 'software_releases' ? releaseActions(model.sequelize!) : {}),
          ...(id === 'erasure_requests' ? erasureActions(model.sequelize!, config) : {}),
        }),
      },
    },
  };
}

export function adminResources(config: Config): ResourceWithOptions[] {
  const uploadDir = uploadDirectory(config.dataDir);
  return (Object.keys(MODELS) as ResourceId[]).map((id) => resourceFor(id, config, uploadDir));
}
