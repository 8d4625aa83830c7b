// Invitations end to end against a real PostgreSQL and a real SMTP server: an admin invites, the
// mail carries the link, the plain registration page registers, the new user logs in through the
// panel's login form. Refusals (used, expired, revoked, foreign, escalating) change nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import supertest from 'supertest';
import { QueryTypes } from 'sequelize';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { startSmtp, type TestSmtp } from './support/smtp.ts';
import { assertUnchanged, dataWithoutSessions } from './support/db-scan.ts';
import { Invitation, License, Membership, Organization, User } from '../models/index.ts';
import { hashPassword } from '../models/passwords.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';

const API = '/admin/api/resources/invitations';
const PUBLIC_URL = 'http://portal.example.test';
const PASSWORD = 'a-new-password-1';

describe('invitations', () => {
  let portal: TestPanel;
  let smtp: TestSmtp;
  let orgs: Record<string, number>;
  let resellerA: Agent;
  let firstToken: string;

  const tokenOf = (text: string) => {
    const match = new RegExp(`${PUBLIC_URL}/register\\?token=([A-Za-z0-9_-]{43})\\n`).exec(text);
    assert.ok(match, `a registration link in: ${text}`);
    return match[1];
  };
  const invite = (agent: Agent, payload: Record<string, unknown>) => agent.post(`${API}/actions/new`).send(payload);
  const register = (fields: Record<string, string>) => supertest(portal.panel.app).post('/register').type('form').send(fields);
  const page = (token: string) => supertest(portal.panel.app).get(`/register?token=${encodeURIComponent(token)}`);
  // Sessions are left out: every request refreshes its session's expiry.
  const unchanged = async (action: () => Promise<unknown>) => {
    const mails = smtp.messages.length;
    await assertUnchanged(portal.sequelize, action);
    assert.equal(smtp.messages.length, mails, 'no mail was sent');
  };

  before(async () => {
    smtp = await startSmtp();
    portal = await startTestPanel({ smtpUrl: smtp.url, publicUrl: PUBLIC_URL });
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
    resellerA = await login(portal.panel.app, 'reseller-a@demo.test');
    await switchContext(resellerA, orgs['reseller-a'], 'reseller');
  });
  after(async () => {
    await portal.close();
    await smtp.stop();
  });

  it('a reseller admin invites a new person into its customer; the link registers them and they see the customer\'s licenses', async () => {
    const created = await invite(resellerA, { email: 'New.Person@Example.test', organizationId: orgs['customer-a1'], role: 'member' });
    assert.equal(created.status, 200);
    assert.equal(created.body.notice.type, 'success', JSON.stringify(created.body.notice));
    assert.equal(created.body.record.params.tokenHash, undefined, 'the hash never leaves the server');

    const [mail] = await smtp.waitFor(1);
    assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', 'new.person@example.test');
    // The customer's locale is German.
    assert.equal(mail.subject, 'Einladung: Musterfirma KG im Channel License Portal');
    assert.match(mail.text ?? '', /als Mitglied in die Organisation "Musterfirma KG"/);
    firstToken = tokenOf(mail.text ?? '');
    const stored = (await Invitation.findOne({ where: { email: 'new.person@example.test' } }))!;
    assert.equal(stored.tokenHash, createHash('sha256').update(firstToken).digest('hex'));
    assert.equal(Math.round((stored.expiresAt.getTime() - stored.createdAt.getTime()) / 86_400_000), 7);
    assert.ok(!JSON.stringify(await dataWithoutSessions(portal.sequelize)).includes(firstToken), 'the token itself is stored nowhere');

    const form = await page(firstToken);
    assert.equal(form.status, 200);
    assert.match(form.text, /<form method="post" action="\/register">/);
    for (const field of ['name', 'password', 'passwordAgain']) assert.match(form.text, new RegExp(`name="${field}"`));
    assert.match(form.text, /Einladung für new\.person@example\.test als Mitglied in &#34;Musterfirma KG&#34;/);

    await unchanged(async () => {
      const differ = await register({ token: firstToken, name: 'Nina Neu', password: PASSWORD, passwordAgain: `${PASSWORD}x` });
      assert.equal(differ.status, 400);
      assert.match(differ.text, /Die beiden Passwörter stimmen nicht überein/);
      const short = await register({ token: firstToken, name: 'Nina Neu', password: 'short', passwordAgain: 'short' });
      assert.equal(short.status, 400);
      assert.match(short.text, /Ein Passwort braucht mindestens 10 Zeichen/);
    });

    const done = await register({ token: firstToken, name: 'Nina Neu', password: PASSWORD, passwordAgain: PASSWORD });
    assert.equal(done.status, 303);
    assert.equal(done.headers.location, '/admin/login');

    const user = (await User.findOne({ where: { email: 'new.person@example.test' } }))!;
    assert.equal(user.name, 'Nina Neu');
    const memberships = await Membership.findAll({ where: { userId: user.id } });
    assert.deepEqual(memberships.map((m) => [m.organizationId, m.role]), [[orgs['customer-a1'], 'member']]);
    await stored.reload();
    assert.ok(stored.acceptedAt);
    assert.equal(stored.acceptedUserId, user.id);

    const newcomer = await login(portal.panel.app, 'new.person@example.test', PASSWORD);
    const licenses = await newcomer.get('/admin/api/resources/licenses/actions/list?perPage=500');
    assert.equal(licenses.status, 200);
    const expected = (await License.findAll({ where: { organizationId: orgs['customer-a1'] } })).map((l) => l.id).sort();
    assert.ok(expected.length > 0);
    assert.deepEqual(licenses.body.records.map((r: { id: string }) => Number(r.id)).sort(), expected);
  });

  it('the same link again is refused and changes nothing', async () => {
    await unchanged(async () => {
      const again = await page(firstToken);
      assert.equal(again.status, 410);
      assert.match(again.text, /bereits verwendet/);
      const post = await register({ token: firstToken, name: 'Someone Else', password: 'another-password', passwordAgain: 'another-password' });
      assert.equal(post.status, 410);
    });
    await assert.rejects(login(portal.panel.app, 'new.person@example.test', 'another-password'));
  });

  it('an expired, a revoked and an unknown link are refused with a page saying why', async () => {
    const mails = smtp.messages.length;
    await invite(resellerA, { email: 'late@example.test', organizationId: orgs['customer-a1'], role: 'guest' });
    await invite(resellerA, { email: 'revoked@example.test', organizationId: orgs['customer-a1'], role: 'guest' });
    const [late, revoked] = (await smtp.waitFor(mails + 2)).slice(mails);
    const lateToken = tokenOf(late.text ?? '');
    const revokedToken = tokenOf(revoked.text ?? '');
    await Invitation.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { email: 'late@example.test' } });
    const revokedRow = (await Invitation.findOne({ where: { email: 'revoked@example.test' } }))!;
    const deleted = await resellerA.post(`${API}/records/${revokedRow.id}/delete`);
    assert.equal(deleted.status, 200);

    await unchanged(async () => {
      const expired = await page(lateToken);
      assert.equal(expired.status, 410);
      assert.match(expired.text, /abgelaufen/);
      assert.equal((await register({ token: lateToken, name: 'Late', password: PASSWORD, passwordAgain: PASSWORD })).status, 410);
      const gone = await page(revokedToken);
      assert.equal(gone.status, 404);
      assert.match(gone.text, /ungültig oder wurde widerrufen/);
      assert.equal((await register({ token: revokedToken, name: 'Revoked', password: PASSWORD, passwordAgain: PASSWORD })).status, 404);
      const unknown = await supertest(portal.panel.app).get('/register?token=nothing').set('Accept-Language', 'en');
      assert.equal(unknown.status, 404);
      assert.match(unknown.text, /not valid or has been revoked/);
      assert.equal((await supertest(portal.panel.app).get('/register')).status, 404);
    });
    assert.equal(await User.count({ where: { email: ['late@example.test', 'revoked@example.test'] } }), 0);

    // An expired invitation no longer blocks a new one to the same address.
    const renewed = await invite(resellerA, { email: 'late@example.test', organizationId: orgs['customer-a1'], role: 'guest' });
    assert.equal(renewed.body.notice.type, 'success', JSON.stringify(renewed.body.notice));
    await smtp.waitFor(mails + 3);
  });

  it('an existing account only gains the membership; its password stays', async () => {
    const guest = (await User.findOne({ where: { email: 'customer-guest@demo.test' } }))!;
    const hashBefore = guest.passwordHash;
    const mails = smtp.messages.length;
    const created = await invite(resellerA, { email: 'customer-guest@demo.test', organizationId: orgs['customer-a1'], role: 'member' });
    assert.equal(created.body.notice.type, 'success', JSON.stringify(created.body.notice));
    const token = tokenOf((await smtp.waitFor(mails + 1))[mails].text ?? '');
    const form = await page(token);
    assert.match(form.text, /bereits ein Konto/);
    assert.doesNotMatch(form.text, /name="password"/);
    const done = await register({ token, name: 'Overwritten', password: 'hijacked-password', passwordAgain: 'hijacked-password' });
    assert.equal(done.status, 303);
    await guest.reload();
    assert.equal(guest.passwordHash, hashBefore);
    assert.equal(guest.name, 'Gustav Gast');
    const membership = (await Membership.findOne({ where: { userId: guest.id, organizationId: orgs['customer-a1'] } }))!;
    assert.equal(membership.role, 'member');
    await login(portal.panel.app, 'customer-guest@demo.test', DEMO_PASSWORD);

    // Someone already holding the role needs no invitation.
    await unchanged(async () => {
      const needless = await invite(resellerA, { email: 'customer-admin@demo.test', organizationId: orgs['customer-a1'], role: 'member' });
      assert.match(needless.body.notice.message, /bereits Mitglied dieser Organisation/);
    });
  });

  it('refuses a member inviter, a role above the inviter\'s, a second open invitation and a failed mail, changing nothing', async () => {
    const member = await User.create({ email: 'reseller-a-member@example.test', name: 'Mia Member', passwordHash: await hashPassword(DEMO_PASSWORD) });
    await Membership.create({ userId: member.id, organizationId: orgs['reseller-a'], role: 'member' });
    const memberAgent = await login(portal.panel.app, 'reseller-a-member@example.test');
    await switchContext(memberAgent, orgs['reseller-a'], 'reseller');
    const mails = smtp.messages.length;
    const open = await invite(resellerA, { email: 'twice@example.test', organizationId: orgs['customer-a1'], role: 'guest' });
    assert.equal(open.body.notice.type, 'success');
    await smtp.waitFor(mails + 1);

    await unchanged(async () => {
      for (const role of ['guest', 'admin']) {
        const byMember = await invite(memberAgent, { email: `from-member-${role}@example.test`, organizationId: orgs['customer-a1'], role });
        assert.equal(byMember.status, 403);
        assert.equal(byMember.body.notice.type, 'error');
        assert.ok(byMember.body.fields.email, 'the refusal names what was sent');
      }
      const escalating = await invite(resellerA, { email: 'owner@example.test', organizationId: orgs['customer-a1'], role: 'owner' });
      assert.match(escalating.body.notice.message, /Rolle: muss einer dieser Werte sein: Administrator, Mitglied, Gast/);
      const twice = await invite(resellerA, { email: 'twice@example.test', organizationId: orgs['customer-a1'], role: 'member' });
      assert.match(twice.body.notice.message, /bereits eine offene Einladung in diese Organisation/);
      const edited = await resellerA.post(`${API}/records/${(await Invitation.findOne({ where: { email: 'twice@example.test' } }))!.id}/edit`).send({ role: 'admin' });
      assert.equal(edited.status, 403, 'an invitation is never edited');
      assert.deepEqual(edited.body.fields, { role: 'Dieses Feld dürfen Sie hier nicht setzen.' });
    });

    // A customer's own admin invites into the customer, as admin too.
    const customerAdmin = await login(portal.panel.app, 'customer-admin@demo.test');
    await switchContext(customerAdmin, orgs['customer-a1'], 'customer');
    const byCustomer = await invite(customerAdmin, { email: 'colleague@example.test', organizationId: orgs['customer-a1'], role: 'admin' });
    assert.equal(byCustomer.body.notice.type, 'success', JSON.stringify(byCustomer.body.notice));
    await smtp.waitFor(mails + 2);

    smtp.failNext(1);
    await unchanged(async () => {
      const failed = await invite(resellerA, { email: 'bounce@example.test', organizationId: orgs['customer-a1'], role: 'guest' });
      assert.match(failed.body.notice.message, /konnte nicht gesendet werden .*nichts wurde gespeichert/);
    });
  });

  it('reseller A cannot invite into reseller B\'s organizations nor see, revoke or accept-check their invitations', async () => {
    const resellerB = await login(portal.panel.app, 'reseller-b@demo.test');
    await switchContext(resellerB, orgs['reseller-b'], 'reseller');
    const mails = smtp.messages.length;
    const created = await invite(resellerB, { email: 'b-person@example.test', organizationId: orgs['customer-b1'], role: 'member' });
    assert.equal(created.body.notice.type, 'success', JSON.stringify(created.body.notice));
    const [mail] = (await smtp.waitFor(mails + 1)).slice(mails);
    // Reseller B's customer speaks English.
    assert.equal(mail.subject, 'Invitation: Example Ltd on the Channel License Portal');
    const foreignId = Number(created.body.record.params.id);

    await unchanged(async () => {
      const foreign = await invite(resellerA, { email: 'intruder@example.test', organizationId: orgs['customer-b1'], role: 'guest' });
      assert.notEqual(foreign.body.notice?.type, 'success');
      assert.equal((await resellerA.get(`${API}/records/${foreignId}/show`)).status, 404);
      assert.equal((await resellerA.post(`${API}/records/${foreignId}/delete`)).status, 404);
      const list = await resellerA.get(`${API}/actions/list?perPage=500`);
      assert.equal(list.status, 200);
      assert.ok(list.body.records.length > 0);
      assert.ok(!list.body.records.some((r: { id: string }) => Number(r.id) === foreignId));
      const rows = await portal.sequelize.query<{ organizationId: number }>('select organization_id as "organizationId" from invitations', { type: QueryTypes.SELECT });
      assert.equal(list.body.records.length, rows.filter((r) => [orgs['reseller-a'], orgs['customer-a1'], orgs['customer-a2']].includes(r.organizationId)).length);
    });
  });

  it('escapes what it echoes into the registration page', async () => {
    const evil = await Organization.create({ name: 'Tom & <script>alert(1)</script>', views: ['customer'], parentId: orgs['reseller-a'], customerNumber: 'C-EVIL' });
    const mails = smtp.messages.length;
    const created = await invite(resellerA, { email: 'escape@example.test', organizationId: evil.id, role: 'guest' });
    assert.equal(created.body.notice.type, 'success', JSON.stringify(created.body.notice));
    const token = tokenOf((await smtp.waitFor(mails + 1))[mails].text ?? '');
    const form = await page(token);
    assert.ok(!form.text.includes('<script>alert(1)</script>'));
    assert.match(form.text, /Tom &#38; &#60;script&#62;alert\(1\)&#60;\/script&#62;/);
    const bad = await register({ token, name: '<img src=x onerror=alert(1)>', password: 'short', passwordAgain: 'short' });
    assert.equal(bad.status, 400);
    assert.ok(!bad.text.includes('<img src=x'));
  });
});
