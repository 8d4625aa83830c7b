/**
 * The webhook outbox: every audited change (services/audit-trail.ts, the one place audit entries of
 * licenses, subscriptions and statements are written) that is a webhook event
 * (models/domain/webhook-rules.ts webhookEventOf) writes one delivery row per receiving endpoint,
 * in the change's own transaction: the event exists exactly when the change does, and no caller
 * can forget it. The recipients are computed now, by the same reach and policy as everything else:
 * an endpoint receives the event when the view it was registered in reads the row (so the row's
 * organization and those above it, never another tenant), with the fields that view may see.
 */
import { Op, QueryTypes, type Transaction } from 'sequelize';
import { can, type Actor, type ResourceId } from '../models/domain/policy.ts';
import { webhookEventOf } from '../models/domain/webhook-rules.ts';
import { MODELS, WebhookDelivery } from '../models/index.ts';
import { loadReach, scopeFor } from './reach.ts';

/** The organizations a row belongs to; endpoints of these and of the organizations above them are candidates. */
const TENANT_COLUMNS: Partial<Record<ResourceId, string[]>> = {
  licenses: ['organizationId'], subscriptions: ['resellerId', 'customerId'], statements: ['resellerId'],
};

/**
 * The outbox rows of one audited action on some rows of a resource (one row for a panel write, a
 * section's rows for the ERP import): the recipients are found once for all of them, each
 * endpoint's scope is read once and its visible rows in one query, and the rows are inserted together.
 */
export async function enqueueWebhookEvents(resource: ResourceId, action: string, recordIds: unknown[], transaction: Transaction): Promise<void> {
  const event = webhookEventOf(resource, action);
  const columns = TENANT_COLUMNS[resource];
  const ids = recordIds.map(Number).filter(Number.isSafeInteger);
  if (!event || !columns || ids.length === 0) return;
  const model = MODELS[resource];
  const db = model.sequelize!;
  const key = model.primaryKeyAttribute;
  const rows = await model.findAll({ where: { [key]: ids }, transaction });
  if (rows.length === 0) return;
  const organizationIds = [...new Set(rows.flatMap((row) => columns.map((c) => Number(row.get(c)))).filter(Number.isSafeInteger))];
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
  const deliveries: Array<Record<string, unknown>> = [];
  for (const endpoint of endpoints) {
    // The endpoint reads as a guest of its organization in its view: reading is all it does.
    const reader = { userId: 0, organizationId: endpoint.organization_id, view: endpoint.view, role: 'guest' } as Actor;
    if (!can(reader, resource, 'read')) continue;
    const scope = scopeFor(reader, await loadReach(db, reader), resource);
    const visible = await model.findAll({ where: { [Op.and]: [scope.where, { [key]: ids }] }, order: [[key, 'ASC']], transaction });
    for (const row of visible) {
      const data = row.toJSON() as Record<string, unknown>;
      for (const field of scope.hidden) delete data[field];
      deliveries.push({ endpointId: endpoint.id, organizationId: endpoint.organization_id, event, payload: { event, occurredAt, data } });
    }
  }
  await WebhookDelivery.bulkCreate(deliveries, { transaction });
}
