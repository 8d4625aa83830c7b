import { Resource } from '@adminjs/sequelize';
import { BaseRecord, flat, ForbiddenError, NotFoundError, type ActionContext, type ActionRequest, type Filter, type ParamsType } from 'adminjs';
import { DataTypes, Op, QueryTypes, Utils, literal, type FindOptions, type Model, type ModelStatic, type Sequelize, type WhereOptions } from 'sequelize';
import { COUNT_CAP } from '../models/config.ts';
import { TitleRecord } from './title-record.ts';
import type { Literal } from 'sequelize/lib/utils';
import { can, hiddenFields, type Actor, type Operation, type ResourceId } from '../models/domain/policy.ts';
import { currentActorReach } from './actor.ts';
import { filterToWhere } from './filter-to-where.ts';
import { historyText, licenseHistory } from '../services/license-history.ts';
import { findInScope, scopeFor, type Reachable, type Scope } from '../services/reach.ts';
import { createRecord, deleteRecord, deleteRecords, updateRecord } from '../services/records.ts';
import type { SessionAdmin } from './session-admin.ts';
import { msg } from '../templates/messages.ts';
import { withText } from './refusal-json.ts';

export type { Scope } from '../services/reach.ts';

type Context = ActionContext | undefined;

interface Reach { actor: Actor; reachable: Reachable }

export interface PageOptions { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } }

/** The payload of a new/edit request as it was sent, by the request's action context. */
const sentPayloads = new WeakMap<object, Record<string, unknown>>();

/**
 * A `before` hook of the new and edit actions: keeps the payload as sent for the resource and
 * hands AdminJS's own conversion an empty one. That conversion (paramConverter.prepareParams)
 * would turn "maybe" into true for a yes/no field, true and "0x10" into numbers, "2026-02-30"
 * into 2 March and an epoch number into a date, and crash (500) on a list field sent as a single
 * value; the services check every value themselves and refuse what is not one (422, naming the field).
 */
export function keepPayloadAsSent(request: ActionRequest, context: ActionContext): ActionRequest {
  if (request.method !== 'post') return request;
  sentPayloads.set(context, request.payload ?? {});
  return { ...request, payload: {} };
}

