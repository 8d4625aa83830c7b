/**
 * The second factor through the real login form and the plain pages, against a real PostgreSQL:
 * enrolment (otpauth:// link and secret as text, confirmed with a code made by otplib from that
 * secret), then a new login waits for a code — the panel answers the code page (pages) or 403
 * (API) until then; a wrong code is refused, a right one completes the login under a new session
 * id; a code is not accepted twice; a recovery code works once; wrong codes are throttled per user.
 * The secret is stored encrypted. In production (a second panel on the same database with
 * NODE_ENV=production) vendor staff and the DPO must enrol before anything else; others need not.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import type { Express } from 'express';
import { QueryTypes } from 'sequelize';
import { generate } from 'otplib';
import { startTestPanel, type TestPanel } from './support/portal.ts';
import { runEntry } from './support/processes.ts';
import { buildPanel, type Panel } from '../admin/panel.ts';
import { CODE_FAILURE_LIMIT, RECOVERY_CODE_COUNT } from '../services/second-factor.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';
import { AuditEvent, User } from '../models/index.ts';

const LIST = '/admin/api/resources/licenses/actions/list';
const now = () => Math.floor(Date.now() / 1000);
const sidOf = (response: supertest.Response) => {
  const cookie = [response.headers['set-cookie'] ?? []].flat().find((c: string) => c.startsWith('portal.sid='));
  return cookie ? decodeURIComponent(/portal\.sid=([^;]+)/.exec(cookie)![1]).slice(2).split('.')[0] : null;
};

/** The password step of the login: 302 to /admin, whatever the second factor. */
async function passwordLogin(app: Express, email: string): Promise<supertest.Agent> {
  const agent = supertest.agent(app);
  const response = await agent.post('/admin/login').field('email', email).field('password', DEMO_PASSWORD);
  assert.equal(response.status, 302, `password login of ${email}`);
  assert.equal(response.headers.location, '/admin');
  return agent;
}

/** Reads the enrolment page: the otpauth:// link and the secret shown as text. */
async function enrolmentOf(agent: supertest.Agent): Promise<{ secret: string; uri: string; page: string }> {
  const page = await agent.get('/admin/second-factor/setup');
  assert.equal(page.status, 200, page.text);
  const uri = /href="(otpauth:\/\/totp\/[^"]+)"/.exec(page.text)?.[1].replace(/&#38;/g, '&');
  const shown = /<code id="secret">([A-Z2-7 ]+)<\/code>/.exec(page.text)?.[1];
  assert.ok(uri && shown, page.text);
  const secret = shown.replace(/ /g, '');
  assert.equal(new URL(uri).searchParams.get('secret'), secret, 'the link carries the secret shown');
  return { secret, uri, page: page.text };
}

const recoveryCodesOf = (html: string) => [...html.matchAll(/<li><code>([a-z2-7-]+)<\/code><\/li>/g)].map((m) => m[1]);

/** Sends a code to the login step. */
const sendCode = (agent: supertest.Agent, code: string) => agent.post('/admin/second-factor').type('form').send({ code });

/** The session waits for its code: pages are sent to the code page, the API and other routes are refused. */
async function assertWaiting(agent: supertest.Agent, page = '/admin/second-factor'): Promise<void> {
  for (const path of ['/admin', '/admin/account', '/admin/resources/licenses']) {
    const response = await agent.get(path).set('Accept', 'text/html');
    assert.equal(response.status, 303, `${path} while waiting`);
    assert.equal(response.headers.location, page);
  }
  const requests = { list: agent.get(LIST), context: agent.get('/admin/context').set('Accept', 'application/json'), switch: agent.post('/admin/context').send({ organizationId: 1, view: 'vendor' }) };
  for (const [label, request] of Object.entries(requests)) {
    const response = await request;
    assert.equal(response.status, 403, `${label}: ${response.status}`);
    assert.match(response.body.error, /zweiten Faktor/);
  }
}

