/**
 * Target 2: search and autocomplete at scale — a license key typed from its start (the reference
 * dropdown's search and the list's key filter) and a part of an organization's name — against the
 * same rows from the bare SQL endpoint.
 */
import type pg from 'pg';
import type { Client } from './http-client.ts';
import { measure, record } from './measure.ts';

const SUBTREE = `with recursive t(id) as (select $1::int union all select o.id from organizations o join t on o.parent_id = t.id)`;

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
    sql: `${SUBTREE} select id, license_key from licenses where organization_id in (select id from t) and lower(license_key) like 'lic-3%' order by license_key, id limit 50`,
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

export async function searches(panel: Record<'vendor' | 'reseller', Client>, sql: pg.Pool, resellerId: number): Promise<void> {
  for (const search of SEARCHES) {
    const values = search.sql.includes('$1') ? [resellerId] : [];
    const floor = await measure(() => Promise.all(search.sql.split(';').map((text) => sql.query(text, values))));
    const measured = await measure(() => panel[search.who].get(search.panel));
    record({ section: '2 search', name: search.name, value: measured.median, unit: 'ms', floor: { value: floor.median, name: 'bare SQL' }, target: { max: 2 } });
  }
}

export async function searchPlans(sql: pg.Pool, resellerId: number): Promise<string[]> {
  const plans: string[] = [];
  for (const search of SEARCHES) {
    const text = search.sql.split(';')[0];
    const plan = await sql.query(`explain ${text}`, text.includes('$1') ? [resellerId] : []);
    plans.push(`-- ${search.name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  return plans;
}