// One lookup per request: every data call of one request shares its currentAdmin object.
const reachOf = new WeakMap<object, Promise<Reach>>();
const scopes = new WeakMap<object, Map<string, Promise<Scope>>>();

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
  /** The list's total is counted up to this many rows (config listCountCap). */
  countCap = COUNT_CAP;

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
    if (!scope.readable) throw withText(new ForbiddenError('This view has no access to this resource.'), msg('noAccessToResource'));
    return scope;
  }

  async scope(context: Context): Promise<Scope> {
    const admin = context?.currentAdmin as SessionAdmin | undefined;
    if (!admin?.userId) throw withText(new ForbiddenError('Log in first.'), msg('logInFirst'));
    let perAdmin = scopes.get(admin);
    if (!perAdmin) scopes.set(admin, perAdmin = new Map());
    let scope = perAdmin.get(this.resourceId);
    if (!scope) {
      let reach = reachOf.get(admin);
      if (!reach) // The session's actor as the database says now (a revoked membership ends at once) and its reach.
      reachOf.set(admin, reach = currentActorReach(this.db, admin));
      perAdmin.set(this.resourceId, scope = reach.then(({ actor, reachable }) => scopeFor(actor, reachable, this.resourceId)));
    }
    return scope;
  }

  /** For panel actions and file routes: the scope, refused (403) unless the policy allows the operation. */
  async authorize(context: Context, operation: Operation): Promise<Scope> {
    const scope = await this.scope(context);
    if (!can(scope.actor, this.resourceId, operation)) throw withText(new ForbiddenError('You are not allowed to do this here.'), msg('notAllowedHere'));
    return scope;
  }

  /** The session's actor, re-read from the database, for the services this panel calls. */
  async actor(context: Context): Promise<Actor> {
    return (await this.scope(context)).actor;
  }

  protected toRecord(json: Record<string, unknown>, scope: Scope): BaseRecord {
    for (const field of scope.hidden) delete json[field];
    if (this.resourceId === 'audit_events') redactChanges(json, scope.actor);
    return new BaseRecord(json, this);
  }

  private where(scope: Scope, ...more: WhereOptions[]): WhereOptions {
    return { [Op.and]: [scope.where, ...more] };
  }

  /** The where of a list or count: the scope and the filters (a subclass adds filters on columns that are not attributes). */
  protected async listWhere(scope: Scope, filter: Filter | undefined): Promise<WhereOptions> {
    const attributes = this.model.getAttributes();
    return this.where(scope, ...filterToWhere(filter, {
      hidden: scope.hidden, exact: this.exactFilterFields, prefix: this.prefixFilterFields,
      column: (name) => `${this.model.name}.${attributes[name]?.field ?? name}`,
    }));
  }

  /** The sort of a list by `sortBy`, or null when it is no sortable column (the list is then sorted by id). */
  protected async sortColumn(scope: Scope, sortBy: string): Promise<string | Literal | null> {
    return this.property(sortBy) && !scope.hidden.includes(sortBy) ? sortBy : null;
  }

  /** A list column that is no property (request-guards.ts lets a list sort by it). */
  isListColumn(_name: string): boolean {
    return false;
  }

  async count(filter: Filter, context?: ActionContext): Promise<number> {
    const scope = await this.readScope(context);
    return this.model.count({ where: await this.listWhere(scope, filter) });
  }

  /** The list's total, counted up to countCap + 1 rows (config.ts COUNT_CAP): `capped` when there are more than countCap. */
  async cappedCount(filter: Filter, context?: ActionContext): Promise<{ total: number; capped: boolean }> {
    const scope = await this.readScope(context);
    const options: FindOptions = {
      attributes: [[literal('1'), 'one']],
      where: await this.listWhere(scope, filter),
      limit: this.countCap + 1,
    };
    // Sequelize has no count with a limit: the rows' SELECT as findAll would build it, counted around.
    (Utils as unknown as { mapOptionFieldNames(o: FindOptions, m: ModelStatic<Model>): FindOptions }).mapOptionFieldNames(options, this.model);
    const generator = this.db.getQueryInterface().queryGenerator as { selectQuery(table: unknown, o: FindOptions, m: ModelStatic<Model>): string };
    const rows = generator.selectQuery(this.model.getTableName(), options, this.model).replace(/;\s*$/, '');
    const [{ total }] = await this.db.query<{ total: number }>(`select count(*)::int as total from (${rows}) capped`, { type: QueryTypes.SELECT });
    return { total, capped: total > this.countCap };
  }

  /** The titles of the rows with these ids the caller reads (none where its view does not read this resource). */
  async titles(ids: string[], context?: ActionContext): Promise<Map<string, string>> {
    const scope = await this.scope(context);
    const numeric = ids.map(Number).filter(Number.isSafeInteger);
    if (!scope.readable || !numeric.length) return new Map();
    const pk = this.primaryKey();
    const title = this.decorate().titleProperty().propertyPath;
    const rows = await this.model.findAll({ attributes: [pk, title], where: this.where(scope, { [pk]: { [Op.in]: numeric } }), raw: true });
    return new Map(rows.map((row) => { const r = row as unknown as Record<string, unknown>; return [String(r[pk]), String(r[title] ?? r[pk])]; }));
  }

  async find(filter: Filter, options: PageOptions = {}, context?: ActionContext): Promise<BaseRecord[]> {
    const scope = await this.readScope(context);
    const rows = await this.model.findAll(await this.pageOptions(scope, filter, options));
    return this.records(rows.map((row) => row.toJSON() as Record<string, unknown>), scope);
  }

  /**
   * A list page (as find reads it) and the titles of the rows its references name, as the caller
   * reads them (titles), in one statement: the page's query wrapped in a select that adds, per
   * reference, the referenced row's title within the referenced resource's scope for this caller.
   * The page is read first (its limit inside), so only its own rows' titles are looked up. A
   * reference whose title is not a text column is looked up afterwards, as titles does.
   */
  async findPage(filter: Filter, options: PageOptions, references: Array<{ path: string; reference: ScopedResource }>, context?: ActionContext): Promise<{ records: BaseRecord[]; titles: Map<string, Map<string, string>> }> {
    const scope = await this.readScope(context);
    const find = await this.pageOptions(scope, filter, options);
    const attributes = this.model.getAttributes();
    // The columns as findAll reads them (no virtual attributes), under their attribute names.
    find.attributes = Object.keys(attributes).filter((name) => !(attributes[name].type instanceof DataTypes.VIRTUAL));
    (Utils as unknown as { mapOptionFieldNames(o: FindOptions, m: ModelStatic<Model>): FindOptions }).mapOptionFieldNames(find, this.model);
    const generator = this.db.getQueryInterface().queryGenerator as { selectQuery(table: unknown, o: FindOptions, m: ModelStatic<Model>): string; quoteIdentifier(name: string): string };
    const page = generator.selectQuery(this.model.getTableName(), find, this.model).replace(/;\s*$/, '');
    const columns: Array<{ alias: string; path: string; reference: ScopedResource }> = [];
    const later: Array<{ path: string; reference: ScopedResource }> = [];
    const selected: string[] = [];
    for (const [index, { path, reference }] of references.entries()) {
      const alias = `__title_${index}`;
      const title = attributes[path] ? await reference.titleSql(`page.${generator.quoteIdentifier(path)}`, context) : undefined;
      if (title === undefined) later.push({ path, reference });
      else if (title !== null) {
        columns.push({ alias, path, reference });
        selected.push(`${title} as ${generator.quoteIdentifier(alias)}`);
      }
    }
    // The outer select neither joins nor sorts: PostgreSQL hands the page's rows on in the page's order.
    const rows = await this.db.query<Record<string, unknown>>(`select page.*${selected.map((column) => `, ${column}`).join('')} from (${page}) page`, { type: QueryTypes.SELECT, raw: true });
    // The titles read aside, the rows made records (completed, hidden fields removed) as find makes them.
    const read = rows.map((row) => {
      const texts = columns.map(({ alias, path }) => ({ id: row[path], text: row[alias] }));
      for (const { alias } of columns) delete row[alias];
      return texts;
    });
    const records = await this.records(rows, scope);
    const titles = new Map<string, Map<string, string>>();
    const titlesOf = (resource: ScopedResource) => titles.get(resource.id()) ?? titles.set(resource.id(), new Map()).get(resource.id())!;
    // A title counts where the record shows the reference (as titles() looked up the ids the records carry).
    const idIn = (record: BaseRecord, path: string) => {
      const id = record.params[path];
      return id === null || id === undefined || id === '' ? null : String(id);
    };
    // An id the record carries other than the one its title was read for (a resource's complete() changing it) is looked up afterwards.
    const unread = new Map<ScopedResource, Set<string>>();
    records.forEach((record, index) => columns.forEach(({ path, reference }, column) => {
      const id = idIn(record, path);
      const { id: readFor, text } = read[index][column];
      if (id === null) return;
      if (String(readFor) !== id) unread.set(reference, (unread.get(reference) ?? new Set()).add(id));
      else if (text !== null && text !== undefined) titlesOf(reference).set(id, String(text));
    }));
    for (const { path, reference } of later) {
      for (const id of records.map((record) => idIn(record, path))) if (id !== null) unread.set(reference, (unread.get(reference) ?? new Set()).add(id));
    }
    const looked = await Promise.all([...unread].map(async ([reference, ids]) => [reference, await reference.titles([...ids], context)] as const));
    for (const [reference, found] of looked) for (const [id, text] of found) titlesOf(reference).set(id, text);
    for (const { reference } of references) titlesOf(reference);
    return { records, titles };
  }

  /**
   * The title of the row of this resource whose id `referencing` (an SQL expression) names, as the
   * caller reads it (titles): a scalar subquery; null where the caller's view does not read this
   * resource (no title), undefined where the title is no text column (titles looks it up instead).
   */
  async titleSql(referencing: string, context?: ActionContext): Promise<string | null | undefined> {
    const scope = await this.scope(context);
    if (!scope.readable) return null;
    const attributes = this.model.getAttributes();
    const pk = this.primaryKey();
    const title = this.decorate().titleProperty().propertyPath;
    const type = attributes[title]?.type;
    if (!attributes[pk] || !(type instanceof DataTypes.STRING || type instanceof DataTypes.TEXT)) return undefined;
    const generator = this.db.getQueryInterface().queryGenerator as {
      getWhereConditions(where: WhereOptions, table: string, model: ModelStatic<Model>): string; quoteIdentifier(name: string): string; quoteTable(table: unknown): string;
    };
    const q = (name: string) => generator.quoteIdentifier(name);
    const where = generator.getWhereConditions((Utils as unknown as { mapWhereFieldNames(w: WhereOptions, m: ModelStatic<Model>): WhereOptions }).mapWhereFieldNames(scope.where, this.model), 'ref', this.model);
    const field = (name: string) => `ref.${q(attributes[name].field ?? name)}`;
    return `(select coalesce(${field(title)}::text, ${field(pk)}::text) from ${generator.quoteTable(this.model.getTableName())} ref where ${field(pk)} = ${referencing}${where ? ` and ${where}` : ''})`;
  }

  /** The findAll options of a list page (find, findPage). */
  private async pageOptions(scope: Scope, filter: Filter, options: PageOptions): Promise<FindOptions> {
    const { limit = 20, offset = 0, sort = {} } = options;
    const pk = this.primaryKey();
    const sortBy = sort.sortBy ? await this.sortColumn(scope, sort.sortBy) : null;
    const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
    return {
      where: await this.listWhere(scope, filter),
      limit: Math.min(Math.max(Number(limit) || 20, 1), 500),
      offset: Math.max(Number(offset) || 0, 0),
      // The id tiebreaker keeps paging stable when the sort column has duplicates.
      order: sortBy === null || sortBy === pk ? [[pk, direction]] : [[sortBy, direction], [pk, 'ASC']],
    };
  }

  /** A page's rows as records: completed (complete), hidden fields removed. */
  private async records(json: Array<Record<string, unknown>>, scope: Scope): Promise<BaseRecord[]> {
    await this.complete(json, scope);
    return json.map((row) => this.toRecord(row, scope));
  }

  /** Adds what a resource shows beyond its columns (computed from other rows: a customer's billing recipient, custom property columns) to the rows read for a list or a page. */
  protected async complete(_rows: Array<Record<string, unknown>>, _scope: Scope): Promise<void> {}

  /**
   * A row outside the caller's scope does not exist. AdminJS would answer a missing record with
   * 200 and an error notice; throwing makes the HTTP status an honest 404. A list filtered by a
   * reference asks for the referenced record only to show it next to the filter (Filter.populate):
   * there a record out of reach (or in a resource the view does not read) is none, and the filter
   * matches nothing.
   */
  async findOne(id: string, context?: ActionContext): Promise<BaseRecord | null> {
    const forFilter = context?.action?.name === 'list';
    const scope = forFilter ? await this.scope(context) : await this.readScope(context);
    const row = forFilter && !scope.readable ? null : await findInScope(scope, this.resourceId, id);
    if (!row && forFilter) return null;
    if (!row) throw withText(new NotFoundError(`Record ${id} cannot be found in ${this.resourceId}.`, 'ScopedResource#findOne'), msg('notFound', { what: msg('record', { resource: this.resourceId, id }) }));
    const json = row.toJSON() as Record<string, unknown>;
    // A license's page lists its history (each operation, as this reader may see it).
    if (this.resourceId === 'licenses' && context?.action?.name === 'show') json.history = historyText(await licenseHistory(this.db, scope.actor, id, { reachable: scope.reachable }));
    await this.complete([json], scope);
    return this.toRecord(json, scope);
  }

  /**
   * Rows by id as AdminJS shows a page's references and a bulk action's rows: id and title only,
   * within the caller's scope (none where its view does not read this resource).
   */
  async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    const titles = await this.titles(ids.map(String), context);
    const title = this.decorate().titleProperty().propertyPath;
    return [...titles].map(([id, text]) => new TitleRecord({ [this.primaryKey()]: Number(id), [title]: text }, this));
  }

  async populate(): Promise<never> {
    throw new ForbiddenError('Unscoped population is not available.');
  }

  /**
   * Service input: the payload as sent (keepPayloadAsSent), else the params given, unflattened
   * (views.0 → views[0]); the services check every field.
   */
  protected input(params: ParamsType, context?: ActionContext): Record<string, unknown> {
    const sent = context && sentPayloads.get(context);
    return flat.unflatten(sent ?? params ?? {}) as Record<string, unknown>;
  }

  async create(params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    return createRecord(this.db, await this.actor(context), this.resourceId, this.input(params, context));
  }

  async update(id: string, params: ParamsType, context?: ActionContext): Promise<ParamsType> {
    return updateRecord(this.db, await this.actor(context), this.resourceId, id, this.input(params, context));
  }

  async delete(id: string, context?: ActionContext): Promise<void> {
    await deleteRecord(this.db, await this.actor(context), this.resourceId, id);
  }

  /** Several rows at once, all or none (bulkDeleteAction). */
  async deleteMany(ids: string[], context?: ActionContext): Promise<void> {
    await deleteRecords(this.db, await this.actor(context), this.resourceId, ids);
  }
}

/** An audit entry's changes without the fields the reader's view may not see in the audited resource (prices, billing). */
function redactChanges(json: Record<string, unknown>, actor: Actor): void {
  const details = json.details as { changes?: Record<string, unknown> } | null;
  if (!details?.changes || typeof json.resource !== 'string') return;
  const hidden = hiddenFields(actor, json.resource as ResourceId);
  json.details = { ...details, changes: Object.fromEntries(Object.entries(details.changes).filter(([field]) => !hidden.includes(field))) };
}
