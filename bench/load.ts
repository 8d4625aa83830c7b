/**
 * Target 5: 50 concurrent logged-in users on list and show pages (autocannon over loopback), the
 * panel against stock AdminJS on the same tables under the same load in the same run.
 */
import autocannon from 'autocannon';
import type pg from 'pg';
import { loginClient } from './http-client.ts';
import { record } from './measure.ts';
import { STOCK_ROOT } from './stock-adminjs.ts';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const USERS = ['vendor@demo.test', 'reseller-a@demo.test', 'customer-admin@demo.test'];

interface Load { rps: number; p50: number; p99: number; errors: number; bytesPerResponse: number }

/** Alternating list and show requests, each connection with its own cookie (one login each). */
async function run(base: string, root: string, cookies: string[], showIds: number[]): Promise<Load> {
  let connection = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (request, context: { cookie?: string }) => {
          context.cookie ??= cookies[connection++ % cookies.length];
          const page = 1 + Math.floor(Math.random() * 20);
          return { ...request, path: `${root}/api/resources/licenses/actions/list?page=${page}`, headers: { ...request.headers, cookie: String(context.cookie ?? '') } };
        },
      },
      {
        setupRequest: (request, context: { cookie?: string }) => {
          const id = showIds[Math.floor(Math.random() * showIds.length)];
          return { ...request, path: `${root}/api/resources/licenses/records/${id}/show`, headers: { ...request.headers, cookie: String(context.cookie ?? '') } };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    bytesPerResponse: result.throughput.total / Math.max(1, result.requests.total),
  };
}

export async function load(panelBase: string, stockBase: string, sql: pg.Pool): Promise<void> {
  const cookies: string[] = [];
  for (let i = 0; i < CONNECTIONS; i++) cookies.push((await loginClient(panelBase, USERS[i % USERS.length])).cookie);
  // Licenses every one of the users reads: the demo customer's.
  const showIds = (await sql.query(`select id from licenses where organization_id = (select id from organizations where ref = 'customer-a1') order by id limit 500`)).rows.map((r) => r.id as number);
  const stock = await run(stockBase, STOCK_ROOT, [''], showIds);
  const panel = await run(panelBase, '/admin', cookies, showIds);
  const name = `${CONNECTIONS} users, list + show, ${SECONDS} s`;
  record({ section: '5 load', name: `${name}: throughput`, value: panel.rps, unit: 'req/s', floor: { value: stock.rps, name: 'stock AdminJS, same load' }, note: `before this issue (demo data): 295 req/s` });
  record({ section: '5 load', name: `${name}: p50 latency`, value: panel.p50, unit: 'ms', floor: { value: stock.p50, name: 'stock AdminJS' }, note: 'before: 159 ms' });
  record({ section: '5 load', name: `${name}: p99 latency`, value: panel.p99, unit: 'ms', floor: { value: stock.p99, name: 'stock AdminJS' }, note: 'before: 306 ms' });
  record({ section: '5 load', name: `${name}: errors`, value: panel.errors, unit: '', target: {}, note: 'target 0' });
  record({ section: '5 load', name: `${name}: bytes per response`, value: panel.bytesPerResponse / 1024, unit: 'KB', floor: { value: stock.bytesPerResponse / 1024, name: 'stock AdminJS' }, note: 'before: 53 KB per list of 8' });
}
