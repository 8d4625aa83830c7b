/**
 * What an actor reaches: the organizations at and below its own, and per resource the rows the
 * policy gives its view. Every service and every panel read asks here, so a row out of reach does
 * not exist for the caller (404), whichever way it is asked for.
 */
import { Op, Sequelize, type Model, type ModelStatic, type Transaction, type WhereOptions } from 'sequelize';
import { can, hiddenFields, hidesRestricted, rowScope, type Actor, type Operation, type ResourceId } from '../models/domain/policy.ts';
import { subtreeIds } from '../models/actor-lookup.ts';
import { MODELS } from '../models/index.ts';
import { forbidden, notFound } from './refusal.ts';
import { msg } from '../templates/messages.ts';

export type Reachable = Set<number> | 'all';

export interface Scope {
  actor: Actor;
  /** False where the view has no access to this resource; references to it then stay unresolved. */
  readable: boolean;
  reachable: Reachable;
  where: WhereOptions;
  hidden: string[];
}

/** The views that reach every organization. */
export const REACHES_ALL_VIEWS: readonly string[] = ['vendor', 'dpo'];

/** Vendor staff and the DPO reach every organization; every other view its own and those below. */
export function reachesAll(view: string): boolean {
  return REACHES_ALL_VIEWS.includes(view);
}

export async function loadReach(db: Sequelize, actor: Actor): Promise<Reachable> {
  return reachesAll(actor.view) ? 'all' : subtreeIds(db, actor.organizationId);
}

export function reaches(reachable: Reachable, organizationId: unknown): boolean {
  const n = Number(organizationId);
  return reachable === 'all' || (Number.isInteger(n) && reachable.has(n));
}

const idList = (ids: Set<number>) => `array[${[...ids].map((id) => Number(id)).join(',')}]::integer[]`;

/** The rows of `resource` the actor reaches, as a where clause (table and column names come from the policy, never from a request). */
export function scopeFor(actor: Actor, reachable: Reachable, resource: ResourceId): Scope {
  const rows = rowScope(actor, resource);
  let where: WhereOptions = {};
  if (!rows) {
    where = { id: { [Op.in]: [] } };
  } else if (rows.kind === 'orgs') {
    where = reachable === 'all' ? {} : { [Op.or]: rows.columns.map((c) => ({ [c]: { [Op.in]: [...reachable] } })) };
  } else if (rows.kind === 'members-of-orgs') {
    where = reachable === 'all' ? {} : { id: { [Op.in]: Sequelize.literal(`(select user_id from memberships where organization_id = any(${idList(reachable)}))`) } };
  } else if (rows.kind === 'granted-groups') {
    where = { [rows.column]: { [Op.in]: Sequelize.literal(`(select product_group_id from product_group_grants where organization_id = ${Number(actor.organizationId)})`) } };
  } else if (rows.kind === 'held' && reachable !== 'all') {
    const held = `select article_id from licenses where organization_id = any(${idList(reachable)})
      union select article_id from tickets where organization_id = any(${idList(reachable)})
      union select article_id from subscriptions where customer_id = any(${idList(reachable)})`;
    where = { [rows.column]: { [Op.in]: Sequelize.literal(rows.of === 'article' ? `(${held})` : `(select product_group_id from articles where id in (${held}))`) } };
  } else if (rows.kind === 'shared-properties') {
    where = {
      [Op.and]: [
        reachable === 'all' ? {} : { organizationId: { [Op.in]: [...reachable] } },
        { definitionId: { [Op.in]: Sequelize.literal('(select id from custom_property_definitions where visible_to_customer)') } },
      ],
    };
  } else if (rows.kind === 'via') {
    where = reachable === 'all' ? {} : { [rows.column]: { [Op.in]: Sequelize.literal(`(select id from ${rows.table} where ${rows.orgColumn} = any(${idList(reachable)}))`) } };
  }
  if (hidesRestricted(actor, resource)) where = { [Op.and]: [where, { restrictedAt: null }] };
  return { actor, readable: rows !== null, reachable, where, hidden: hiddenFields(actor, resource) };
}

/** The one authorization call a service begins with: refused (403) unless the policy allows the operation. */
export async function authorize(db: Sequelize, actor: Actor, resource: ResourceId, operation: Operation): Promise<Scope> {
  if (!can(actor, resource, operation)) throw forbidden();
  return scopeFor(actor, await loadReach(db, actor), resource);
}

/** A row by id as the actor reaches it, or null (also for ids that are not ids). */
export async function findInScope(scope: Scope, resource: ResourceId, id: unknown, options: { transaction?: Transaction; lock?: boolean } = {}): Promise<Model | null> {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n < 1 || n > 2_147_483_647) return null;
  const model: ModelStatic<Model> = MODELS[resource];
  return model.findOne({
    where: { [Op.and]: [scope.where, { [model.primaryKeyAttribute]: n }] },
    transaction: options.transaction,
    lock: options.lock && options.transaction ? options.transaction.LOCK.UPDATE : undefined,
  });
}

/**
 * The row an operation changes, locked for the transaction: 404 (the record cannot be found) when it
 * does not exist or is out of the actor's reach.
 */
export async function lockedInScope<M extends Model>(scope: Scope, resource: ResourceId, id: unknown, transaction: Transaction): Promise<M> {
  const row = await findInScope(scope, resource, id, { transaction, lock: true });
  if (!row) throw notFound(msg('record', { resource, id }));
  return row as M;
}
