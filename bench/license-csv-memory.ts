/**
 * Memory of `GET /api/v1/licenses.csv` over many licenses: BENCH_CSV_LICENSES (default 200,000)
 * licenses of one customer of reseller A, downloaded over a real socket with reseller A's read-only
 * token by a client that counts the bytes and keeps none. The panel process's heap and rss are
 * sampled every 20 ms during the download; printed: bytes, time, and the peaks above the values
 * before the request. Run alone: `node --expose-gc --import tsx bench/license-csv-memory.ts`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { startTestPanel } from '../test/support/portal.ts';
import { issueToken } from '../test/support/api-tokens.ts';

const LICENSES = Number(process.env.BENCH_CSV_LICENSES ?? 200_000);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const portal = await startTestPanel();
const server = http.createServer(portal.panel.app);
try {
  await portal.sequelize.query(`
    insert into licenses (license_key, organization_id, article_id, kind, status, seats, device, created_at, updated_at)
    select 'LIC-CSV-' || lpad(g::text, 8, '0'), o.id, a.id, 'full', 'active', 1, 'PC-' || g, now(), now()
    from generate_series(1, :n) g, organizations o, articles a where o.ref = 'customer-a1' and a.code = 'SEC-FULL'`, { replacements: { n: LICENSES } });
  // As autovacuum would have by now: without statistics the planner takes the table for the few demo rows.
  await portal.sequelize.query('analyze licenses');
  const { token } = await issueToken(portal.sequelize, portal.config.timezone, 'reseller-a@demo.test', 'reseller-a', 'reseller', 'read-only');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  const peak = { rss: before.rss, heapUsed: before.heapUsed };
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
  }, 20);
  const started = performance.now();
  const bytes = await new Promise<number>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/api/v1/licenses.csv', headers: { Authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
      let n = 0;
      res.on('data', (chunk: Buffer) => { n += chunk.length; });
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
  const ms = performance.now() - started;
  clearInterval(sampler);
  console.log(`licenses.csv, ${LICENSES} licenses: ${mb(bytes)} in ${ms.toFixed(0)} ms; peak above the start: heap +${mb(peak.heapUsed - before.heapUsed)}, rss +${mb(peak.rss - before.rss)}`);
} finally {
  server.close();
  await portal.close();
}
