/**
 * Session lifetime and the end of sessions, through the real login form against a real PostgreSQL:
 * - idle timeout: a request moves the row's expiry (and the cookie's) to now + SESSION_IDLE_MINUTES once it
 *   lags more than a minute behind that (reading pages does not write the session each time);
 *   a session unused for longer (its row aged in SQL) is logged out;
 * - absolute lifetime: SESSION_MAX_HOURS after the login the session ends however active, and its
 *   expiry is never set past that;
 * - a context switch issues a new session id (the old one is dead) and keeps the login time;
 * - a password or e-mail change ends every other session of the user, also in a second panel
 *   process, and keeps the one that made it; a role change, a membership removal, an accepted
 *   invitation and an ERP import changing a membership end the person's sessions, not the actor's;
 * - a session loaded before its row was deleted cannot write itself back.
 * Small limits here: 30 minutes idle, 2 hours absolute.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import type { Express } from 'express';
import pg from 'pg';
import { promisify } from 'node:util';
import session from 'express-session';
import { freePort, login, startTestPanel, tempDataDir, type Agent, type TestPanel } from './support/portal.ts';
import { startEntry, waitForOutput, type Started } from './support/processes.ts';
import { Invitation, Membership, Organization, User } from '../models/index.ts';
import { tokenHash } from '../models/domain/invitation-rules.ts';
import { importDocument } from '../services/erp-import.ts';
import { systemActor } from '../services/system-actor.ts';
import { guardedStore } from '../admin/sessions.ts';

const IDLE_MINUTES = 30;
const MAX_HOURS = 2;
const SECRET = 'a-session-secret-shared-by-both-panels';
const LIST = '/admin/api/resources/licenses/actions/list';

/** The session id inside a `portal.sid` cookie value (`s:<id>.<signature>`). */
const sidOf = (cookie: string) => decodeURIComponent(/portal\.sid=([^;]+)/.exec(cookie)![1]).slice(2).split('.')[0];
const cookieOf = (response: supertest.Response) => [response.headers['set-cookie'] ?? []].flat().find((c: string) => c.startsWith('portal.sid='));

/** Whether the agent's session reads the panel's API (200), or is sent to the login (302). */
async function loggedIn(agent: Agent | supertest.Agent, cookie?: string): Promise<boolean> {
  const response = cookie ? await agent.get(LIST).set('Cookie', cookie) : await agent.get(LIST);
  if (response.status === 200) return true;
  assert.equal(response.status, 302, `a logged-out request is sent to the login: ${response.status}`);
  assert.equal(response.headers.location, '/admin/login');
  return false;
}

/** Logs in and returns the agent with its session id. */
async function loginWithSid(app: Express | string, email: string): Promise<{ agent: supertest.Agent; sid: string; cookie: string }> {
  const agent = supertest.agent(app);
  const response = await agent.post('/admin/login').field('email', email).field('password', 'portal-demo');
  assert.equal(response.status, 302, `login as ${email}`);
  const cookie = cookieOf(response)!;
  return { agent, sid: sidOf(cookie), cookie: cookie.split(';')[0] };
}