describe('second factor', () => {
  let portal: TestPanel;
  let app: Express;
  let production: Panel;
  before(async () => {
    portal = await startTestPanel();
    app = portal.panel.app;
    // The same database served by a panel in production mode, which serves the components built
    // ahead of time (npm run build, into .adminjs; a clean checkout has none).
    const build = await runEntry('build-panel', [], { NODE_ENV: 'production' });
    assert.equal(build.code, 0, build.output);
    production = await buildPanel({ ...portal.config, production: true }, portal.sequelize, portal.db.url);
  });
  after(async () => {
    await production.close();
    await portal.close();
  });

  /**
   * A current code of the app. A code's 30-second step is accepted once and only later steps after
   * it, so the last accepted step is moved into the past first, as if the user waited for the next code.
   */
  const codeFor = async (secret: string, email: string) => {
    await portal.sequelize.query(`update second_factors set last_time_step = last_time_step - 10 where user_id = (select id from users where email = :email)`, { replacements: { email } });
    return generate({ secret, epoch: now() });
  };

  it('enrolment, then a login that needs a code: wrong code refused, right code accepted once, a recovery code works once', async () => {
    const userId = (await User.findOne({ where: { email: 'reseller-a@demo.test' } }))!.id;
    // Outside production the demo users log in without a second factor.
    const first = await passwordLogin(app, 'reseller-a@demo.test');
    assert.equal((await first.get(LIST)).status, 200);
    const otherSession = await passwordLogin(app, 'reseller-a@demo.test');

    const { secret, uri } = await enrolmentOf(first);
    assert.match(uri, /^otpauth:\/\/totp\/Channel%20License%20Portal:reseller-a%40demo\.test\?/);
    assert.equal((await enrolmentOf(first)).secret, secret, 'showing the page again keeps the secret');
    const [stored] = await portal.sequelize.query<{ secret: string; enabled_at: Date | null }>('select secret, enabled_at from second_factors where user_id = :userId',
      { replacements: { userId }, type: QueryTypes.SELECT });
    assert.equal(stored.enabled_at, null, 'not enabled before the first code');
    assert.doesNotMatch(stored.secret, new RegExp(secret.slice(0, 12)), 'the secret is stored encrypted');

    const wrongSetup = await first.post('/admin/second-factor/setup').type('form').send({ code: '000000', currentPassword: DEMO_PASSWORD });
    assert.equal(wrongSetup.status, 422);
    // Outside a login that requires it, the current password is asked too.
    const noPassword = await first.post('/admin/second-factor/setup').send({ code: await generate({ secret, epoch: now() }) });
    assert.equal(noPassword.status, 422);
    assert.ok(noPassword.body.fields.currentPassword, JSON.stringify(noPassword.body));
    const confirmed = await first.post('/admin/second-factor/setup').type('form').send({ code: await generate({ secret, epoch: now() }), currentPassword: DEMO_PASSWORD });
    assert.equal(confirmed.status, 200, confirmed.text);
    const recovery = recoveryCodesOf(confirmed.text);
    assert.equal(recovery.length, RECOVERY_CODE_COUNT);
    assert.equal(new Set(recovery).size, RECOVERY_CODE_COUNT);
    assert.equal((await first.get(LIST)).status, 200, 'the enrolling session stays');
    assert.equal((await otherSession.get(LIST)).status, 302, 'the user\'s other session ended');
    const databaseText = JSON.stringify(await portal.sequelize.query('select t::text from second_factors t union all select s::text from sessions s union all select r::text from recovery_codes r', { type: QueryTypes.SELECT }));
    assert.ok(!databaseText.includes(secret), 'neither the secret …');
    assert.ok(!recovery.some((code) => databaseText.includes(code) || databaseText.includes(code.replace(/-/g, ''))), '… nor a recovery code is stored in clear');

    // A new login: the password alone reaches nothing.
    const agent = await passwordLogin(app, 'reseller-a@demo.test');
    await assertWaiting(agent);
    const page = await agent.get('/admin/second-factor');
    assert.equal(page.status, 200);
    assert.match(page.text, /<input id="code" name="code"/);
    const wrong = await sendCode(agent, '000000');
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /Dieser Code ist nicht gültig/);
    await assertWaiting(agent);
    const rightCode = await codeFor(secret, 'reseller-a@demo.test');
    const accepted = await sendCode(agent, rightCode);
    assert.equal(accepted.status, 303, accepted.text);
    assert.equal(accepted.headers.location, '/admin');
    assert.ok(sidOf(accepted), 'the completed login has a new session id');
    assert.equal((await agent.get(LIST)).status, 200, 'the panel answers now');

    // The same code a second time (another login) is refused: no replay.
    const replay = await passwordLogin(app, 'reseller-a@demo.test');
    assert.equal((await sendCode(replay, rightCode)).status, 422);

    // A recovery code works once.
    const withRecovery = await passwordLogin(app, 'reseller-a@demo.test');
    const used = await sendCode(withRecovery, recovery[0].toUpperCase());
    assert.equal(used.status, 200, used.text);
    assert.match(used.text, new RegExp(`(Unused codes|Unbenutzte Codes): ${RECOVERY_CODE_COUNT - 1}\\.`));
    assert.equal((await withRecovery.get(LIST)).status, 200);
    const again = await passwordLogin(app, 'reseller-a@demo.test');
    assert.equal((await sendCode(again, recovery[0])).status, 422, 'a used recovery code is refused');
    assert.equal((await sendCode(again, recovery[1])).status, 200, 'another one works');
    const audit = await AuditEvent.findAll({ where: { userId }, order: [['id', 'ASC']] });
    assert.deepEqual(audit.map((e) => e.action).filter((a) => a !== 'users.login'),
      ['users.second_factor_enabled', 'users.recovery_code_used', 'users.recovery_code_used']);

    // The login step as JSON, for API clients.
    const client = await passwordLogin(app, 'reseller-a@demo.test');
    const json = await client.post('/admin/second-factor').send({ code: await codeFor(secret, 'reseller-a@demo.test') });
    assert.equal(json.status, 200, JSON.stringify(json.body));
    assert.deepEqual(json.body, { ok: true, used: 'totp' });
  });

  it(`throttles wrong codes: after ${CODE_FAILURE_LIMIT} in the window even the right code answers 429 with Retry-After`, async () => {
    const enrolling = await passwordLogin(app, 'customer-admin@demo.test');
    const { secret } = await enrolmentOf(enrolling);
    assert.equal((await enrolling.post('/admin/second-factor/setup').send({ code: await generate({ secret, epoch: now() }), currentPassword: DEMO_PASSWORD })).status, 200);

    const agent = await passwordLogin(app, 'customer-admin@demo.test');
    for (let i = 0; i < CODE_FAILURE_LIMIT; i++) assert.equal((await sendCode(agent, String(100000 + i))).status, 422, `wrong code ${i + 1}`);
    const throttled = await agent.post('/admin/second-factor').send({ code: await generate({ secret, epoch: now() + 30 }) });
    assert.equal(throttled.status, 429);
    assert.ok(Number(throttled.headers['retry-after']) >= 1 && Number(throttled.headers['retry-after']) <= 15 * 60);
    assert.match(throttled.body.error, /^Zu viele falsche Codes\. Versuchen Sie es in \d+ Minuten? wieder\.$/);
    // From another session of the same user too: the count is the user's.
    const other = await passwordLogin(app, 'customer-admin@demo.test');
    assert.equal((await sendCode(other, await generate({ secret, epoch: now() + 30 }))).status, 429);
    // Once the failures are older than the window, the right code works (and forgives the count).
    await portal.sequelize.query(`update second_factor_failures set failed_at = failed_at - interval '15 minutes'`);
    assert.equal((await sendCode(agent, await generate({ secret, epoch: now() + 30 }))).status, 303);
    assert.equal((await agent.get(LIST)).status, 200);
  });

  it('an optional second factor is turned off with a code; new recovery codes replace the old ones', async () => {
    const agent = await passwordLogin(app, 'reseller-b@demo.test');
    const { secret } = await enrolmentOf(agent);
    const confirmed = await agent.post('/admin/second-factor/setup').send({ code: await generate({ secret, epoch: now() }), currentPassword: DEMO_PASSWORD });
    const old = confirmed.body.recoveryCodes as string[];
    assert.equal(old.length, RECOVERY_CODE_COUNT);
    const manage = await agent.get('/admin/second-factor/setup');
    assert.match(manage.text, /(Unused recovery codes|Unbenutzte Wiederherstellungscodes): 10\./);
    const renewed = await agent.post('/admin/second-factor/recovery-codes').send({ code: await codeFor(secret, 'reseller-b@demo.test') });
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    const login = await passwordLogin(app, 'reseller-b@demo.test');
    assert.equal((await sendCode(login, old[0])).status, 422, 'an old recovery code no longer works');
    assert.equal((await sendCode(login, renewed.body.recoveryCodes[0])).status, 200);
    const off = await agent.post('/admin/second-factor/disable').send({ code: await codeFor(secret, 'reseller-b@demo.test') });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    const plain = await passwordLogin(app, 'reseller-b@demo.test');
    assert.equal((await plain.get(LIST)).status, 200, 'turned off, the password is enough again');
  });

  it('in production vendor staff and the DPO must enrol before anything else; others need not; it cannot be turned off', async () => {
    const prod = production.app;
    for (const email of ['vendor@demo.test', 'dpo@demo.test']) {
      const agent = await passwordLogin(prod, email);
      await assertWaiting(agent, '/admin/second-factor/setup');
      assert.equal((await agent.get('/admin/second-factor').set('Accept', 'text/html')).headers.location, '/admin/second-factor/setup');
      const { secret, page } = await enrolmentOf(agent);
      assert.match(page, /<p class="error">(Your account must be protected by a second factor|Ihr Konto muss mit einem zweiten Faktor gesichert sein)/);
      const confirmed = await agent.post('/admin/second-factor/setup').type('form').send({ code: await generate({ secret, epoch: now() }) });
      assert.equal(confirmed.status, 200);
      assert.ok(sidOf(confirmed), 'a new session id once enrolled');
      assert.equal((await agent.get(LIST)).status, 200, `${email} reaches the panel now`);
      assert.equal((await agent.get('/admin/context').set('Accept', 'application/json')).status, 200);
      const off = await agent.post('/admin/second-factor/disable').send({ code: await generate({ secret, epoch: now() + 30 }) });
      assert.equal(off.status, 403, 'required: it cannot be turned off');
      // The next login (in either panel) asks for a code.
      for (const target of [prod, app]) await assertWaiting(await passwordLogin(target, email));
    }
    // Reseller staff need not, in production either.
    const reseller = await passwordLogin(prod, 'distributor@demo.test');
    assert.equal((await reseller.get(LIST)).status, 200);
  });
});
