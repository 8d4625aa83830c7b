import { flat, type ActionContext, type ActionRequest, type ResourceWithOptions, type ResourceOptions } from 'adminjs';
import type { ResourceId } from '../models/domain/policy.ts';
import { FIELD_VALUES } from '../models/domain/values.ts';
import { ApiToken, Invitation, MODELS } from '../models/index.ts';
import type { Config } from '../models/config.ts';
import { ErasureRequestResource } from './erasure-resource.ts';
import { erasureActions } from './erasure-actions.ts';
import { keepPayloadAsSent, ScopedResource } from './scoped-resource.ts';
import { bulkDeleteHandler } from './bulk-delete-action.ts';
import { listHandler, searchHandler } from './list-handlers.ts';
import { UserResource } from './user-resource.ts';
import { InvitationResource } from './invitation-resource.ts';
import { ApiTokenResource, apiTokenActions, showTokenOnce } from './api-token-resource.ts';
import { GrantResource, LicenseResource, SubscriptionResource } from './frame-resources.ts';
import { ResellerPriceResource } from './reseller-price-resource.ts';
import { OrganizationResource } from './organization-resource.ts';
import { licenseActions } from './license-actions.ts';
import { licenseRequestActions, offerRequestActions, supportMessageActions } from './license-request-actions.ts';
import { subscriptionActions } from './subscription-actions.ts';
import { ticketActions } from './ticket-actions.ts';
import { importAction } from './import-action.ts';
import { uploadLogoAction } from './logo-action.ts';
import { statementActions } from './statement-actions.ts';
import { licenseReportAction } from './license-report.ts';
import { releaseActions } from './release-actions.ts';
import { postOnly } from './post-only.ts';
import { policyAllows } from './actor.ts';
import { uploadDirectory } from './uploaded-file.ts';
import { assertMayWrite } from '../services/records.ts';
import { showSecretOnce, WebhookEndpointResource } from './webhook-endpoint-resource.ts';
import { sessionSecret } from './session-secret.ts';
import { displayProperties, displayValues, withTwins } from './display-values.ts';
import { Components } from './components/index.ts';
import { DataTypes } from 'sequelize';

const options = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

/** A list field of values (views, article kinds, events): one labelled multi-select (components/value-list.ts). */
const valueListComponents = { edit: Components.ValueList, filter: Components.ValueList };

/** Codes, keys and e-mail addresses: matched from their start, so an autocomplete finds a key as it is typed. */
const PREFIX: Partial<Record<ResourceId, string[]>> = {
  organizations: ['ref', 'customerNumber'], users: ['email'], articles: ['code'], licenses: ['licenseKey'],
  tickets: ['code'], subscriptions: ['ref'], invitations: ['email'],
};

const ORGANIZATION_FORM = [
  'name', 'ref', 'customerNumber', 'views', 'parentId', 'street', 'zip', 'city', 'country',
  'contactEmail', 'billingEmail', 'supportContact', 'locale', 'dataPolicy', 'statementMode', 'freeKeyQuota',
];

