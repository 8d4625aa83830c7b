/**
 * `npm run bench`: every performance figure of the README's table in one run, each next to its
 * floor measured in the same run. A fresh embedded database gets the demo data and the channel at
 * scale (bench/channel-scale.ts; BENCH_* variables make it smaller for a quick look, BENCH_SECTIONS
 * picks sections of the table).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type express from 'express';
import { startTestPanel } from '../test/support/portal.ts';
import { scaleFromEnv, seedChannelScale } from './channel-scale.ts';
import { loginClient, plainClient } from './http-client.ts';
import { floorApp } from './floor-server.ts';
import { stockApp } from './stock-adminjs.ts';
import { listPlans, panelLists } from './panel-lists.ts';
import { table } from './measure.ts';
import { SEARCH_QUERIES, searchPlans, searches } from './searches.ts';
import { load } from './load.ts';
import { startTimes } from './start-time.ts';
import { statementPlans, statementRun } from './statement-run.ts';
import { erasure, erasurePlans } from './erasure.ts';

const scale = scaleFromEnv();
const env = await startTestPanel();
const pool = new pg.Pool({ connectionString: env.db.url, max: 4 });
const sql = await pool.connect();
const seeded = Date.now();
await seedChannelScale(sql, scale, (step) => console.error(`seed: ${step}`));
sql.release();
console.error(`seed: ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

const servers: http.Server[] = [];
async function serve(app: express.Express): Promise<string> {
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const panelBase = await serve(env.panel.app);
const floor = plainClient(await serve(floorApp(pool, SEARCH_QUERIES)));
const stockBase = await serve(stockApp());
const stock = plainClient(stockBase);
const orgId = async (ref: string) => (await pool.query('select id from organizations where ref = $1', [ref])).rows[0].id as number;
const scopes = { reseller: await orgId('reseller-a'), customer: await orgId('customer-a1') };
const panel = {
  vendor: await loginClient(panelBase, 'vendor@demo.test'),
  reseller: await loginClient(panelBase, 'reseller-a@demo.test'),
  customer: await loginClient(panelBase, 'customer-admin@demo.test'),
};

// BENCH_SECTIONS=1,2 runs only those sections of the table.
const sections = new Set((process.env.BENCH_SECTIONS ?? '1,2,3,4,5,6').split(','));
if (sections.has('1')) await panelLists(panel, floor, stock, scopes);
if (sections.has('2')) await searches(panel, floor, scopes.reseller);
if (sections.has('3')) await statementRun(env, pool);
if (sections.has('4')) await erasure(env, pool);
if (sections.has('5')) await load(panelBase, stockBase, pool);
if (sections.has('6')) await startTimes();

console.log(`\n${new Date().toISOString().slice(0, 10)} · ${scale.licenses} licenses, ${scale.subscriptions} subscriptions, `
  + `${1 + scale.distributors + scale.resellers + scale.customers} organizations · medians of ${process.env.BENCH_RUNS ?? 20} runs\n`);
console.log(table());
console.log('\nPlans of the floor statements (the panel runs the same shapes):\n');
console.log([...await listPlans(pool, scopes), ...await searchPlans(pool, scopes.reseller), ...(sections.has('3') ? await statementPlans(pool, env) : []),
  ...(sections.has('4') ? await erasurePlans(pool) : [])].join('\n\n'));

for (const server of servers) server.closeAllConnections();
await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
await pool.end();
await env.close();
