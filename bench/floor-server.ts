/**
 * The floor of a panel list: a bare HTTP endpoint running the best indexed SQL for the same rows
 * (the page with its references' titles, and the total counted up to the same cap the panel uses),
 * returning JSON. No session, no framework beyond express.
 */
import express from 'express';
import type pg from 'pg';
import { COUNT_CAP } from '../models/config.ts';

export type ListResource = 'licenses' | 'subscriptions';
export type ListSort = 'default' | 'date';

const SUBTREE = `with recursive t(id) as (select $1::int union all select o.id from organizations o join t on o.parent_id = t.id) select array_agg(id) ids from t`;

type Order = Array<[column: string, direction: 'asc' | 'desc']>;

const LISTS: Record<ListResource, { alias: string; joins: string; columns: string; scope: string; order: Record<ListSort, Order> }> = {
  licenses: {
    alias: 'l',
    columns: 'l.id, l.license_key, l.organization_id, o.name organization, l.article_id, a.name article, l.kind, l.status, l.device, l.expires_on, l.service_until',
    joins: 'join organizations o on o.id = l.organization_id join articles a on a.id = l.article_id',
    scope: 'select * from licenses where organization_id = any($1)',
    order: { default: [['license_key', 'asc'], ['id', 'asc']], date: [['expires_on', 'desc'], ['id', 'asc']] },
  },
  subscriptions: {
    alias: 's',
    columns: 's.id, s.ref, s.reseller_id, r.name reseller, s.customer_id, c.name customer, s.article_id, a.name article, s.quantity, s.start_date, s.term_months',
    joins: 'join organizations r on r.id = s.reseller_id join organizations c on c.id = s.customer_id join articles a on a.id = s.article_id',
    scope: 'select * from subscriptions where reseller_id = any($1) or customer_id = any($1)',
    order: { default: [['ref', 'asc'], ['id', 'asc']], date: [['start_date', 'desc'], ['id', 'asc']] },
  },
};

/**
 * The statements of one floor page, for the organizations a caller reaches (null: all): its rows
 * with their references' titles, and its capped total. The organizations come from one query
 * before (subtreeSql), as the panel looks them up once per request.
 */
export function floorSql(resource: ListResource, orgs: number[] | null, sort: ListSort, page: number, perPage: number): Array<{ text: string; values: unknown[] }> {
  const { alias, columns, joins, scope, order } = LISTS[resource];
  const from = orgs === null ? resource : `(${scope})`;
  const values = orgs === null ? [] : [orgs];
  const orderBy = (qualifier: string) => order[sort].map(([column, direction]) => `${qualifier}${column} ${direction}`).join(', ');
  return [
    { text: `with page as (select * from ${from} x order by ${orderBy('')} limit ${perPage} offset ${(page - 1) * perPage})
             select ${columns} from page ${alias} ${joins} order by ${orderBy(`${alias}.`)}`, values },
    { text: `select count(*)::int total from (select 1 from ${from} x limit ${COUNT_CAP + 1}) capped`, values },
  ];
}

export async function subtree(pool: pg.Pool, org: number): Promise<number[]> {
  return (await pool.query(SUBTREE, [org])).rows[0].ids;
}

/** Named statements a floor route runs (`;`-separated, in parallel; $1: the organizations `org` reaches). */
export type FloorQueries = Record<string, string>;

export function floorApp(pool: pg.Pool, queries: FloorQueries = {}): express.Express {
  const app = express();
  app.get('/floor/query/:name', async (req, res) => {
    const sql = queries[req.params.name];
    const values = sql.includes('$1') ? [await subtree(pool, Number(req.query.org))] : [];
    const results = await Promise.all(sql.split(';').map((text) => pool.query(text, values)));
    res.json(results.map((result) => result.rows));
  });
  app.get('/floor/:resource', async (req, res) => {
    const resource = req.params.resource as ListResource;
    const orgs = req.query.org === 'all' ? null : await subtree(pool, Number(req.query.org));
    const [page, count] = floorSql(resource, orgs, req.query.sort as ListSort, Number(req.query.page), Number(req.query.perPage));
    const [rows, total] = await Promise.all([pool.query(page), pool.query(count)]);
    res.json({ records: rows.rows, total: total.rows[0].total });
  });
  return app;
}
