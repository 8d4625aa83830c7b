import type { Model, ModelStatic, Sequelize } from 'sequelize';
import type { ResourceId } from './domain/policy.ts';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './database.ts';
import { createSequelize } from './sequelize.ts';
import { migrate } from './migrate.ts';
import { defineOrganization } from './organization.ts';
import { defineUser } from './user.ts';
import { defineMembership } from './membership.ts';
import { defineCatalog } from './catalog.ts';
import { defineLicensing } from './licensing.ts';
import { defineStatements } from './statement.ts';
import { defineErasure } from './erasure.ts';
import { defineCustomProperties } from './custom-property.ts';
import { defineInvitation } from './invitation.ts';
import { defineLicenseRequests } from './license-request.ts';
import { defineWebhooks } from './webhook.ts';
import { defineApiTokens } from './api-token.ts';

export { Organization } from './organization.ts';
export { User } from './user.ts';
export { Membership } from './membership.ts';
export { Article, ProductGroup, ProductGroupGrant, ResellerPrice, SoftwareRelease } from './catalog.ts';
export { License, Ticket, Subscription, AuditEvent } from './licensing.ts';
export { StatementRun, StatementRecord, StatementLineRecord } from './statement.ts';
export { ErasureRequest, ErasureCertificate, RetentionSetting } from './erasure.ts';
export { CustomPropertyDefinition, CustomPropertyValue } from './custom-property.ts';
export { Invitation } from './invitation.ts';
export { OfferRequest, SupportMessage } from './license-request.ts';
export { WebhookEndpoint, WebhookDelivery } from './webhook.ts';
export { ApiToken } from './api-token.ts';

import { Organization } from './organization.ts';
import { User } from './user.ts';
import { Membership } from './membership.ts';
import { Article, ProductGroup, ProductGroupGrant, ResellerPrice, SoftwareRelease } from './catalog.ts';
import { License, Ticket, Subscription, AuditEvent } from './licensing.ts';
import { StatementRun, StatementRecord, StatementLineRecord } from './statement.ts';
import { ErasureRequest, ErasureCertificate } from './erasure.ts';
import { CustomPropertyDefinition, CustomPropertyValue } from './custom-property.ts';
import { Invitation } from './invitation.ts';
import { OfferRequest, SupportMessage } from './license-request.ts';
import { WebhookEndpoint, WebhookDelivery } from './webhook.ts';
import { ApiToken } from './api-token.ts';

/** The model behind each resource of the policy (resource ids are table names). */
export const MODELS: Record<ResourceId, ModelStatic<Model>> = {
  organizations: Organization, users: User, memberships: Membership, articles: Article,
  product_groups: ProductGroup, product_group_grants: ProductGroupGrant, software_releases: SoftwareRelease,
  tickets: Ticket, licenses: License, subscriptions: Subscription, audit_events: AuditEvent,
  statements: StatementRecord, statement_lines: StatementLineRecord, statement_runs: StatementRun,
  erasure_requests: ErasureRequest, erasure_certificates: ErasureCertificate,
  custom_property_definitions: CustomPropertyDefinition, custom_property_values: CustomPropertyValue, invitations: Invitation,
  offer_requests: OfferRequest, support_messages: SupportMessage, reseller_prices: ResellerPrice,
  webhook_endpoints: WebhookEndpoint, webhook_deliveries: WebhookDelivery, api_tokens: ApiToken,
};

export function defineModels(sequelize: Sequelize): void {
  defineOrganization(sequelize);
  defineUser(sequelize);
  defineMembership(sequelize);
  defineCatalog(sequelize);
  defineLicensing(sequelize);
  defineStatements(sequelize);
  defineErasure(sequelize);
  defineCustomProperties(sequelize);
  defineInvitation(sequelize);
  defineLicenseRequests(sequelize);
  defineWebhooks(sequelize);
  defineApiTokens(sequelize);
}

export interface Portal {
  config: Config;
  db: Database;
  sequelize: Sequelize;
  close(): Promise<void>;
}

/** Every entry point goes through here, so the schema is always current before anything runs. */
export async function openPortal(config: Config = loadConfig()): Promise<Portal> {
  const db = await openDatabase(config);
  const sequelize = createSequelize(db.url);
  defineModels(sequelize);
  await migrate(sequelize, db.url);
  return {
    config, db, sequelize,
    async close() {
      await sequelize.close();
      await db.stop();
    },
  };
}
