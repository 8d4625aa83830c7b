import { Filter, flat, type ActionContext, type ActionDecorator, type ActionHandler, type ActionJSON, type ActionRequest, type BaseRecord, type PropertyDecorator, type RecordJSON } from 'adminjs';
import type { ScopedResource } from './scoped-resource.ts';
import { displaySources } from './display-values.ts';
import { SHOW_LINK, titleOnly } from './title-record.ts';

/** AdminJS's own cap on a page. */
const PER_PAGE_LIMIT = 500;

/**
 * The list action's handler, in place of AdminJS's (adminjs/lib/backend/actions/list): the same
 * answer for the same query, at a fraction of the cost and the bytes (README, Performance):
 * - the page and its total are read at the same time, the total counted up to the resource's cap
 *   (config.ts COUNT_CAP; the list shows a capped total as "10.000+", components/capped-list.ts);
 * - only the titles of the references the page shows are read, in the page's own statement and
 *   within each referenced resource's scope for the reader (ScopedResource.findPage; AdminJS loads
 *   each referenced row whole and sends it with its own actions);
 * - a record carries the fields the list shows and its actions without what only an action's own
 *   page needs.
 * Scope, filters and sorting stay the ScopedResource's, so nothing here widens what a caller reads.
 */
export const listHandler: ActionHandler<ListResponse> = async (request, _response, context) => {
  const resource = context.resource as unknown as ScopedResource;
  const decorated = context.resource.decorate();
  const firstSortable = decorated.getListProperties().find((property) => property.isSortable())?.name() ?? resource.primaryKey();
  const { page, perPage, sort, filters } = pageQuery(request, context, { perPage: context._admin.options.settings?.defaultPerPage ?? 10, sortBy: firstSortable });
  const filter = await new Filter(filters, context.resource).populate(context);
  const listed = decorated.getListProperties();
  const references = listed.filter((property) => property.reference()).map((property) => ({ path: property.propertyPath, reference: property.reference() as unknown as ScopedResource }));
  // The page with its references' titles in one statement, the total beside it.
  const [{ records, titles }, count] = await Promise.all([
    resource.findPage(filter, { limit: perPage, offset: (page - 1) * perPage, sort }, references, context),
    resource.cappedCount(filter, context),
  ]);
  const listedPaths = new Set(listed.map((property) => property.propertyPath));
  // The listed fields, the title, the id, and what the listed display texts are made from (display-values.ts, after this handler).
  const shown = new Set([...listedPaths, ...displaySources(resource.resourceId, listedPaths), decorated.titleProperty().propertyPath, resource.primaryKey()]);
  const rows: Rows = { shown, titles, listed, sent: new Map(), actions: new Map(), context };
  return {
    meta: { total: count.total, totalIsAtLeast: count.capped, perPage, page, direction: sort.direction, sortBy: sort.sortBy },
    records: records.map((record) => listRecord(record, rows)),
  };
};

export interface ListResponse {
  meta: { total: number; totalIsAtLeast: boolean; perPage: number; page: number; direction: 'asc' | 'desc'; sortBy: string };
  records: RecordJSON[];
}

/**
 * Paging and sorting as AdminJS reads them (its sortSetter): the query's, else the resource's
 * default sort, else `defaults.sortBy`; an empty value counts as none. request-guards.ts has already
 * refused a page, a field or a direction the database cannot take.
 */
function pageQuery(request: ActionRequest, context: ActionContext, defaults: { perPage: number; sortBy: string }) {
  const query = flat.unflatten(request.query ?? {}) as { page?: string; perPage?: string; sortBy?: string; direction?: string; filters?: Record<string, unknown> };
  const perPage = Math.min(Math.max(Math.trunc(Number(query.perPage)) || defaults.perPage, 1), PER_PAGE_LIMIT);
  const page = Math.max(Math.trunc(Number(query.page)) || 1, 1);
  const sort: { sortBy?: string; direction?: string } = context.resource.decorate().options.sort ?? {};
  const sortBy = query.sortBy || sort.sortBy || defaults.sortBy;
  const direction: 'asc' | 'desc' = (query.direction || sort.direction || 'asc') === 'desc' ? 'desc' : 'asc';
  return { page, perPage, sort: { sortBy, direction }, filters: query.filters ?? {} };
}

