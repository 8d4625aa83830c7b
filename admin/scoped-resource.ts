import { Resource } from '@adminjs/sequelize';
import { BaseRecord, flat, ForbiddenError, NotFoundError, ValidationError, type ActionContext, type Filter, type ParamsType } from 'adminjs';
import { Op, Sequelize, type Model, type ModelStatic, type WhereOptions } from 'sequelize';
import { can, checkWrite, hiddenFields, hidesRestricted, rowScope, type Actor, type Operation, type ResourceId } from '../models/domain/policy.ts';
import { resolveActor, subtreeIds } from '../models/actor-lookup.ts';
import { filterToWhere } from './filter-to-where.ts';
import { recordAudit } from '../models/audit.ts';
import type { SessionAdmin } from './session-admin.ts';

export interface Scope {
  actor: Actor;
  /** False where the view has no access to this resource; references to it then stay unresolved. */
  readable: boolean;
  reachable: Set<number> | 'all';
  where: WhereOptions;
  hidden: string[];
}

type Context = ActionContext | undefined;

interface Reach { actor: Actor; reachable: Set<number> | 'all' }

// One lookup per request: every data call of one request shares its currentAdmin object.
const reaches = new WeakMap<object, Promise<Reach>>();
const scopes = new WeakMap<object, Map<string, Promise<Scope>>>();

async function loadReach(db: Sequelize, admin: SessionAdmin): Promise<Reach> {
  const actor = await resolveActor(db, admin.userId, admin.organizationId, admin.view);
  if (!actor) throw new ForbiddenError('Your membership for this organization has ended. Choose another organization.');
  const reachable = actor.view === 'vendor' || actor.view === 'dpo' ? 'all' : await subtreeIds(db, actor.organizationId);
  return { actor, reachable };
}

const idList = (ids: Set<number>) => `array[${[...ids].map((id) => Number(id)).join(',')}]::integer[]`;

/**
 * The @adminjs/sequelize resource with the caller's scope applied inside every data method, so no
 * AdminJS code path (list, show, search, reference dropdowns, bulk actions, the old search route)
 * can reach another tenant's row: an id outside the scope simply does not exist.
 */
export class ScopedResource extends Resource {
  /** Every scoped resource by table, so a reference can be checked against the referenced table's scope. */
  private static readonly byTable = new Map<string, ScopedResource>();
  readonly model: ModelStatic<Model>;
  exactFilterFields = new Set<string>();
  prefixFilterFields = new Set<string>();

  constructor(model: ModelStatic<Model>) {
    super(model);
    this.model = model;
    ScopedResource.byTable.set(this.id(), this);
  }

  get resourceId(): ResourceId {
    return this.id() as ResourceId;
  }

  protected get db(): Sequelize {
    return this.model.sequelize as Sequelize;
  }

  /** The scope of a caller who reads this resource directly (list, show, search, count). */
  async readScope(context: Context): Promise<Scope> {
    const scope = await this.scope(context);
    if (!scope.readable) throw new ForbiddenError('This view has no access to this resource.');
    return scope;
  }

  async scope(context: Context): Promise<Scope> {
    const admin = context?.currentAdmin as SessionAdmin | undefined;
    if (!admin?.userId) throw new ForbiddenError('Log in first.');
    let perAdmin = scopes.get(admin);
    if (!perAdmin) scopes.set(admin, perAdmin = new Map());
    let scope = perAdmin.get(this.resourceId);
    if (!scope) {
      let reach = reaches.get(admin);
      if (!reach) reaches.set(admin, reach = loadReach(this.db, admin));
      perAdmin.set(this.resourceId, scope = reach.then((r) => this.scopeFor(r)));
    }
    return scope;
  }

