// Safe defaults as a user meets them, against real processes and a real PostgreSQL: the embedded
// database's generated password and the modes of DATA_DIR; production never seeds demo data, and its
// first start prints a one-time link that creates the first vendor admin.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import supertest from 'supertest';
import { freePort, onFreePort, startTestPortal, tempDataDir } from './support/portal.ts';
import { runEntry, startEntry, waitForOutput } from './support/processes.ts';
import { PASSWORD_FILE, startEmbedded } from '../models/database.ts';
import { setupProblem } from '../models/domain/first-admin-rules.ts';
import { checkSetupToken, prepareProductionStart } from '../services/first-admin.ts';

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

  it('an installation from before (password `password`, DATA_DIR and outbox 0755) is closed at its next start', async () => {
    const dir = await dataDir();
    let port = 0;
    const first = await onFreePort((free) => startEmbedded(dir, port = free));
    const generated = (await fs.readFile(path.join(dir, PASSWORD_FILE), 'utf8')).trim();
    // What an installation from before looks like: superuser password `password`, no password file.
    await query(port, generated, `alter role postgres with password 'password'`);
    await first.stop();
    await fs.rm(path.join(dir, PASSWORD_FILE));
    await fs.chmod(dir, 0o755);
    await fs.mkdir(path.join(dir, 'outbox'), { mode: 0o755 });

    const second = await startEmbedded(dir, port);
    try {
      const adopted = (await fs.readFile(path.join(dir, PASSWORD_FILE), 'utf8')).trim();
      assert.notEqual(adopted, generated);
      assert.equal(await loginError(port, adopted), null);
      assert.equal(await loginError(port, 'password'), '28P01');
      assert.equal(await mode(path.join(dir, PASSWORD_FILE)), 0o600);
      assert.equal(await mode(dir), 0o700);
      assert.equal(await mode(path.join(dir, 'outbox')), 0o700, 'an older outbox is narrowed at the start');
    } finally {
      await second.stop();
    }
  });

  it('NODE_ENV=production: no demo data; a one-time link creates the first vendor admin, once', async () => {
    const dir = await dataDir();
    const pgPort = await freePort();
    const port = await freePort();
    const bundles = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-adminjs-'));
    dirs.push(bundles);
    const env = { NODE_ENV: 'production', DATA_DIR: dir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), ADMIN_JS_TMP_DIR: bundles };
    const linkIn = (output: string) => {
      const match = new RegExp(`http://localhost:${port}/setup\\?token=([A-Za-z0-9_-]{43})`).exec(output);
      assert.ok(match, `a setup link in:\n${output}`);
      return `/setup?token=${match[1]}`;
    };
    const http = () => supertest(`http://127.0.0.1:${port}`);
    const db = async <T>(sql: string) => query<T>(pgPort, (await fs.readFile(path.join(dir, PASSWORD_FILE), 'utf8')).trim(), sql);

    // A production start serves the panel's components built ahead of time (npm run build), minified.
    const build = await runEntry('build-panel', [], env);
    assert.equal(build.code, 0, build.output);
    const built = await fs.readFile(path.join(bundles, 'bundle.js'), 'utf8');
    assert.match(built, /AdminJS\.UserComponents\.PortalDashboard/);
    assert.doesNotMatch(built, /\n {2}\S/, 'minified: no indented lines');

    // Two starts before anyone uses a link: each prints its own, both work until the admin exists.
    const links: string[] = [];
    for (let i = 0; i < 2; i++) {
      const started = startEntry('start', [], env);
      try {
        const output = await waitForOutput(started, /setup\?token=/);
        assert.doesNotMatch(output, /demo/i);
        links.push(linkIn(output));
        if (i === 1) {
          for (const link of links) {
            const page = await http().get(link);
            assert.equal(page.status, 200);
            assert.match(page.text, /name="email"/);
          }
          const users = await db<{ n: string }>('select count(*)::text as n from users');
          assert.deepEqual(users, [{ n: '0' }], 'no demo users');
          const orgs = await db<{ ref: string; views: string[] }>('select ref, views from organizations');
          assert.deepEqual(orgs, [{ ref: 'vendor', views: ['vendor'] }]);

          const token = new URL(links[1], 'http://x').searchParams.get('token')!;
          const form = (fields: Record<string, string>) => http().post('/setup').type('form').send({ token, ...fields });
          const differ = await form({ name: 'Olga Owner', email: 'owner@vendor.example', password: 'first-admin-pass', passwordAgain: 'something-else' });
          assert.equal(differ.status, 400);
          assert.deepEqual(await db('select 1 from users'), []);
          const created = await form({ name: 'Olga Owner', email: 'Owner@Vendor.example', password: 'first-admin-pass', passwordAgain: 'first-admin-pass' });
          assert.equal(created.status, 303);
          assert.equal(created.headers.location, '/admin/login');

          const members = await db<{ email: string; role: string; views: string[] }>(`
            select u.email, m.role, o.views from users u join memberships m on m.user_id = u.id join organizations o on o.id = m.organization_id`);
          assert.deepEqual(members, [{ email: 'owner@vendor.example', role: 'admin', views: ['vendor'] }]);
          const login = await http().post('/admin/login').field('email', 'owner@vendor.example').field('password', 'first-admin-pass');
          assert.equal(login.status, 302);
          assert.deepEqual(await db(`select name from installation_secrets where name like 'first-admin:%'`), [], 'every setup token is gone');

          // Every link is refused now, and nothing changes.
          for (const link of links) assert.equal((await http().get(link)).status, 410);
          const again = await form({ name: 'Mallory', email: 'mallory@example.test', password: 'another-password', passwordAgain: 'another-password' });
          assert.equal(again.status, 410);
          assert.deepEqual(await db<{ n: string }>('select count(*)::text as n from users'), [{ n: '1' }]);
          assert.equal((await http().get('/setup?token=made-up')).status, 410);
        }
      } finally {
        await started.stop();
      }
    }

    // With an admin, a production start prints no link and still loads no demo data, nor does the seed.
    const third = startEntry('start', [], env);
    try {
      await waitForOutput(third, /Channel License Portal: /);
      const components = await http().get('/admin/frontend/assets/components.bundle.js');
      assert.equal(components.status, 200);
      assert.equal(components.text, built, 'the pre-built bundle, not one made at the start');
      const seed = await runEntry('seed', ['--demo'], env);
      assert.equal(seed.code, 2);
      assert.match(seed.output, /never loaded/);
      assert.deepEqual(await db<{ n: string }>('select count(*)::text as n from users'), [{ n: '1' }]);
      assert.doesNotMatch(third.output(), /setup\?token=|demo/i);
    } finally {
      await third.stop();
    }
  });

  it('a setup link expires after INVITATION_DAYS; an unknown one is refused', async () => {
    assert.equal(setupProblem(null, false, new Date(), 7), 'unknown');
    assert.equal(setupProblem({ createdAt: new Date('2026-01-01T00:00:00Z') }, true, new Date('2026-01-01T00:00:01Z'), 7), 'done');
    assert.equal(setupProblem({ createdAt: new Date('2026-01-01T00:00:00Z') }, false, new Date('2026-01-07T23:59:59Z'), 7), null);
    assert.equal(setupProblem({ createdAt: new Date('2026-01-01T00:00:00Z') }, false, new Date('2026-01-08T00:00:00Z'), 7), 'expired');

    const portal = await startTestPortal({ invitationDays: 2 }, { demo: false });
    try {
      const issuedAt = new Date('2026-03-01T10:00:00Z');
      const { link } = await prepareProductionStart(portal.sequelize, portal.config, issuedAt);
      const token = new URL(link!).searchParams.get('token')!;
      assert.equal((await checkSetupToken(portal.sequelize, token, portal.config, new Date('2026-03-03T09:59:59Z'))).problem, null);
      assert.equal((await checkSetupToken(portal.sequelize, token, portal.config, new Date('2026-03-03T10:00:00Z'))).problem, 'expired');
      assert.equal((await checkSetupToken(portal.sequelize, `${token}x`, portal.config, issuedAt)).problem, 'unknown');
    } finally {
      await portal.close();
    }
  });
});