describe('sessions', () => {
  let portal: TestPanel;
  let app: Express;
  let client: pg.Client;
  let orgs: Record<string, number>;

  before(async () => {
    portal = await startTestPanel({ sessionIdleMinutes: IDLE_MINUTES, sessionMaxHours: MAX_HOURS, sessionSecret: SECRET });
    app = portal.panel.app;
    // A plain client as the session store uses (same time zone for the store's timestamp column).
    client = new pg.Client({ connectionString: portal.db.url });
    await client.connect();
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
  });
  after(async () => {
    await client.end();
    await portal.close();
  });

  /** Seconds from now until the row's expiry. */
  const expiresIn = async (sid: string) => Number((await client.query('select extract(epoch from expire::timestamptz - now()) as s from sessions where sid = $1', [sid])).rows[0]?.s);
  const rowExists = async (sid: string) => (await client.query('select 1 from sessions where sid = $1', [sid])).rowCount === 1;
  const cookieExpiresIn = (response: supertest.Response) => (Date.parse(/Expires=([^;]+)/i.exec(cookieOf(response)!)![1]) - Date.now()) / 1000;
  /** Moves the login `ms` into the past, as if the session had been opened earlier. */
  const ageLogin = (sid: string, ms: number) => client.query(
    `update sessions set sess = jsonb_set(sess::jsonb, '{loginAt}', to_jsonb((sess->>'loginAt')::bigint - $2::bigint))::json where sid = $1`, [sid, ms]);

  it(`idle timeout: a request moves the expiry to now + ${IDLE_MINUTES} minutes once it lags; unused for longer, the session is gone`, async () => {
    const { agent, sid } = await loginWithSid(app, 'reseller-a@demo.test');
    const idle = IDLE_MINUTES * 60;
    assert.ok(Math.abs(await expiresIn(sid) - idle) < 5, `row expires in ${await expiresIn(sid)} s`);
    const stored = async () => (await client.query('select sess::text, expire from sessions where sid = $1', [sid])).rows[0];
    const before = await stored();
    const right = await agent.get(LIST);
    assert.equal(right.status, 200);
    assert.deepEqual(await stored(), before, 'a request right after the last write does not write the session again');
    assert.equal(cookieOf(right), undefined, 'nor send its cookie again');

    // 20 minutes of idleness, then a request: the expiry slides back to a full idle timeout.
    await client.query(`update sessions set expire = expire - interval '20 minutes' where sid = $1`, [sid]);
    assert.ok(await expiresIn(sid) < idle - 19 * 60);
    const later = await agent.get(LIST);
    assert.equal(later.status, 200);
    assert.ok(Math.abs(await expiresIn(sid) - idle) < 5, 'activity keeps the session');
    assert.ok(Math.abs(cookieExpiresIn(later) - idle) < 5, 'the cookie is sent again with the same expiry');

    // Unused for the whole idle timeout (and 2 s for the store's rounding up to the second).
    await client.query(`update sessions set expire = expire - make_interval(mins => $2, secs => 2) where sid = $1`, [sid, IDLE_MINUTES]);
    assert.equal(await loggedIn(agent), false, 'an idle session is logged out');
    assert.equal(await loggedIn(agent), false, 'and stays so');
  });

  it(`absolute lifetime: ${MAX_HOURS} h after the login the session ends however active, and its expiry never passes that`, async () => {
    const { agent, sid } = await loginWithSid(app, 'reseller-a@demo.test');
    assert.ok(await loggedIn(agent));
    // The login was 10 minutes short of the limit ago: the expiry is capped at the end, not now + idle.
    await ageLogin(sid, MAX_HOURS * 3_600_000 - 10 * 60_000);
    const capped = await agent.get(LIST);
    assert.equal(capped.status, 200);
    assert.ok(Math.abs(await expiresIn(sid) - 600) < 5, `row expires in ${await expiresIn(sid)} s, at the absolute end`);
    assert.ok(Math.abs(cookieExpiresIn(capped) - 600) < 5, 'so does the cookie');
    // Active all along, but now past the limit.
    await ageLogin(sid, 10 * 60_000 + 1000);
    assert.equal(await loggedIn(agent), false, 'past its absolute lifetime the session is logged out');
    assert.equal(await rowExists(sid), false, 'and its row is gone');
  });

  it('a context switch issues a new session id, keeps the login time, and the old id is worth nothing', async () => {
    const { agent, sid, cookie } = await loginWithSid(app, 'reseller-a@demo.test');
    const loginAt = (await client.query('select sess->>\'loginAt\' as t from sessions where sid = $1', [sid])).rows[0].t;
    const switched = await agent.post('/admin/context').send({ organizationId: orgs['customer-a1'], view: 'customer' });
    assert.equal(switched.status, 200);
    const newSid = sidOf(cookieOf(switched)!);
    assert.notEqual(newSid, sid, 'a new id');
    assert.equal(await rowExists(sid), false, 'the old row is deleted');
    const row = (await client.query('select sess from sessions where sid = $1', [newSid])).rows[0].sess;
    assert.equal(row.loginAt, Number(loginAt), 'the absolute lifetime still counts from the login');
    assert.equal(row.adminUser.organizationId, orgs['customer-a1']);
    assert.equal((await agent.get('/admin/context')).body.current.view, 'customer', 'the new id carries the new context');
    assert.equal(await loggedIn(supertest.agent(app), cookie), false, 'the old id is logged out');
  });

  describe('other sessions end when the account changes', () => {
    let second: Started;
    let secondUrl: string;
    let dataDir: string;
    before(async () => {
      dataDir = await tempDataDir();
      const port = await freePort();
      second = startEntry('admin', [], { DATABASE_URL: portal.db.url, DATA_DIR: dataDir, PORT: String(port), SESSION_SECRET: SECRET });
      await waitForOutput(second, /Panel: /);
      secondUrl = `http://127.0.0.1:${port}`;
    });
    after(async () => {
      await second.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    });

    it('a password change ends the user\'s other sessions, in the other panel process too, and keeps its own', async () => {
      const own = await loginWithSid(app, 'reseller-b@demo.test');
      const other = await loginWithSid(app, 'reseller-b@demo.test');
      const elsewhere = await loginWithSid(secondUrl, 'reseller-b@demo.test');
      const bystander = await loginWithSid(secondUrl, 'reseller-a@demo.test');
      assert.ok(await loggedIn(elsewhere.agent), 'a session of the second process');
      const changed = await own.agent.post('/admin/account/password').send({ currentPassword: 'portal-demo', newPassword: 'reseller-b-new-password', newPasswordAgain: 'reseller-b-new-password' });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.ok(await loggedIn(own.agent), 'the session that changed the password stays');
      assert.equal(await loggedIn(other.agent), false, 'another session of the user ended');
      assert.equal(await loggedIn(elsewhere.agent), false, 'the session in the second process ended');
      assert.ok(await loggedIn(bystander.agent), 'another user\'s session is untouched');
      const rows = (await client.query(`select sid from sessions where sess->'adminUser'->>'userId' = $1`, [String((await User.findOne({ where: { email: 'reseller-b@demo.test' } }))!.id)])).rows;
      assert.deepEqual(rows.map((r) => r.sid), [own.sid]);
    });

    it('an e-mail change ends the other sessions too', async () => {
      const own = await loginWithSid(app, 'distributor@demo.test');
      const other = await loginWithSid(secondUrl, 'distributor@demo.test');
      const changed = await own.agent.post('/admin/account/email').send({ currentPassword: 'portal-demo', email: 'distributor-new@demo.test' });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.ok(await loggedIn(own.agent));
      assert.equal(await loggedIn(other.agent), false);
    });

    it('a role change and a membership removal by an admin end the person\'s sessions, not the admin\'s', async () => {
      const vendor = await login(app, 'vendor@demo.test');
      const guestUser = (await User.findOne({ where: { email: 'customer-guest@demo.test' } }))!;
      const membership = (await Membership.findOne({ where: { userId: guestUser.id } }))!;

      const guest = await loginWithSid(secondUrl, 'customer-guest@demo.test');
      assert.ok(await loggedIn(guest.agent));
      const raised = await vendor.post(`/admin/api/resources/memberships/records/${membership.id}/edit`).send({ role: 'member' });
      assert.equal(raised.status, 200, JSON.stringify(raised.body));
      assert.equal((await membership.reload()).role, 'member');
      assert.equal(await loggedIn(guest.agent), false, 'the role change ended the guest\'s session');
      assert.ok(await loggedIn(vendor), 'the admin\'s session stays');

      // An edit that changes nothing ends nothing.
      const again = await loginWithSid(app, 'customer-guest@demo.test');
      assert.equal((await vendor.post(`/admin/api/resources/memberships/records/${membership.id}/edit`).send({ role: 'member' })).status, 200);
      assert.ok(await loggedIn(again.agent), 'an unchanged role ends no session');

      const removed = await vendor.post(`/admin/api/resources/memberships/records/${membership.id}/delete`);
      assert.equal(removed.status, 200, JSON.stringify(removed.body));
      assert.equal(await loggedIn(again.agent), false, 'the removal ended the session');
      assert.equal(await rowExists(again.sid), false);
      assert.ok(await loggedIn(vendor));
    });

    it('an accepted invitation and an ERP import changing a membership end the person\'s sessions', async () => {
      const person = await loginWithSid(app, 'customer-admin@demo.test');
      const token = 'an-invitation-token-for-this-test-0123456789';
      await Invitation.create({ organizationId: orgs['customer-a2'], email: 'customer-admin@demo.test', role: 'member', tokenHash: tokenHash(token), expiresAt: new Date(Date.now() + 86_400_000) });
      const accepted = await supertest(app).post('/register').type('form').send({ token });
      assert.equal(accepted.status, 303, accepted.text);
      assert.equal(await loggedIn(person.agent), false, 'accepting the invitation ended the session');

      const next = await loginWithSid(secondUrl, 'customer-admin@demo.test');
      const imported = await importDocument(portal.sequelize, await systemActor(), {
        users: [{ email: 'customer-admin@demo.test', name: 'Carla Kunde', memberships: [{ org: 'customer-b1', role: 'guest' }] }],
      });
      assert.ok(imported.ok, JSON.stringify(imported));
      assert.equal(await loggedIn(next.agent), false, 'the import\'s new membership ended the session');
      // The same document again changes no membership and ends nothing.
      const last = await loginWithSid(app, 'customer-admin@demo.test');
      assert.ok((await importDocument(portal.sequelize, await systemActor(), {
        users: [{ email: 'customer-admin@demo.test', name: 'Carla Kunde', memberships: [{ org: 'customer-b1', role: 'guest' }] }],
      })).ok);
      assert.ok(await loggedIn(last.agent));
    });
  });

  it('a session loaded before its row was deleted does not write itself back; a new session is stored', async () => {
    const pool = new pg.Pool({ connectionString: portal.db.url, max: 1 });
    const store = guardedStore(pool, { tableName: 'sessions', createTableIfMissing: false, pruneSessionInterval: false });
    try {
      // A session as express-session makes one for a new login.
      const Session = session.Session as unknown as new (req: unknown, data: unknown) => session.Session;
      const Cookie = session.Cookie as unknown as new (options: session.CookieOptions) => session.Cookie;
      const fresh = new Session({ sessionID: 'guarded-store-test', sessionStore: store }, { cookie: new Cookie({ maxAge: 60_000 }), loginAt: Date.now() });
      await promisify(fresh.save.bind(fresh))();
      assert.ok(await rowExists('guarded-store-test'), 'a new session is inserted');
      const loaded = await promisify(store.load.bind(store))('guarded-store-test') as unknown as session.Session & { loginAt?: number };
      assert.ok(loaded?.loginAt);
      // Another request ends it (services/sessions.ts) while this one still holds it.
      await client.query('delete from sessions where sid = $1', ['guarded-store-test']);
      loaded.loginAt = Date.now();
      await promisify(loaded.save.bind(loaded))();
      assert.equal(await rowExists('guarded-store-test'), false, 'the ended session stays ended');
    } finally {
      store.close();
      await pool.end();
    }
  });

  it('a language switch answers only once the session holds the new language (a reload at the headers finds it)', async () => {
    const { sid, cookie } = await loginWithSid(app, 'vendor@demo.test');
    const server = app.listen(0);
    const locker = new pg.Client({ connectionString: portal.db.url });
    await locker.connect();
    try {
      // The session's row held by another transaction: storing the new language has to wait for it.
      await locker.query('begin');
      await locker.query('select 1 from sessions where sid = $1 for update', [sid]);
      let answered = false;
      const body = JSON.stringify({ locale: 'en' });
      const response = new Promise<http.IncomingMessage>((resolve, reject) => {
        const request = http.request({ port: (server.address() as AddressInfo).port, path: '/admin/account/locale', method: 'POST', headers: { cookie, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          answered = true;
          resolve(res);
        });
        request.on('error', reject);
        request.end(body);
      });
      const deadline = Date.now() + 10_000;
      while ((await client.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like 'update sessions%'")).rowCount === 0) {
        assert.ok(Date.now() < deadline, 'the session store is waiting for the row');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // Left to express-session, the headers went out right after the store was asked (before it stored).
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(answered, false, 'no answer while the session is not stored');
      await locker.query('commit');
      assert.equal((await response).statusCode, 200);
      const stored = await client.query('select sess from sessions where sid = $1', [sid]);
      assert.equal(stored.rows[0].sess.adminUser.locale, 'en');
    } finally {
      await locker.end();
      server.close();
      await User.update({ locale: 'de' }, { where: { email: 'vendor@demo.test' } });
    }
  });
});
