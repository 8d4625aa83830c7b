/**
 * The audit entry of a write, in the write's transaction: who (user, view), which organization,
 * what (each changed field before and after), when. Secrets and files are never copied, only
 * marked as changed. Fields a view may not see (prices, billing) are dropped from what that view
 * reads of the entry (admin/scoped-resource.ts), so one entry serves vendor and customer alike.
 * An entry that is a webhook event (a license created or changed, a subscription changed, a
 * statement issued) also writes its outbox rows here, in the same transaction (webhook-outbox.ts).
 */
import type { Transaction } from 'sequelize';
import { recordAudit, recordAudits } from '../models/audit.ts';
import { personOf, type Actor, type ResourceId } from '../models/domain/policy.ts';
import { enqueueWebhookEvents } from './webhook-outbox.ts';

const NOT_COPIED = new Set(['password', 'passwordHash', 'tokenHash', 'logo']);
const NOT_CHANGES = new Set(['id', 'createdAt', 'updatedAt']);

type Row = Record<string, unknown>;
export type Changes = Record<string, { before: unknown; after: unknown } | { changed: true }>;

/**
 * The organization whose trail an entry joins: the row's tenant (a subscription's and a reseller
 * price's is the reseller, which the customer does not read).
 */
function tenantOf(resource: ResourceId, row: Row, deleted: boolean): number | null {
  const tenant = resource === 'organizations' ? (deleted ? row.parentId : row.id)
    : resource === 'subscriptions' || resource === 'reseller_prices' ? row.resellerId : row.organizationId;
  return tenant === undefined || tenant === null ? null : Number(tenant);
}

export function changesBetween(before: Row | undefined, after: Row, fields = Object.keys(after)): Changes {
  const changes: Changes = {};
  for (const field of fields) {
    if (NOT_CHANGES.has(field)) continue;
    const from = before?.[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes[field] = NOT_COPIED.has(field) ? { changed: true } : { before: from, after: to };
  }
  return changes;
}

/**
 * Who an entry names: the user in person (none for the portal itself or an API token), and in
 * `who` the view acted in and the API token where one acted.
 */
export function auditActor(actor: Actor): { userId: number | null; who: { view: string; apiTokenId?: number } } {
  return { userId: personOf(actor), who: { view: actor.view, ...(actor.apiTokenId !== undefined && { apiTokenId: actor.apiTokenId }) } };
}

export async function auditWrite(actor: Actor, resource: ResourceId, action: 'create' | 'update' | 'delete', row: Row, before: Row | undefined, transaction: Transaction): Promise<void> {
  await auditWrites(actor, resource, action, [{ row, before }], transaction);
}

/**
 * The entries of one action on several rows at once (the ERP import's section), each exactly as
 * auditWrite writes it, inserted together, with their outbox rows (one look-up of the recipients
 * for all rows): a bulk write raises the same events as the same writes made one by one.
 */
export async function auditWrites(actor: Actor, resource: ResourceId, action: 'create' | 'update' | 'delete', writes: Array<{ row: Row; before: Row | undefined }>,
  transaction: Transaction): Promise<void> {
  // An edit that changed nothing (every field sent as it was) is no change: no entry, no event.
  const changed = writes.map((write) => ({ ...write, changes: action === 'delete' ? {} : changesBetween(write.before, write.row) }))
    .filter(({ changes }) => action !== 'update' || Object.keys(changes).length > 0);
  if (changed.length === 0) return;
  const { userId, who } = auditActor(actor);
  await recordAudits(changed.map(({ row, changes }) => ({
    userId,
    organizationId: tenantOf(resource, row, action === 'delete') ?? actor.organizationId,
    action: `${resource}.${action}`,
    resource,
    recordId: row.id as number,
    details: { ...who, changes },
  })), transaction);
  await enqueueWebhookEvents(resource, action, changed.map(({ row }) => row.id), transaction);
}

/** A named operation (terminate, activate, password change …) with the fields it changed. */
export async function auditOperation(actor: Actor, resource: ResourceId, operation: string, organizationId: number | null, recordId: number,
  changes: Changes, transaction: Transaction, extra: Row = {}): Promise<void> {
  const { userId, who } = auditActor(actor);
  await recordAudit({
    userId, organizationId: organizationId ?? actor.organizationId, action: `${resource}.${operation}`, resource, recordId, details: { ...who, changes, ...extra },
  }, transaction);
  await enqueueWebhookEvents(resource, operation, [recordId], transaction);
}
