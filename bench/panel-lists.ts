/**
 * Targets 1 and 2: the panel's list and search endpoints against their floor (the same rows from a
 * bare indexed SQL endpoint) and against stock AdminJS, in the same run.
 */
import type pg from 'pg';
import type { Client } from './http-client.ts';
import { floorSql, subtree, type ListResource, type ListSort } from './floor-server.ts';
import { STOCK_ROOT } from './stock-adminjs.ts';
import { measure, record } from './measure.ts';

export interface ListActors { vendor: Client; reseller: Client; customer: Client }
export interface ListScopes { reseller: number; customer: number }

const PER_PAGE = 10;
const DATE_SORT: Record<ListResource, string> = { licenses: 'expiresOn', subscriptions: 'startDate' };

const panelUrl = (resource: ListResource, page: number, sort: ListSort) =>
  `/admin/api/resources/${resource}/actions/list?page=${page}&perPage=${PER_PAGE}${sort === 'date' ? `&sortBy=${DATE_SORT[resource]}&direction=desc` : ''}`;

export async function panelLists(panel: ListActors, floor: Client, stock: Client, scopes: ListScopes): Promise<void> {
  for (const resource of ['licenses', 'subscriptions'] as const) {
    // A customer's view does not read subscriptions (models/domain/policy.ts).
    for (const who of resource === 'licenses' ? ['vendor', 'reseller', 'customer'] as const : ['vendor', 'reseller'] as const) {
      for (const page of [1, 100]) {
        for (const sort of ['default', 'date'] as const) {
          const name = `${resource} list as ${who}, page ${page}, ${sort} sort`;
          const org = who === 'vendor' ? 'all' : scopes[who];
          const floorTime = await measure(() => floor.get(`/floor/${resource}?org=${org}&page=${page}&perPage=${PER_PAGE}&sort=${sort}`));
          const panelTime = await measure(() => panel[who].get(panelUrl(resource, page, sort)));
          record({ section: '1 lists', name, value: panelTime.median, unit: 'ms', floor: { value: floorTime.median, name: 'bare SQL endpoint' }, target: { max: 2 } });
          if (who === 'vendor') {
            const stockTime = await measure(() => stock.get(panelUrl(resource, page, sort).replace('/admin', STOCK_ROOT)), 5, 1);
            record({ section: '1 lists', name: `${name} vs stock AdminJS`, value: panelTime.median, unit: 'ms', floor: { value: stockTime.median, name: 'stock AdminJS' }, target: { max: 0.2 } });
          }
        }
      }
    }
  }
}

/** The plans of the floor's statements, so a reader sees which indexes carry them. */
export async function listPlans(sql: pg.Pool, scopes: ListScopes): Promise<string[]> {
  const plans: string[] = [];
  for (const [resource, org, sort] of [['licenses', null, 'date'], ['licenses', scopes.reseller, 'default'], ['subscriptions', scopes.reseller, 'date']] as const) {
    for (const statement of floorSql(resource, org === null ? null : await subtree(sql, org), sort, 100, PER_PAGE)) {
      const plan = await sql.query(`explain ${statement.text}`, statement.values);
      plans.push(`-- ${resource}, ${org === null ? 'vendor' : `org ${org}`}, ${sort} sort, page 100\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  }
  return plans;
}
