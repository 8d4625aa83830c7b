/**
 * The floor of a panel list: a bare HTTP endpoint running the best indexed SQL for the same rows
 * (the page with its references' titles, and the total counted up to the same cap the panel uses),
 * returning JSON. No session, no framework beyond express.
 */
import express from 'express';
import type pg from 'pg';
import { COUNT_CAP } from '../admin/capped-count.ts';

export type ListResource = 'licenses' | 'subscriptions';
export type ListSort = 'default' | 'date';

const SUBTREE = `with recursive t(id) as (select $1::int union all select o.id from organizations o join t on o.parent_id = t.id)`;

type Order = Array<[column: string, direction: 'asc' | 'desc']>;

const LISTS: Record<ListResource, { alias: string; joins: string; columns: string; scope: string; order: Record<ListSort, Order> }> = {
  licenses: {
    alias: 'l',
    columns: 'l.id, l.license_key, l.organization_id, o.name organization, l.article_id, a.name article, l.kind, l.status, l.device, l.expires_on, l.service_until',
    joins: 'join organizations o on o.id = l.organization_id join articles a on a.id = l.article_id',
    scope: 'select * from licenses where organization_id in (select id from t)',
    order: { default: [['license_key', 'asc'], ['id', 'asc']], date: [['expires_on', 'desc'], ['id', 'asc']] },
  },
  subscriptions: {
    alias: 's',
    columns: 's.id, s.ref, s.reseller_id, r.name reseller, s.customer_id, c.name customer, s.article_id, a.name article, s.quantity, s.start_date, s.term_months',
    joins: 'join organizations r on r.id = s.reseller_id join organizations c on c.id = s.customer_id join articles a on a.id = s.article_id',
    scope: 'select * from subscriptions where reseller_id in (select id from t) or customer_id in (select id from t)',
    order: { default: [['ref', 'asc'], ['id', 'asc']], date: [['start_date', 'desc'], ['id', 'asc']] },
  },
};

/** The two statements of one floor page: its rows with their references' titles, and its capped total. */
export function floorSql(resource: ListResource, org: number | null, sort: ListSort, page: number, perPage: number): Array<{ text: string; values: unknown[] }> {
  const { alias, columns, joins, scope, order } = LISTS[resource];
  const from = org === null ? resource : `(${scope})`;
  const values = org === null ? [] : [org];
  const orderBy = (qualifier: string) => order[sort].map(([column, direction]) => `${qualifier}${column} ${direction}`).join(', ');
  const ctes = org === null ? 'with ' : `${SUBTREE}, `;
  return [
    { text: `${ctes}page as (select * from ${from} x order by ${orderBy('')} limit ${perPage} offset ${(page - 1) * perPage})
             select ${columns} from page ${alias} ${joins} order by ${orderBy(`${alias}.`)}`, values },
    { text: `${org === null ? '' : SUBTREE} select count(*)::int total from (select 1 from ${from} x limit ${COUNT_CAP + 1}) capped`, values },
  ];
}

export function floorApp(pool: pg.Pool): express.Express {
  const app = express();
  app.get('/floor/:resource', async (req, res) => {
    const resource = req.params.resource as ListResource;
    const org = req.query.org === 'all' ? null : Number(req.query.org);
    const [page, count] = floorSql(resource, org, req.query.sort as ListSort, Number(req.query.page), Number(req.query.perPage));
    const [rows, total] = await Promise.all([pool.query(page), pool.query(count)]);
    res.json({ records: rows.rows, total: total.rows[0].total });
  });
  return app;
}
