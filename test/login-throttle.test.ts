/**
 * Login throttling through the real login form: per account (10 failures in the window) and per
 * source address (50), counted in PostgreSQL, so a second panel process on the same database
 * refuses too; the same answer for an unknown account; a success resets no other account's count;
 * after the window a login works again. The window is 5 minutes here (LOGIN_THROTTLE_WINDOW_MINUTES).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import supertest from 'supertest';
import type { Express } from 'express';
import { QueryTypes } from 'sequelize';
import { freePort, login, startTestPanel, tempDataDir, type TestPanel } from './support/portal.ts';
import { assertUnchanged } from './support/db-scan.ts';
import { startEntry, waitForOutput } from './support/processes.ts';
import { buildPanel } from '../admin/panel.ts';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, sourceAddress } from '../admin/login-throttle.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';

const WINDOW_MINUTES = 5;

type Target = Express | string;
const attempt = (target: Target, email: string, password: string, headers: Record<string, string> = {}) =>
  supertest(target).post('/admin/login').set({ Accept: 'application/json', 'Accept-Language': 'en', ...headers }).type('form').send({ email, password });

async function failTimes(target: Target, email: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const response = await attempt(target, email, `wrong-password-${i}`);
    assert.equal(response.status, 200, `failure ${i + 1} of ${email} is an ordinary wrong password`);
  }
}

function assertThrottled(response: supertest.Response, label: string): void {
  assert.equal(response.status, 429, label);
  const retryAfter = Number(response.headers['retry-after']);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= WINDOW_MINUTES * 60, `${label}: Retry-After ${response.headers['retry-after']}`);
  assert.match(response.body.error, /^Too many failed login attempts\. Try again in \d+ minutes?\.$/, label);
  assert.equal(response.headers['set-cookie'], undefined, `${label}: no session`);
}

describe('login throttling', () => {
  let portal: TestPanel;
  let app: Express;
  before(async () => {
    portal = await startTestPanel({ loginThrottleWindowMinutes: WINDOW_MINUTES });
    app = portal.panel.app;
  });
  after(() => portal.close());
  beforeEach(async () => { await portal.sequelize.query('delete from login_failures'); });

  it('counts addresses as they are reached: IPv4, IPv4-mapped, IPv6 by its /64', () => {
    assert.equal(sourceAddress('203.0.113.7'), '203.0.113.7');
    assert.equal(sourceAddress('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(sourceAddress('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(sourceAddress('2001:db8:1:2:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
    assert.equal(sourceAddress('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(sourceAddress('::1'), '0:0:0:0::/64');
    assert.equal(sourceAddress(undefined), 'unknown');
  });

  it(`answers the ${ACCOUNT_LIMIT + 1}th attempt after ${ACCOUNT_LIMIT} wrong passwords with 429 and Retry-After, even with the right password, from a second panel process too`, async () => {
    await failTimes(app, 'reseller-a@demo.test', ACCOUNT_LIMIT);
    assertThrottled(await attempt(app, 'reseller-a@demo.test', DEMO_PASSWORD), 'right password after 10 failures');
    assertThrottled(await attempt(app, '  Reseller-A@demo.test ', DEMO_PASSWORD), 'the same account typed differently');
    // A browser gets the login page with the message.
    const page = await attempt(app, 'reseller-a@demo.test', DEMO_PASSWORD, { Accept: 'text/html' });
    assert.equal(page.status, 429);
    assert.ok(Number(page.headers['retry-after']) >= 1);
    assert.match(page.text, /Too many failed login attempts\. Try again in \d+ minutes?\./);
    // Another account from the same address is not affected.
    assert.equal((await attempt(app, 'reseller-b@demo.test', DEMO_PASSWORD)).status, 302);

    const dataDir = await tempDataDir();
    const port = await freePort();
    const second = startEntry('admin', [], {
      DATABASE_URL: portal.db.url, DATA_DIR: dataDir, PORT: String(port), LOGIN_THROTTLE_WINDOW_MINUTES: String(WINDOW_MINUTES),
    });
    try {
      await waitForOutput(second, /Panel: /);
      const base = `http://127.0.0.1:${port}`;
      assertThrottled(await attempt(base, 'reseller-a@demo.test', DEMO_PASSWORD), 'the second panel process');
      assert.equal((await attempt(base, 'reseller-b@demo.test', DEMO_PASSWORD)).status, 302, 'the second panel logs in otherwise');
    } finally {
      await second.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('gives an unknown account the same answer', async () => {
    await failTimes(app, 'reseller-a@demo.test', ACCOUNT_LIMIT);
    await failTimes(app, 'nobody-here@demo.test', ACCOUNT_LIMIT);
    const known = await attempt(app, 'reseller-a@demo.test', 'wrong-again');
    const unknown = await attempt(app, 'nobody-here@demo.test', 'wrong-again');
    assertThrottled(known, 'known account');
    assertThrottled(unknown, 'unknown account');
    const shape = (response: supertest.Response) => ({
      status: response.status, body: JSON.stringify(response.body).replace(/\d+ minutes?/, 'N minutes'),
      headers: Object.keys(response.headers).filter((h) => h !== 'date' && h !== 'etag').sort(),
    });
    assert.deepEqual(shape(unknown), shape(known));
  });

  it('counts attempts sent in parallel exactly: an attempt in flight already counts', async () => {
    const responses = await Promise.all(Array.from({ length: 2 * ACCOUNT_LIMIT }, (_, i) => attempt(app, 'customer-admin@demo.test', `parallel-${i}`)));
    const statuses = responses.map((r) => r.status).sort();
    assert.deepEqual(statuses, [...Array(ACCOUNT_LIMIT).fill(200), ...Array(ACCOUNT_LIMIT).fill(429)]);
  });

  it('lets a login through again once the failures are older than the window, and prunes them', async () => {
    await failTimes(app, 'reseller-a@demo.test', ACCOUNT_LIMIT);
    assertThrottled(await attempt(app, 'reseller-a@demo.test', DEMO_PASSWORD), 'locked');
    // The window passes: the failures are aged instead of waiting.
    await portal.sequelize.query('update login_failures set failed_at = failed_at - make_interval(mins => :minutes)', { replacements: { minutes: WINDOW_MINUTES } });
    assert.equal((await attempt(app, 'reseller-a@demo.test', DEMO_PASSWORD)).status, 302);
    const [{ n }] = await portal.sequelize.query<{ n: string }>('select count(*) as n from login_failures', { type: QueryTypes.SELECT });
    assert.equal(Number(n), 0, 'the aged failures are deleted');
  });

  it('a success forgives the account\'s own failures from that address, and resets no other account\'s count', async () => {
    await failTimes(app, 'reseller-b@demo.test', ACCOUNT_LIMIT - 1);
    await failTimes(app, 'reseller-a@demo.test', ACCOUNT_LIMIT - 1);
    assert.equal((await attempt(app, 'reseller-a@demo.test', DEMO_PASSWORD)).status, 302);
    // reseller-b still has its 9: one more failure reaches the limit.
    await failTimes(app, 'reseller-b@demo.test', 1);
    assertThrottled(await attempt(app, 'reseller-b@demo.test', DEMO_PASSWORD), 'the other account keeps its count');
    // reseller-a starts again from 0: 9 more failures leave it below the limit.
    await failTimes(app, 'reseller-a@demo.test', ACCOUNT_LIMIT - 1);
    assert.equal((await attempt(app, 'reseller-a@demo.test', DEMO_PASSWORD)).status, 302);
  });

  it(`refuses an address after ${ADDRESS_LIMIT} failures over many accounts; a forged X-Forwarded-For changes nothing unless PUBLIC_URL is https`, async () => {
    for (let i = 0; i < ADDRESS_LIMIT; i++) {
      const response = await attempt(app, `spray-${i}@demo.test`, 'Summer2026!');
      assert.equal(response.status, 200, `spray ${i + 1}`);
    }
    assertThrottled(await attempt(app, 'vendor@demo.test', DEMO_PASSWORD), 'the address is over its limit');
    assertThrottled(await attempt(app, 'vendor@demo.test', DEMO_PASSWORD, { 'X-Forwarded-For': '198.51.100.9' }), 'a forged header on a panel that trusts no proxy');

    // A panel behind an https reverse proxy (trust proxy 1) counts the address the proxy saw, on the same database.
    const proxied = await buildPanel({ ...portal.config, publicUrl: 'https://portal.example' }, portal.sequelize, portal.db.url);
    try {
      const other = await attempt(proxied.app, 'vendor@demo.test', DEMO_PASSWORD, { 'X-Forwarded-For': '198.51.100.9' });
      assert.equal(other.status, 302, 'another client behind the proxy');
      assertThrottled(await attempt(proxied.app, 'vendor@demo.test', DEMO_PASSWORD, { 'X-Forwarded-For': '127.0.0.1' }), 'the sprayer behind the proxy');
    } finally {
      await proxied.close();
    }
  });

  describe('the account page\'s current-password check counts in the same throttle', () => {
    const wrong = (agent: ReturnType<typeof supertest.agent>, i: number) =>
      agent.post('/admin/account/password').send({ currentPassword: `wrong-password-${i}`, newPassword: 'a-new-password-1', newPasswordAgain: 'a-new-password-1' });

    it(`after ${ACCOUNT_LIMIT} wrong current passwords: 429 with Retry-After for the password and the e-mail change and the login, nothing changed`, async () => {
      const agent = await login(app, 'reseller-a@demo.test');
      for (let i = 0; i < ACCOUNT_LIMIT; i++) {
        const response = await wrong(agent, i);
        assert.equal(response.status, 422, `wrong current password ${i + 1}`);
        assert.ok(response.body.fields.currentPassword);
      }
      await assertUnchanged(portal.sequelize, async () => {
        const password = await agent.post('/admin/account/password').send({ currentPassword: DEMO_PASSWORD, newPassword: 'a-new-password-1', newPasswordAgain: 'a-new-password-1' });
        assert.equal(password.status, 429, 'even the right password is not checked');
        assert.ok(Number(password.headers['retry-after']) >= 1 && Number(password.headers['retry-after']) <= WINDOW_MINUTES * 60);
        // Reseller A reads German (the account page is the user's own: its language, not the browser's).
        assert.match(password.body.error, /^Zu viele falsche Passwörter\. Versuchen Sie es in \d+ Minuten? wieder\.$/);
        const email = await agent.post('/admin/account/email').send({ currentPassword: DEMO_PASSWORD, email: 'reseller-a-new@demo.test' });
        assert.equal(email.status, 429);
        assert.ok(Number(email.headers['retry-after']) >= 1);
        // A browser's form gets the account page with the message.
        const page = await agent.post('/admin/account/password').type('form').send({ currentPassword: DEMO_PASSWORD, newPassword: 'a-new-password-1', newPasswordAgain: 'a-new-password-1' });
        assert.equal(page.status, 429);
        assert.match(page.text, /Zu viele falsche Passwörter/);
        // The guesses counted against the account's login too.
        assertThrottled(await attempt(app, 'reseller-a@demo.test', DEMO_PASSWORD), 'login after guesses on the account page');
      });
      // Once the window has passed the right password changes it.
      await portal.sequelize.query('update login_failures set failed_at = failed_at - make_interval(mins => :minutes)', { replacements: { minutes: WINDOW_MINUTES } });
      const changed = await agent.post('/admin/account/password').send({ currentPassword: DEMO_PASSWORD, newPassword: 'a-new-password-1', newPasswordAgain: 'a-new-password-1' });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal((await attempt(app, 'reseller-a@demo.test', 'a-new-password-1')).status, 302);
    });

    it('a request refused before the password is checked neither counts nor forgives earlier failures', async () => {
      const agent = await login(app, 'reseller-b@demo.test');
      for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) assert.equal((await wrong(agent, i)).status, 422);
      const mismatch = await agent.post('/admin/account/password').send({ currentPassword: DEMO_PASSWORD, newPassword: 'a-new-password-1', newPasswordAgain: 'something-else-1' });
      assert.equal(mismatch.status, 422);
      assert.ok(mismatch.body.fields.newPasswordAgain);
      assert.equal((await wrong(agent, 99)).status, 422, 'the tenth failure');
      assert.equal((await wrong(agent, 100)).status, 429);
    });
  });
});
