/**
 * Target 2: search and autocomplete at scale — a license key typed from its start (the reference
 * dropdown's search and the list's key filter) and a part of an organization's name — against the
 * same rows from the bare SQL endpoint.
 */
import type pg from 'pg';
import type { Client } from './http-client.ts';
import { measure, record } from './measure.ts';
import { subtree, type FloorQueries } from './floor-server.ts';


/** Each search: the panel's URL, and the floor's SQL for the same rows (parameter $1: the caller's organization, when scoped). */
export const SEARCHES = [
  {
    name: 'license key prefix, autocomplete, as vendor', who: 'vendor',
    panel: '/admin/api/resources/licenses/actions/search/LIC-3A',
    sql: `select id, license_key from licenses where lower(license_key) like 'lic-3a%' order by license_key, id limit 50`,
  },
  {
    name: 'license key prefix, autocomplete, as reseller', who: 'reseller',
    panel: '/admin/api/resources/licenses/actions/search/LIC-3',
    sql: `select id, license_key from licenses where organization_id = any($1) and lower(license_key) like 'lic-3%' order by license_key, id limit 50`,
  },
  {
    name: 'license key prefix, list filter, as vendor', who: 'vendor',
    panel: '/admin/api/resources/licenses/actions/list?perPage=10&filters.licenseKey=LIC-3A',
    sql: `select l.*, o.name, a.name from (select * from licenses where lower(license_key) like 'lic-3a%' order by license_key, id limit 10) l
          join organizations o on o.id = l.organization_id join articles a on a.id = l.article_id;
          select count(*) from (select 1 from licenses where lower(license_key) like 'lic-3a%' limit 10001) c`,
  },
  {
    name: 'organization name part, autocomplete, as vendor', who: 'vendor',
    panel: `/admin/api/resources/organizations/actions/search/${encodeURIComponent('eller 12')}`,
    sql: `select id, name from organizations where name ilike '%eller 12%' order by name, id limit 50`,
  },
] as const;

/** The floor's routes: /floor/query/<index> (it looks up the reseller's organizations first, as the panel does once per request). */
export const SEARCH_QUERIES: FloorQueries = Object.fromEntries(SEARCHES.map((search, index) => [String(index), search.sql]));

export async function searches(panel: Record<'vendor' | 'reseller', Client>, floor: Client, resellerId: number): Promise<void> {
  for (const [index, search] of SEARCHES.entries()) {
    const floorTime = await measure(() => floor.get(`/floor/query/${index}?org=${resellerId}`));
    const measured = await measure(() => panel[search.who].get(search.panel));
    record({ section: '2 search', name: search.name, value: measured.median, unit: 'ms', floor: { value: floorTime.median, name: 'bare SQL endpoint' }, target: { max: 2 } });
  }
}

export async function searchPlans(sql: pg.Pool, resellerId: number): Promise<string[]> {
  const plans: string[] = [];
  for (const search of SEARCHES) {
    const text = search.sql.split(';')[0];
    const plan = await sql.query(`explain ${text}`, text.includes('$1') ? [await subtree(sql, resellerId)] : []);
    plans.push(`-- ${search.name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  return plans;
}