  private scopeFor({ actor, reachable }: Reach): Scope {
    const rows = rowScope(actor, this.resourceId);
    let where: WhereOptions = {};
    if (!rows) {
      where = { id: { [Op.in]: [] } };
    } else if (rows.kind === 'orgs') {
      where = reachable === 'all' ? {} : { [Op.or]: rows.columns.map((c) => ({ [c]: { [Op.in]: [...reachable] } })) };
    } else if (rows.kind === 'members-of-orgs') {
      where = reachable === 'all' ? {} : { id: { [Op.in]: Sequelize.literal(`(select user_id from memberships where organization_id = any(${idList(reachable)}))`) } };
    } else if (rows.kind === 'granted-to-own-org') {
      where = { id: { [Op.in]: Sequelize.literal(`(select product_group_id from product_group_grants where organization_id = ${Number(actor.organizationId)})`) } };
    } else if (rows.kind === 'via') {
      // Table and column names come from the policy's constants, never from a request.
      where = reachable === 'all' ? {} : { [rows.column]: { [Op.in]: Sequelize.literal(`(select id from ${rows.table} where ${rows.orgColumn} = any(${idList(reachable)}))`) } };
    }
    if (hidesRestricted(actor, this.resourceId)) where = { [Op.and]: [where, { restrictedAt: null }] };
    return { actor, readable: rows !== null, reachable, where, hidden: hiddenFields(actor, this.resourceId) };
  }

  async authorize(context: Context, operation: Operation): Promise<Scope> {
    const scope = await this.scope(context);
    if (!can(scope.actor, this.resourceId, operation)) throw new ForbiddenError('You are not allowed to do this here.');
    return scope;
  }

  protected toRecord(json: Record<string, unknown>, scope: Scope): BaseRecord {
    for (const field of scope.hidden) delete json[field];
    return new BaseRecord(json, this);
  }

  private where(scope: Scope, ...more: WhereOptions[]): WhereOptions {
    return { [Op.and]: [scope.where, ...more] };
  }

  async count(filter: Filter, context?: ActionContext): Promise<number> {
    const scope = await this.readScope(context);
    return this.model.count({ where: this.where(scope, ...filterToWhere(filter, { hidden: scope.hidden, exact: this.exactFilterFields, prefix: this.prefixFilterFields })) });
  }

