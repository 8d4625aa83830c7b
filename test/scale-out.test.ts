// Two panel processes (`npm run admin`) and two worker processes (`npm run worker`) on one PostgreSQL
// that this test owns (embedded, started through models/database.ts): a session made on one panel
// works on the other, each scheduled slot runs exactly once, and the database restarted under the
// running processes: they stay up and reconnect, a request in flight fails cleanly, nothing is lost.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import pg from 'pg';
import supertest from 'supertest';
import { QueryTypes } from 'sequelize';
import { freePort, startTestPortal, tempDataDir, type TestPortal } from './support/portal.ts';
import { startEntry, waitForOutput, type Started } from './support/processes.ts';
import { startEmbedded, type Database } from '../models/database.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';

const API = '/admin/api/resources';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value (not undefined) or the deadline passes; the error tells what was seen last. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000, seen: () => unknown = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${JSON.stringify(seen())}`);
    await sleep(200);
  }
}

interface Claim { key: string; status: string; attempts: number; slot: Date }

describe('scale-out: two panels and two workers on one database', () => {
  let portal: TestPortal;
  let restarted: Database | null = null;
  let procDir: string;
  let panels: Array<Started & { url: string }> = [];
  let workers: Started[] = [];
  let cookie = '';
  let customerId = 0;

  const q = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) =>
    portal.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const claims = async (): Promise<Claim[]> => (await q<{ key: string; status: string; attempts: number }>(
    `select key, status, attempts from job_claims where job = 'statements' order by key`))
    .map((c) => ({ ...c, slot: new Date(c.key.slice('statements:'.length)) }));
  /** What each process that has ended (none should) printed about it. */
  const dead = () => [...panels, ...workers].filter((p) => p.child.exitCode !== null || p.child.signalCode !== null).map((p) => {
    const out = p.output();
    const at = out.search(/Unhandled|uncaught/i);
    return at >= 0 ? out.slice(Math.max(0, at - 300), at + 1200) : out.slice(-1500);
  });
  const get = (panel: number, path: string) => supertest(panels[panel].url).get(path).set('Cookie', cookie);

  before(async () => {
    portal = await startTestPortal();
    procDir = await tempDataDir();
    // No SESSION_SECRET: both panels take the secret generated into their shared DATA_DIR.
    const common = { DATABASE_URL: portal.db.url, DATA_DIR: procDir, SESSION_SECRET: '', NODE_ENV: '' };
    const ports = [await freePort(), await freePort()];
    panels = ports.map((port) => Object.assign(startEntry('admin', [], { ...common, PORT: String(port) }), { url: `http://127.0.0.1:${port}` }));
    // The statement job every second: each run leaves one statement_runs row, so runs can be counted.
    workers = [0, 1].map(() => startEntry('worker', [], { ...common, STATEMENT_CRON: '* * * * * *' }));
    await Promise.all([...panels.map((p) => waitForOutput(p, /Panel: /)), ...workers.map((w) => waitForOutput(w, /Worker schedule running/))]);
    [{ id: customerId }] = await q<{ id: number }>(`select id from organizations where ref = 'customer-a1'`);
  });

  after(async () => {
    await Promise.all([...panels, ...workers].map((p) => p.stop()));
    await restarted?.stop();
    await portal.close();
    await fs.rm(procDir, { recursive: true, force: true });
  });

  it('a session made on panel 1 works on panel 2, and a write on panel 2 is read on panel 1', async () => {
    const login = await supertest(panels[0].url).post('/admin/login').field('email', 'vendor@demo.test').field('password', DEMO_PASSWORD);
    assert.equal(login.status, 302, login.text);
    cookie = String(login.headers['set-cookie']).split(';')[0];
    assert.match(cookie, /^portal\.sid=/);

    const list = await get(1, `${API}/organizations/actions/list`);
    assert.equal(list.status, 200);
    assert.equal(list.body.meta.total, 8);
    const edit = await supertest(panels[1].url).post(`${API}/organizations/records/${customerId}/edit`).set('Cookie', cookie).send({ name: 'Musterfirma KG (before the restart)' });
    assert.equal(edit.status, 200, JSON.stringify(edit.body));
    const show = await get(0, `${API}/organizations/records/${customerId}/show`);
    assert.equal(show.body.record.params.name, 'Musterfirma KG (before the restart)');
    // Without the cookie the panel sends the request to its login page.
    const anonymous = await supertest(panels[1].url).get(`${API}/organizations/actions/list`);
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.headers.location, /\/admin\/login$/);
  });

  it('each scheduled slot runs exactly once across both workers', async () => {
    const done = await until('five finished statement slots', async () => {
      const found = await claims();
      return found.filter((c) => c.status === 'done').length >= 5 ? found : undefined;
    });
    assertContiguous(done);
    // Counted in one snapshot between two runs (no claim running): one statement_runs row per claimed slot.
    const { claimed, runs, other } = await until('a moment without a running slot', async () => {
      const [row] = await q<{ claimed: number; running: number; other: number; runs: number }>(`
        select (select count(*)::int from job_claims where job = 'statements') as claimed,
               (select count(*)::int from job_claims where job = 'statements' and status = 'running') as running,
               (select count(*)::int from job_claims where job = 'statements' and (status <> 'done' or attempts <> 1)) as other,
               (select count(*)::int from statement_runs where trigger = 'schedule') as runs`);
      return row.running === 0 ? row : undefined;
    });
    assert.equal(other, 0, 'every slot done at the first attempt');
    assert.equal(runs, claimed, 'one run per slot');
    const statements = await q<{ reseller_ref: string; n: number }>(`select reseller_ref, count(*)::int as n from statements group by 1 order by 1`);
    assert.deepEqual(statements, [{ reseller_ref: 'reseller-a', n: 1 }, { reseller_ref: 'reseller-b', n: 1 }]);
  });

  it('the database restarted under them: a request in flight fails cleanly, every process reconnects, nothing is lost', async (t) => {
    // A lock held by the test keeps a panel request and the workers' statement runs waiting inside the database.
    const locker = new pg.Client({ connectionString: portal.db.url });
    locker.on('error', () => undefined);
    await locker.connect();
    await locker.query('begin; lock table organizations in access exclusive mode');
    const inFlight = get(1, `${API}/organizations/actions/list`).then(
      (response) => ({ status: response.status, body: response.body as { error?: string } }),
      (error: Error) => ({ status: 0, body: { error: error.message } }),
    );
    await until('the panel request and a statement run waiting for the lock', async () => {
      // Asked outside the locking transaction, which would see one snapshot of pg_stat_activity.
      const waiting = await q<{ query: string }>(`select query from pg_stat_activity where wait_event_type = 'Lock' and state = 'active'`);
      const queries = waiting.map((r) => r.query);
      return queries.some((s) => /any\(views\)/.test(s)) && queries.some((s) => !/any\(views\)/.test(s)) ? true : undefined;
    }, 15_000);

    const stoppedAt = new Date();
    await portal.db.stop();
    await locker.end().catch(() => undefined);
    const answer = await inFlight;
    await sleep(300);
    assert.deepEqual(dead(), [], 'no process died when the database went away');
    // A 5xx JSON answer, or a closed connection; never a hang or a crash.
    assert.ok(answer.status === 0 || (answer.status >= 500 && typeof answer.body.error === 'string'), JSON.stringify(answer));
    t.diagnostic(`request in flight: ${JSON.stringify(answer)}`);
    for (const [i, panel] of panels.entries()) {
      const health = await supertest(panel.url).get('/health');
      assert.equal(health.status, 503);
      // A request while the database is away: 503 with a message, to be tried again.
      const during = await get(i, `${API}/organizations/actions/list`);
      assert.equal(during.status, 503);
      // Said in the reader's language; with the sessions out of reach too, the browser's (none sent: German, as the login page).
      assert.match(during.body.error, /Datenbank ist gerade nicht erreichbar/);
      assert.equal(during.headers['retry-after'], '5');
    }
    await sleep(2500); // slots fall into the outage
    assert.deepEqual(dead(), [], 'no process died while the database was down');
    restarted = await startEmbedded(portal.dataDir, portal.config.embeddedPgPort);
    const restartedAt = new Date();

    for (const panel of panels) {
      await until('/health 200 again', async () => ((await supertest(panel.url).get('/health')).status === 200 ? true : undefined));
    }
    // The session and the write from before the restart are still there, on both panels.
    for (const panel of [0, 1]) {
      const show = await get(panel, `${API}/organizations/records/${customerId}/show`);
      assert.equal(show.status, 200);
      assert.equal(show.body.record.params.name, 'Musterfirma KG (before the restart)');
    }

    // Every slot up to now has run, those of the outage included, and the runs cut off by it again.
    let seen: Claim[] = [];
    const settled = await until('every slot claimed and run', async () => {
      seen = await claims();
      const recent = seen.filter((c) => c.slot.getTime() <= restartedAt.getTime() + 3000);
      const last = seen.at(-1);
      return last && last.slot.getTime() > restartedAt.getTime() + 3000 && recent.every((c) => c.status === 'done') ? recent : undefined;
    }, 40_000, () => seen.filter((c) => c.status !== 'done'));
    assertContiguous(settled);
    const outage = settled.filter((c) => c.slot >= stoppedAt && c.slot < restartedAt);
    assert.ok(outage.length >= 2, `slots of the outage ran later: ${JSON.stringify(outage)}`);
    assert.ok(settled.some((c) => c.attempts > 1), 'a run cut off by the restart was run again');
    t.diagnostic(`slots run during/after the outage: ${outage.length}; retried: ${settled.filter((c) => c.attempts > 1).map((c) => c.key).join(', ')}`);
    assert.deepEqual(dead(), [], 'every process is still up');
  });

  it('stopped gracefully, the workers leave no slot running and no slot run twice', async (t) => {
    await Promise.all(workers.map((w) => w.stop()));
    // SIGTERM: the run in progress ends and records its status, then the process exits with 0.
    assert.deepEqual(workers.map((w) => w.child.exitCode), [0, 0], workers.map((w) => w.output().slice(-1500)).join('\n'));
    const found = await claims();
    assert.ok(found.every((c) => c.status === 'done'), JSON.stringify(found.filter((c) => c.status !== 'done')));
    assertContiguous(found);
    const [{ runs }] = await q<{ runs: number }>(`select count(*)::int as runs from statement_runs where trigger = 'schedule'`);
    const attempts = found.reduce((sum, c) => sum + c.attempts, 0);
    // A cut-off attempt may have left its run row or not; a slot run twice would exceed the attempts.
    assert.ok(runs >= found.length && runs <= attempts, `runs ${runs}, slots ${found.length}, attempts ${attempts}`);
    const statements = await q<{ n: number }>(`select count(*)::int as n from statements`);
    assert.deepEqual(statements, [{ n: 2 }]);
    const byWorker = await q<{ worker: string; n: number }>(`select worker, count(*)::int as n from job_claims where job = 'statements' group by 1 order by 1`);
    t.diagnostic(`slots per worker process: ${byWorker.map((w) => `${w.worker} ${w.n}`).join(', ')}; runs ${runs}, attempts ${attempts}`);
  });
});

/** Consecutive seconds from the first claimed slot to the last: no slot skipped. */
function assertContiguous(claims: Claim[]): void {
  for (let i = 1; i < claims.length; i++) {
    assert.equal(claims[i].slot.getTime() - claims[i - 1].slot.getTime(), 1000, `slot after ${claims[i - 1].key}: ${claims[i].key}`);
  }
}