type Titles = Map<string, Map<string, string>>;

/**
 * The fields of an action the list's row menu and row click use (actions-to-button-group,
 * build-action-click-handler, action-href), without those that are empty or false: the client
 * reads a missing one the same way, except `component`. (The resource id only named a CSS hook, `data-css`, no style uses.)
 */
function rowAction(action: ActionJSON): ActionJSON {
  const { name, actionType, icon, label, guard, component, showInDrawer, variant, parent, hasHandler } = action;
  const fields = { name, actionType, icon, label, guard, showInDrawer, variant, parent, hasHandler };
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== '' && value !== null && value !== false && value !== undefined));
  // `component: false` (no page of its own: the action is called directly) differs from a missing one.
  return { ...present, component } as unknown as ActionJSON;
}

/**
 * What the rows of one list answer share, worked out once for the request and dropped with it:
 * which of a row's keys are sent, and each action's fields (the same for every row; whether a row
 * offers the action is still asked per row).
 */
interface Rows {
  shown: Set<string>;
  titles: Titles;
  listed: PropertyDecorator[];
  sent: Map<string, boolean>;
  actions: Map<ActionDecorator, ActionJSON>;
  context: ActionContext;
}

function listRecord(record: BaseRecord, rows: Rows): RecordJSON {
  const { shown, titles, listed, sent, actions, context } = rows;
  const decorated = record.resource.decorate();
  // The listed fields, and what a resource computes for its rows beyond its properties (ScopedResource.complete).
  const isSent = (key: string) => {
    let answer = sent.get(key);
    if (answer === undefined) {
      const field = key.split('.')[0];
      sent.set(key, answer = shown.has(field) || !decorated.getPropertyByKey(field));
    }
    return answer;
  };
  const params = Object.fromEntries(Object.entries(record.params).filter(([key]) => isSent(key)));
  const populated: Record<string, RecordJSON> = {};
  for (const property of listed) {
    const reference = property.reference();
    const id = record.params[property.propertyPath];
    const title = reference ? titles.get(reference.id())?.get(String(id)) : undefined;
    // Shown as a link to the referenced row's page (reference-value.tsx looks for its show action).
    if (title !== undefined) populated[property.propertyPath] = titleOnly(String(id), title, SHOW_LINK);
  }
  const { currentAdmin } = context;
  const json = (action: ActionDecorator) => {
    let answer = actions.get(action);
    if (!answer) actions.set(action, answer = rowAction(action.toJSON(currentAdmin)));
    return answer;
  };
  return {
    id: record.id(),
    title: decorated.titleOf(record),
    params,
    populated,
    errors: {},
    baseError: null,
    recordActions: decorated.recordActions(record, currentAdmin).map(json),
    bulkActions: decorated.bulkActions(record, currentAdmin).map(json),
  };
}

/**
 * The search action's handler (reference dropdowns and filters, autocomplete), in place of
 * AdminJS's: the same rows (the title property matched as filter-to-where.ts matches it, the
 * resource's sort), each as the id and title the dropdown shows — AdminJS sends each whole, with
 * its actions.
 */
export const searchHandler: ActionHandler<{ records: RecordJSON[] }> = async (request, _response, context) => {
  const resource = context.resource as unknown as ScopedResource;
  const decorated = context.resource.decorate();
  // What is searched, and (without a sort of its own) what the rows are sorted by.
  const searchProperty = (typeof request.query?.searchProperty === 'string' && request.query.searchProperty) || decorated.titleProperty().name();
  const { page, perPage, sort, filters } = pageQuery(request, context, { perPage: 50, sortBy: searchProperty });
  const searched = request.params?.query;
  const filter = new Filter({ ...filters, ...(searched ? { [searchProperty]: searched } : {}) }, context.resource);
  const records = await resource.find(filter, { limit: perPage, offset: (page - 1) * perPage, sort }, context);
  return { records: records.map((record) => titleOnly(String(record.id()), decorated.titleOf(record))) };
};
