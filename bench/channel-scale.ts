/**
 * The channel at scale, added to the demo data set-based (a handful of INSERT … SELECT statements):
 * distributors under the demo vendor, resellers under them, customers under the resellers (the demo
 * resellers A and B get their share, so the demo logins see realistic volumes), licenses spread
 * over the customers with every kind and status, and subscriptions with a realistic lifecycle
 * (most running, some terminated, a few reversed). Rows it adds carry refs starting with `bench-`.
 */
import type pg from 'pg';

export interface ChannelScale {
  distributors: number;
  resellers: number;
  customers: number;
  licenses: number;
  subscriptions: number;
}

/** The volume: 10,000 organizations (1 vendor, 20 distributors, 1,000 resellers, the rest customers). */
export const FULL_SCALE: ChannelScale = { distributors: 20, resellers: 1_000, customers: 8_979, licenses: 1_000_000, subscriptions: 200_000 };

/** The volume from the environment (BENCH_RESELLERS, BENCH_CUSTOMERS, BENCH_LICENSES, BENCH_SUBSCRIPTIONS), else FULL_SCALE. */
export function scaleFromEnv(env: NodeJS.ProcessEnv = process.env): ChannelScale {
  const number = (name: string, fallback: number) => {
    const value = env[name] === undefined ? fallback : Number(env[name]);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1`);
    return value;
  };
  return {
    distributors: number('BENCH_DISTRIBUTORS', FULL_SCALE.distributors),
    resellers: number('BENCH_RESELLERS', FULL_SCALE.resellers),
    customers: number('BENCH_CUSTOMERS', FULL_SCALE.customers),
    licenses: number('BENCH_LICENSES', FULL_SCALE.licenses),
    subscriptions: number('BENCH_SUBSCRIPTIONS', FULL_SCALE.subscriptions),
  };
}

export async function isSeeded(sql: pg.ClientBase): Promise<boolean> {
  return (await sql.query(`select 1 from organizations where ref like 'bench-%' limit 1`)).rowCount === 1;
}

/** Adds the channel in one transaction and analyzes the tables. Needs the demo data (vendor, articles). */
export async function seedChannelScale(sql: pg.ClientBase, scale: ChannelScale, progress: (step: string) => void = () => undefined): Promise<void> {
  await sql.query('begin');
  try {
    await insertOrganizations(sql, scale);
    progress(`${scale.distributors + scale.resellers + scale.customers} organizations`);
    await insertLicenses(sql, scale.licenses);
    progress(`${scale.licenses} licenses`);
    await insertSubscriptions(sql, scale.subscriptions);
    progress(`${scale.subscriptions} subscriptions`);
    await sql.query('commit');
  } catch (error) {
    await sql.query('rollback');
    throw error;
  }
  await sql.query('vacuum analyze');
  progress('vacuum analyze');
}

async function insertOrganizations(sql: pg.ClientBase, scale: ChannelScale): Promise<void> {
  await sql.query(`
    insert into organizations (ref, name, views, parent_id, locale, billing_email, country)
    select 'bench-d' || g, 'Distributor ' || g, array['distributor'], (select id from organizations where ref = 'vendor'),
           'de', 'billing@d' || g || '.bench.test', 'DE'
    from generate_series(1, $1::int) g`, [scale.distributors]);
  await sql.query(`
    with d as (select array_agg(id order by id) ids from organizations where ref like 'bench-d%')
    insert into organizations (ref, name, views, parent_id, locale, billing_email, statement_mode, street, zip, city, country)
    select 'bench-r' || g, 'Reseller ' || g, array['reseller'], d.ids[1 + g % cardinality(d.ids)],
           case when g % 4 = 0 then 'en' else 'de' end, 'billing@r' || g || '.bench.test',
           case when g % 3 = 0 then 'cutoff' else 'prorated' end, 'Weg ' || g, lpad((10000 + g)::text, 5, '0'), 'Kassel', 'DE'
    from generate_series(1, $1::int) g, d`, [scale.resellers]);
  // The demo resellers take part, so their logins see a reseller's usual share.
  await sql.query(`
    with r as (select array_agg(id order by id) ids from organizations where ref like 'bench-r%' or ref in ('reseller-a', 'reseller-b'))
    insert into organizations (ref, name, views, parent_id, customer_number, data_policy, locale, city, country)
    select 'bench-c' || g, 'Customer ' || g || ' GmbH', array['customer'], r.ids[1 + g % cardinality(r.ids)], 'BC-' || g,
           case when g % 5 = 0 then 'pseudonymous' else 'full' end, 'de', 'Berlin', 'DE'
    from generate_series(1, $1::int) g, r`, [scale.customers]);
}

/** Every kind and status; the demo customer-a1 is a large customer (1 % of all); creation over three years, expiry and service entitlement around today. */
async function insertLicenses(sql: pg.ClientBase, count: number): Promise<void> {
  await sql.query(`
    with c as (select array_agg(id order by id) ids from organizations where ref like 'bench-c%'),
         big as (select id from organizations where ref = 'customer-a1'),
         a as (select (select id from articles where code = 'OFF-SUB-M') sub, (select id from articles where code = 'SEC-FULL') full_,
                      (select id from articles where code = 'OFF-DEMO') demo, (select id from articles where code = 'OFF-NFR') nfr)
    insert into licenses (license_key, organization_id, article_id, kind, status, seats, expires_on, service_until, created_at, updated_at)
    select 'LIC-' || upper(substr(md5(g::text), 1, 5)) || '-' || lpad(g::text, 7, '0'),
           case when g % 100 = 0 then big.id else c.ids[1 + g % cardinality(c.ids)] end,
           case k.kind when 'subscription' then a.sub when 'full' then a.full_ when 'demo' then a.demo else a.nfr end,
           k.kind,
           (array['active','active','active','inactive','expired','recalled','destroyed'])[1 + (g / 7) % 7],
           1 + g % 25,
           case when k.kind in ('demo','nfr','subscription') then current_date + ((g * 37) % 900 - 300) end,
           case when k.kind in ('full','alm') then current_date + ((g * 53) % 1200 - 400) end,
           now() - ((g::bigint * 7919) % (3 * 365 * 24 * 60)) * interval '1 minute',
           now()
    from generate_series(1, $1::int) g, c, big, a,
         lateral (select (array['subscription','subscription','subscription','subscription','subscription','full','full','demo','demo','nfr','nfr','alm','subscription','full','demo','subscription','full','subscription','nfr','subscription'])[1 + g % 20] kind) k`, [count]);
}

/** Each customer's reseller books; starts over three years, 1/12/24/36-month terms, 10 % terminated, 1 % reversed. */
async function insertSubscriptions(sql: pg.ClientBase, count: number): Promise<void> {
  await sql.query(`
    with c as (select array_agg(id order by id) ids, array_agg(parent_id order by id) parents from organizations where ref like 'bench-c%'),
         a as (select array_agg(id order by code) ids, array_agg(price_cents order by code) prices, array_agg(interval order by code) intervals
               from articles where code in ('OFF-SUB-M', 'OFF-SUB-Y', 'SEC-SUB-M'))
    insert into subscriptions (ref, reseller_id, customer_id, article_id, quantity, unit_price_cents, interval, start_date, term_months, auto_renew,
                               terminated_on, cancelled_on, cancel_reason)
    select 'BENCH-SUB-' || g, c.parents[1 + g % cardinality(c.ids)], c.ids[1 + g % cardinality(c.ids)],
           a.ids[1 + g % 3], 1 + g % 20, a.prices[1 + g % 3], a.intervals[1 + g % 3], s.start_date,
           (array[1, 12, 24, 36])[1 + (g / 3) % 4], g % 4 <> 0,
           case when g % 10 = 1 then s.start_date + 30 + g % 400 end,
           case when g % 100 = 7 then s.start_date end,
           case when g % 100 = 7 then 'reversal' end
    from generate_series(1, $1::int) g, c, a,
         lateral (select date '2024-01-01' + (g * 7) % 1030 start_date) s`, [count]);
}
