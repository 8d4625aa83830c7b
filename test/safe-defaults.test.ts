// Safe defaults as a user meets them, against real processes and a real PostgreSQL: the embedded
// database's generated password and the modes of DATA_DIR.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import supertest from 'supertest';
import { freePort, tempDataDir } from './support/portal.ts';
import { runEntry, startEntry, waitForOutput } from './support/processes.ts';
import { PASSWORD_FILE, startEmbedded } from '../models/database.ts';

const mode = async (file: string) => (await fs.stat(file)).mode & 0o777;
const ROOT_USER = process.getuid?.() === 0;
const postgresUid = () => Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());

/** The SQLSTATE a login with this password gets (null: accepted). */
async function loginError(port: number, password: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres` });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function query<T>(port: number, password: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/portal` });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('safe defaults', () => {
  const dirs: string[] = [];
  after(async () => { for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true }); });
  const dataDir = async () => {
    const parent = await tempDataDir();
    dirs.push(parent);
    // A DATA_DIR that does not exist yet, as on a fresh install.
    return path.join(parent, 'var');
  };

  it('npm start: a generated database password in DATA_DIR/db-password (0600), DATA_DIR 0700; a CLI next to it reuses the server with that password', async () => {
    const dir = await dataDir();
    const pgPort = await freePort();
    const env = { DATA_DIR: dir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(pgPort) };
    const started = startEntry('start', [], env);
    try {
      await waitForOutput(started, /customer-guest@demo\.test/);
      const password = (await fs.readFile(path.join(dir, PASSWORD_FILE), 'utf8')).trim();
      assert.match(password, /^[A-Za-z0-9_-]{32}$/);
      assert.equal(await mode(path.join(dir, PASSWORD_FILE)), 0o600);
      assert.equal(await mode(path.join(dir, 'session-secret')), 0o600);
      assert.equal(await mode(dir), 0o700);
      assert.equal(await mode(path.join(dir, 'pg')), 0o700);
      if (ROOT_USER) {
        // The cluster runs as the OS user postgres, which must enter DATA_DIR; the secrets stay root's.
        assert.equal((await fs.stat(dir)).uid, postgresUid());
        assert.equal((await fs.stat(path.join(dir, PASSWORD_FILE))).uid, 0);
        assert.equal((await fs.stat(path.join(dir, 'session-secret'))).uid, 0);
        // Any other OS user is kept out.
        assert.throws(() => execFileSync('runuser', ['-u', 'nobody', '--', 'ls', dir], { stdio: 'pipe' }), /Permission denied/);
        assert.throws(() => execFileSync('runuser', ['-u', 'postgres', '--', 'cat', path.join(dir, PASSWORD_FILE)], { stdio: 'pipe' }), /Permission denied/);
      }
      assert.equal(await loginError(pgPort, password), null);
      assert.equal(await loginError(pgPort, 'password'), '28P01', 'the old fixed password is refused');

      const pid = await fs.readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8');
      const cli = await runEntry('cli', ['statements', 'export', '--period', '2026-01'], env);
      assert.equal(cli.code, 0, cli.output);
      assert.equal(await fs.readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8'), pid, 'the same server, still running');
      const login = await supertest(`http://127.0.0.1:${env.PORT}`).post('/admin/login').field('email', 'vendor@demo.test').field('password', 'portal-demo');
      assert.equal(login.status, 302);
    } finally {
      await started.stop();
    }
  });

  it('a cluster made with the old fixed password gets the generated one at its next start', async () => {
    const dir = await dataDir();
    const port = await freePort();
    const first = await startEmbedded(dir, port);
    const generated = (await fs.readFile(path.join(dir, PASSWORD_FILE), 'utf8')).trim();
    // What an installation from before looks like: superuser password `password`, no password file.
    await query(port, generated, `alter role postgres with password 'password'`);
    await first.stop();
    await fs.rm(path.join(dir, PASSWORD_FILE));

    const second = await startEmbedded(dir, port);
    try {
      const adopted = (await fs.readFile(path.join(dir, PASSWORD_FILE), 'utf8')).trim();
      assert.notEqual(adopted, generated);
      assert.equal(await loginError(port, adopted), null);
      assert.equal(await loginError(port, 'password'), '28P01');
      assert.equal(await mode(path.join(dir, PASSWORD_FILE)), 0o600);
    } finally {
      await second.stop();
    }
  });
});
