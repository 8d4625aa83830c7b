/**
 * The webhook outbox: every audited change (services/audit-trail.ts, the one place audit entries of
 * licenses, subscriptions and statements are written) that is a webhook event
 * (models/domain/webhook-rules.ts webhookEventOf) writes one delivery row per receiving endpoint,
 * in the change's own transaction: the event exists exactly when the change does, and no caller
 * can forget it. The recipients are computed now, by the same reach and policy as everything else:
 * an endpoint receives the event when the view it was registered in reads the row (so the row's
 * organization and those above it, never another tenant), with the fields that view may see.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import { can, type Actor, type ResourceId } from '../models/domain/policy.ts';
import { webhookEventOf } from '../models/domain/webhook-rules.ts';
import { MODELS, WebhookDelivery } from '../models/index.ts';
import { findInScope, loadReach, scopeFor } from './reach.ts';

/** The organizations a row belongs to; endpoints of these and of the organizations above them are candidates. */
const TENANT_COLUMNS: Partial<Record<ResourceId, string[]>> = {
  licenses: ['organizationId'], subscriptions: ['resellerId', 'customerId'], statements: ['resellerId'],
};

export async function enqueueWebhookEvents(resource: ResourceId, action: string, recordId: unknown, transaction: Transaction): Promise<void> {
  const event = webhookEventOf(resource, action);
  const columns = TENANT_COLUMNS[resource];
  if (!event || !columns) return;
  const model = MODELS[resource];
  const db = model.sequelize!;
  const row = await model.findByPk(Number(recordId), { transaction });
  if (!row) return;
  const organizationIds = columns.map((c) => Number(row.get(c))).filter(Number.isSafeInteger);
  const endpoints = await db.query<{ id: number; organization_id: number; view: string }>(`
    with recursive up(id) as (
      select unnest(array[:organizationIds]::integer[])
      union
      select o.parent_id from organizations o join up on o.id = up.id where o.parent_id is not null
    )
    select id, organization_id, view from webhook_endpoints
    where active and :event = any(events) and organization_id in (select id from up) order by id`,
  { replacements: { organizationIds, event }, type: QueryTypes.SELECT, transaction });
  const occurredAt = new Date().toISOString();
  for (const endpoint of endpoints) {
    // The endpoint reads as a guest of its organization in its view: reading is all it does.
    const reader = { userId: 0, organizationId: endpoint.organization_id, view: endpoint.view, role: 'guest' } as Actor;
    if (!can(reader, resource, 'read')) continue;
    const scope = scopeFor(reader, await loadReach(db, reader), resource);
    const visible = await findInScope(scope, resource, row.get(model.primaryKeyAttribute), { transaction });
    if (!visible) continue;
    const data = visible.toJSON() as Record<string, unknown>;
    for (const field of scope.hidden) delete data[field];
    await WebhookDelivery.create({ endpointId: endpoint.id, organizationId: endpoint.organization_id, event, payload: { event, occurredAt, data } }, { transaction });
  }
}
