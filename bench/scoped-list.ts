/**
 * Cost of the policy scope on the license list: the panel's list and search endpoints per view,
 * against the same page read with one raw SQL query (+ count) for the same scope, in the same run.
 * Env: BENCH_LICENSES (default 200000), BENCH_CUSTOMERS (2000), BENCH_RUNS (30), BENCH_PAGE (20).
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startTestPanel, login, type Agent } from '../test/support/portal.ts';

const LICENSES = Number(process.env.BENCH_LICENSES ?? 200_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 2_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUPS = 5;
const PAGE = Number(process.env.BENCH_PAGE ?? 20);
const PER_PAGE = 10;

const mb = () => `${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`;
const rssAtStart = mb();

const env = await startTestPanel();
const sql = new pg.Client({ connectionString: env.db.url });
await sql.connect();
const one = async <T>(text: string, values: unknown[] = []) => (await sql.query(text, values)).rows[0] as T;

const orgId = async (ref: string) => (await one<{ id: number }>('select id from organizations where ref = $1', [ref])).id;
const [resellerA, resellerB, customerA1] = [await orgId('reseller-a'), await orgId('reseller-b'), await orgId('customer-a1')];
const { id: articleId } = await one<{ id: number }>(`select id from articles where code = 'OFF-SUB-M'`);

let started = performance.now();
await sql.query(`
  insert into organizations (ref, name, views, parent_id, customer_number)
  select 'bench-c' || g, 'Bench Customer ' || g, array['customer'], case when g % 2 = 0 then $1::int else $2::int end, 'B-' || g
  from generate_series(1, $3::int) g`, [resellerA, resellerB, CUSTOMERS]);
// customer-a1 is one large customer (1 % of all licenses); the rest spread evenly over the new customers.
await sql.query(`
  with c as (select array_agg(id order by id) ids from organizations where ref like 'bench-c%')
  insert into licenses (license_key, organization_id, article_id, kind, status, seats)
  select 'LIC-BENCH-' || lpad(g::text, 7, '0'),
         case when g % 100 = 0 then $1::int else c.ids[1 + g % cardinality(c.ids)] end,
         $2::int, 'subscription', (array['inactive','active','expired'])[1 + g % 3], 1 + g % 10
  from generate_series(1, $3::int) g, c`, [customerA1, articleId, LICENSES]);
await sql.query('vacuum analyze');
console.log(`seeded ${CUSTOMERS} customers, ${LICENSES} licenses in ${Math.round(performance.now() - started)} ms`);

const subtree = async (root: number) => (await sql.query(`
  with recursive t(id) as (select $1::int union select o.id from organizations o join t on o.parent_id = t.id)
  select array_agg(id) ids from t`, [root])).rows[0].ids as number[];
const scopes = { vendor: null, 'reseller-a': await subtree(resellerA), customer: [customerA1] } as const;

/** The page a scope should cost: one indexed query plus the exact count AdminJS shows. Returns the count. */
async function rawPage(orgs: readonly number[] | null, offset: number): Promise<number> {
  const where = orgs ? 'where organization_id = any($1)' : '';
  const params = orgs ? [orgs] : [];
  await sql.query(`select * from licenses ${where} order by id limit ${PER_PAGE} offset ${offset}`, params);
  return Number((await sql.query(`select count(*) from licenses ${where}`, params)).rows[0].count);
}

interface Timing { median: number; p95: number; found: number }

/** `run` returns how many rows the scope holds, printed so a broken scope cannot pass for a fast one. */
async function measure(run: () => Promise<number>): Promise<Timing> {
  for (let i = 0; i < WARMUPS; i++) await run();
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < RUNS; i++) {
    started = performance.now();
    found = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)], p95: times[Math.min(RUNS - 1, Math.ceil(RUNS * 0.95) - 1)], found };
}

/** A list answers its total, a search the records it found. */
async function get(agent: Agent, url: string): Promise<number> {
  const response = await agent.get(url);
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.meta?.total ?? response.body.records.length;
}

const { app } = env.panel;
const agents = {
  vendor: await login(app, 'vendor@demo.test'),
  'reseller-a': await login(app, 'reseller-a@demo.test'),
  customer: await login(app, 'customer-admin@demo.test'),
};
const list = `/admin/api/resources/licenses/actions/list?page=${PAGE}`;
const offset = (PAGE - 1) * PER_PAGE;
const rssBefore = mb();

const rows: Array<[string, Timing, Timing | null]> = [];
// What every panel request costs regardless of volume: HTTP, session, actor lookup, AdminJS.
rows.push(['panel list software_releases (fixed cost)', await measure(() => get(agents['reseller-a'], '/admin/api/resources/software_releases/actions/list')), null]);
for (const scope of ['vendor', 'reseller-a', 'customer'] as const) {
  const baseline = await measure(() => rawPage(scopes[scope], offset));
  rows.push([`raw SQL page ${PAGE}, ${scope} scope`, baseline, baseline]);
  rows.push([`panel list page ${PAGE}, ${scope}`, await measure(() => get(agents[scope], list)), baseline]);
}
// licenseKey is an exact-match field, so the panel's search compares `license_key = 'LIC'`.
const searchBaseline = await measure(async () => (await sql.query(
  `select * from licenses where organization_id = any($1) and license_key = 'LIC' order by license_key, id limit 50`, [scopes['reseller-a']])).rowCount ?? 0);
rows.push(['raw SQL search LIC, reseller-a scope', searchBaseline, searchBaseline]);
rows.push(['panel search LIC, reseller-a', await measure(() => get(agents['reseller-a'], '/admin/api/resources/licenses/actions/search/LIC')), searchBaseline]);

console.log(`\n${LICENSES} licenses, ${CUSTOMERS} customers, ${RUNS} runs after ${WARMUPS} warm-ups, ${PER_PAGE} per page`);
console.log(`${'case'.padEnd(42)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(8)} ${'ratio'.padStart(6)} ${'found'.padStart(7)}`);
for (const [name, { median, p95, found }, baseline] of rows) {
  const ratio = baseline ? (median / baseline.median).toFixed(1) : '-';
  console.log(`${name.padEnd(42)} ${median.toFixed(1).padStart(10)} ${p95.toFixed(1).padStart(8)} ${ratio.padStart(6)} ${String(found).padStart(7)}`);
}
console.log(`\nrss (this process; PostgreSQL runs as a child): start ${rssAtStart}, before ${rssBefore}, after ${mb()}`);

await sql.end();
await env.close();