const LAYOUT: Partial<Record<ResourceId, Partial<ResourceOptions>>> = {
  organizations: {
    titleProperty: 'name',
    listProperties: ['id', 'name', 'views', 'customerNumber', 'parentId', 'city', 'billingRecipient'],
    // As an address is written (street, zip, city, country), then contacts, then the vendor's settings.
    showProperties: [...ORGANIZATION_FORM, 'billingRecipient', 'createdAt', 'updatedAt'],
    editProperties: ORGANIZATION_FORM,
    properties: {
      logo: { isVisible: false }, logoContentType: { isVisible: false },
      // Help beside the field: the text's key (templates/panel-*.ts `help`), in the user's language.
      statementMode: { description: 'statementModeHelp' }, dataPolicy: { description: 'dataPolicyHelp' },
      // A customer organization's billing goes to its partner (services/billing-recipient.ts): shown, never edited.
      billingRecipient: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } },
    },
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
  product_groups: { titleProperty: 'name', listProperties: ['id', 'name', 'demoDays', 'minSeats', 'maxSeats', 'termMonths', 'articleKinds'] },
  product_group_grants: { listProperties: ['id', 'productGroupId', 'organizationId', 'demoDays', 'minSeats', 'maxSeats', 'termMonths', 'articleKinds'] },
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
  reseller_prices: { listProperties: ['id', 'articleId', 'resellerId', 'unitPriceCents', 'updatedAt'] },
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
  webhook_endpoints: { listProperties: ['id', 'organizationId', 'url', 'events', 'active'], editProperties: ['organizationId', 'url', 'events', 'active'] },
  webhook_deliveries: {
    listProperties: ['id', 'event', 'endpointId', 'status', 'attempts', 'lastStatus', 'lastError', 'nextAttemptAt', 'deliveredAt'],
    sort: { sortBy: 'id', direction: 'desc' },
  },
  // A thread is the opening message (threadId empty) and the replies naming it: filter by threadId.
  support_messages: {
    listProperties: ['id', 'threadId', 'licenseId', 'organizationId', 'handlerOrganizationId', 'authorOrganizationId', 'createdAt'],
    showProperties: ['id', 'threadId', 'licenseId', 'organizationId', 'handlerOrganizationId', 'authorUserId', 'authorOrganizationId', 'message', 'createdAt'],
    properties: { message: { type: 'textarea' } },
    sort: { sortBy: 'id', direction: 'asc' },
  },
  // Organization and view are the creating admin's; the token itself is shown once, on create.
  api_tokens: {
    titleProperty: 'name',
    listProperties: ['id', 'name', 'organizationId', 'view', 'role', 'expiresOn', 'lastUsedAt', 'revokedAt'],
    editProperties: ['name', 'role', 'expiresOn'],
    properties: { tokenHash: { isVisible: false }, windowStartedAt: { isVisible: false }, windowCount: { isVisible: false } },
    sort: { sortBy: 'id', direction: 'desc' },
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
  offer_requests: 'Licensing', support_messages: 'Licensing', reseller_prices: 'Billing',
  webhook_endpoints: 'Integration', webhook_deliveries: 'Integration', api_tokens: 'Integration',
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
  const resource = id === 'organizations' ? new OrganizationResource(model, config) : id === 'users' ? new UserResource(model) : id === 'erasure_requests' ? new ErasureRequestResource(model)
    : id === 'invitations' ? new InvitationResource(Invitation, config) : id === 'api_tokens' ? new ApiTokenResource(ApiToken, config)
      : id === 'licenses' ? new LicenseResource(model, config) : id === 'subscriptions' ? new SubscriptionResource(model, config)
        : id === 'product_group_grants' ? new GrantResource(model) : id === 'reseller_prices' ? new ResellerPriceResource(model)
          : id === 'webhook_endpoints' ? new WebhookEndpointResource(model, async () => ({
            sessionSecret: await sessionSecret(config.sessionSecret, config.dataDir), allowHttpLoopback: config.webhookAllowHttpLoopback, allowPrivateHosts: config.webhookAllowPrivateHosts,
          })) : new ScopedResource(model);
  resource.exactFilterFields = new Set(Object.keys(FIELD_VALUES[id] ?? {}));
  resource.prefixFilterFields = new Set(PREFIX[id] ?? []);
  resource.countCap = config.listCountCap;
  const layout = LAYOUT[id] ?? {};
  const ownProperties = { ...(layout.properties ?? {}) };
  for (const [name, extra] of Object.entries(displayProperties(id))) ownProperties[name] = { ...(ownProperties[name] ?? {}), ...extra };
  const enumProperties = Object.fromEntries(Object.entries(FIELD_VALUES[id] ?? {}).map(([name, values]) => [
    name, {
      ...(ownProperties[name] ?? {}), availableValues: options(values),
      ...(model.getAttributes()[name]?.type instanceof DataTypes.ARRAY && { components: valueListComponents }),
    },
  ]));
  const after = displayValues(id, config.timezone);
  const read = policyAllows(id, 'read');
  return {
    resource,
    options: {
      ...layout,
      ...withTwins(id, layout),
      navigation: { name: NAVIGATION[id] },
      properties: { ...ownProperties, ...enumProperties },
      actions: {
        // The page shows a total counted up to the cap as "10.000+" (components/capped-list.ts).
        list: { isAccessible: read, isVisible: read, handler: listHandler, after, component: Components.CappedList, custom: { countCap: config.listCountCap } },
        show: { isAccessible: read, after },
        search: { isAccessible: read, handler: searchHandler },
        new: { isAccessible: policyAllows(id, 'create'), before: [namingRefusedFields('create'), keepPayloadAsSent], ...(id === 'webhook_endpoints' && { after: showSecretOnce }), ...(id === 'api_tokens' && { after: showTokenOnce }) },
        edit: { isAccessible: policyAllows(id, 'update'), before: [namingRefusedFields('update'), keepPayloadAsSent] },
        delete: { isAccessible: policyAllows(id, 'delete') },
        bulkDelete: { isAccessible: policyAllows(id, 'delete'), handler: bulkDeleteHandler },
        // Every custom action: carried out for a POST only (a GET answers 405), post-only.ts.
        ...postOnly({
          ...(id === 'licenses' ? { ...licenseActions(model.sequelize!, config.timezone), ...licenseRequestActions(model.sequelize!, config), report: licenseReportAction(model.sequelize!) } : {}),
          ...(id === 'offer_requests' ? offerRequestActions(model.sequelize!, config) : {}),
          ...(id === 'support_messages' ? supportMessageActions(model.sequelize!, config) : {}),
          ...(id === 'subscriptions' ? subscriptionActions(model.sequelize!, config) : {}),
          ...(id === 'tickets' ? ticketActions(model.sequelize!, config.timezone) : {}),
          ...(id === 'organizations' ? { import: importAction(model.sequelize!, uploadDir), uploadLogo: uploadLogoAction(model.sequelize!, uploadDir) } : {}),
          ...(id === 'statements' ? statementActions(model.sequelize!) : {}),
          ...(id === 'software_releases' ? releaseActions(model.sequelize!) : {}),
          ...(id === 'erasure_requests' ? erasureActions(model.sequelize!, config) : {}),
          ...(resource instanceof ApiTokenResource ? apiTokenActions(resource) : {}),
        }),
      },
    },
  };
}

export function adminResources(config: Config): ResourceWithOptions[] {
  const uploadDir = uploadDirectory(config.dataDir);
  return (Object.keys(MODELS) as ResourceId[]).map((id) => resourceFor(id, config, uploadDir));
}