  async find(filter: Filter, options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } } = {}, context?: ActionContext): Promise<BaseRecord[]> {
    const scope = await this.readScope(context);
    const { limit = 20, offset = 0, sort = {} } = options;
    const pk = this.primaryKey();
    const sortBy = sort.sortBy && this.property(sort.sortBy) && !scope.hidden.includes(sort.sortBy) ? sort.sortBy : pk;
    const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
    const rows = await this.model.findAll({
      where: this.where(scope, ...filterToWhere(filter, { hidden: scope.hidden, exact: this.exactFilterFields, prefix: this.prefixFilterFields })),
      limit: Math.min(Math.max(Number(limit) || 20, 1), 500),
      offset: Math.max(Number(offset) || 0, 0),
      // The id tiebreaker keeps paging stable when the sort column has duplicates.
      order: sortBy === pk ? [[pk, direction]] : [[sortBy, direction], [pk, 'ASC']],
    });
    return rows.map((row) => this.toRecord(row.toJSON(), scope));
  }

  protected async findScoped(id: string | number, scope: Scope): Promise<Model | null> {
    const n = Number(id);
    if (!Number.isSafeInteger(n)) return null;
    return this.model.findOne({ where: this.where(scope, { [this.primaryKey()]: n }) });
  }

  /**
   * A row outside the caller's scope does not exist. AdminJS would answer a missing record with
   * 200 and an error notice; throwing makes the HTTP status an honest 404.
   */
  async findOne(id: string, context?: ActionContext): Promise<BaseRecord> {
    const scope = await this.readScope(context);
    const row = await this.findScoped(id, scope);
    if (!row) throw new NotFoundError(`Record ${id} cannot be found in ${this.resourceId}.`, 'ScopedResource#findOne');
    return this.toRecord(row.toJSON(), scope);
  }

  async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    const scope = await this.scope(context);
    const numeric = ids.map(Number).filter(Number.isSafeInteger);
    const rows = await this.model.findAll({ where: this.where(scope, { [this.primaryKey()]: { [Op.in]: numeric } }) });
    return rows.map((row) => this.toRecord(row.toJSON(), scope));
  }

  async populate(): Promise<never> {
    throw new ForbiddenError('Unscoped population is not available.');
  }

  /** Form params as model values: unflattened, id and hidden fields dropped, empty strings cleared. */
  protected values(params: ParamsType, scope: Scope): Record<string, unknown> {
    const values = flat.unflatten(this.parseParams(params)) as Record<string, unknown>;
    delete values[this.primaryKey()];
    for (const key of ['createdAt', 'updatedAt']) delete values[key];
    for (const field of scope.hidden) {
      // AdminJS forms send every rendered field; an empty hidden one is not an attempt to write it.
      if (values[field] === undefined || values[field] === '' || values[field] === null) delete values[field];
    }
    for (const [key, value] of Object.entries(values)) {
      const property = this.property(key);
      if (value === '' && property && property.type() === 'string' && !property.isRequired()) values[key] = null;
    }
    return values;
  }

  /** A reference may only point at a row the actor can see in the referenced table. */
  private async referenceErrors(values: Record<string, unknown>, context: Context, current?: Record<string, unknown>): Promise<Record<string, string>> {
    const errors: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      const table = this.property(key)?.reference();
      if (!table || value === null || value === undefined) continue;
      if (current && String(current[key] ?? '') === String(value)) continue;
      const target = ScopedResource.byTable.get(table);
      const visible = target && await target.scope(context).then((s) => target.findScoped(value as string, s), () => null);
      if (!visible) errors[key] = 'Choose a record you can see.';
    }
    return errors;
  }

  protected async assertWritable(scope: Scope, values: Record<string, unknown>, context: Context, current?: Record<string, unknown>): Promise<void> {
    const errors = {
      ...await this.referenceErrors(values, context, current),
      ...checkWrite(scope.actor, this.resourceId, values, { reachableOrgIds: scope.reachable, current }),
    };
    if (Object.keys(errors).length > 0) {
      throw new ValidationError(Object.fromEntries(Object.entries(errors).map(([k, message]) => [k, { message, type: 'forbidden' }])),
        { message: Object.values(errors).join(' ') });
    }
  }

  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    const scope = await this.authorize(context, 'create');
    const values = this.values(params, scope);
    await this.assertWritable(scope, values, context);
    return this.insert(values, scope);
  }

  protected async insert(values: Record<string, unknown>, scope: Scope): Promise<ParamsType> {
    const json = await super.create(values);
    await this.audit(scope, 'create', json, Object.keys(values));
    for (const field of scope.hidden) delete json[field];
    return json;
  }

  /** Records who changed which fields of which row; values stay out of the trail (they may be personal). */
  protected async audit(scope: Scope, action: string, row: Record<string, unknown>, fields: string[]): Promise<void> {
    // A deleted organization can no longer own its audit entry; its parent does.
    const tenant = this.resourceId === 'organizations' ? (action === 'delete' ? row.parentId : row.id) : row.organizationId ?? row.customerId;
    await recordAudit({
      userId: scope.actor.userId,
      organizationId: tenant === undefined || tenant === null ? scope.actor.organizationId : Number(tenant),
      action: `${this.resourceId}.${action}`,
      resource: this.resourceId,
      recordId: row[this.primaryKey()] as number,
      details: { fields, view: scope.actor.view },
    });
  }

  async update(id: string, params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    const scope = await this.authorize(context, 'update');
    const current = await this.findScoped(id, scope);
    if (!current) throw new NotFoundError(`Record ${id} cannot be found in ${this.resourceId}.`, 'ScopedResource');
    const values = this.values(params, scope);
    const before = current.toJSON() as Record<string, unknown>;
    await this.assertWritable(scope, values, context, before);
    const json = await this.store(id, values, scope);
    await this.audit(scope, 'update', json, Object.keys(values).filter((k) => String(before[k] ?? '') !== String(json[k] ?? '')));
    for (const field of scope.hidden) delete json[field];
    return json;
  }

  async delete(id: string, context?: ActionContext): Promise<void> {
    const scope = await this.authorize(context, 'delete');
    const current = await this.findScoped(id, scope);
    if (!current) throw new NotFoundError(`Record ${id} cannot be found in ${this.resourceId}.`, 'ScopedResource');
    await current.destroy().catch((error: Error) => {
      if (error.name !== 'SequelizeForeignKeyConstraintError') throw error;
      throw new ValidationError({}, { message: 'This record is still in use by other records; remove or move those first.', type: 'in_use' });
    });
    await this.audit(scope, 'delete', current.toJSON(), []);
  }

  protected store(id: string, values: Record<string, unknown>, _scope: Scope): Promise<ParamsType> {
    return super.update(id, values);
  }
}
