/**
 * The write-authority issue's reproductions, one named case each, through the panel's JSON API
 * against a real PostgreSQL: each worked on the old code. Every refusal is checked for its status
 * and for leaving the database as it was; where the issue names the legitimate path, that path is
 * checked to work (and to keep its own rules).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { startSmtp, type TestSmtp } from './support/smtp.ts';
import { assertUnchanged } from './support/db-scan.ts';
import { Article, AuditEvent, License, Membership, Organization, Subscription, User } from '../models/index.ts';
import { hashPassword, verifyPassword } from '../models/passwords.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { addDays, periodOf, previousPeriod, type IsoDate } from '../reports/calendar.ts';
import { issueStatements } from '../services/statements/issue-period.ts';

const API = '/admin/api/resources';
const PUBLIC_URL = 'http://portal.example.test';

type Body = { error?: string; fields?: Record<string, string>; notice?: { message?: string; type?: string }; errors?: string[] };

/** Whether a refusal names the field, in its per-field list or in its message. */
function names(body: Body, field: string): boolean {
  return Boolean(body.fields?.[field]) || new RegExp(`\\b${field}\\b`).test(`${body.error ?? ''} ${body.notice?.message ?? ''} ${(body.errors ?? []).join(' ')}`);
}

describe('write authority: the issue\'s reproductions', () => {
  let portal: TestPanel;
  let smtp: TestSmtp;
  let orgs: Record<string, number>;
  let vendor: Agent;
  let resellerA: Agent;
  let customerAdmin: Agent;
  let officeMonthly: Article;
  let serial = 0;

  // Sessions are left out: every request refreshes its session's expiry.
  const unchanged = (action: () => Promise<unknown>) => assertUnchanged(portal.sequelize, action);
  const today = (): IsoDate => calendarDateIn(new Date(), portal.config.timezone);
  const edit = (agent: Agent, resource: string, id: number, payload: Record<string, unknown>) => agent.post(`${API}/${resource}/records/${id}/edit`).send(payload);
  const recordAction = (agent: Agent, resource: string, id: number, action: string, payload: Record<string, unknown> = {}) =>
    agent.post(`${API}/${resource}/records/${id}/${action}`).send(payload);
  const tokenOf = (text: string) => {
    const match = new RegExp(`${PUBLIC_URL}/register\\?token=([A-Za-z0-9_-]{43})\\n`).exec(text);
    assert.ok(match, `a registration link in: ${text}`);
    return match[1];
  };
  /** Invites and returns the registration token from the mail. */
  const invite = async (agent: Agent, payload: Record<string, unknown>): Promise<string> => {
    const mails = smtp.messages.length;
    const created = await agent.post(`${API}/invitations/actions/new`).send(payload);
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.notice.type, 'success', JSON.stringify(created.body.notice));
    return tokenOf((await smtp.waitFor(mails + 1))[mails].text ?? '');
  };
  const register = (fields: Record<string, string>) => supertest(portal.panel.app).post('/register').type('form').send(fields);

  /** A subscription of reseller A for customer A1 starting `start`, with a license of its own. */
  async function subscriptionFrom(start: IsoDate): Promise<{ sub: Subscription; license: License }> {
    serial += 1;
    const license = await License.create({ licenseKey: `WA-LIC-${serial}`, organizationId: orgs['customer-a1'], articleId: officeMonthly.id, kind: 'subscription', seats: 3, status: 'active', device: 'PC-1' });
    const sub = await Subscription.create({
      ref: `WA-SUB-${serial}`, resellerId: orgs['reseller-a'], customerId: orgs['customer-a1'], articleId: officeMonthly.id, licenseId: license.id,
      quantity: 3, unitPriceCents: 1490, interval: 'month', startDate: start, termMonths: 12, autoRenew: true,
    });
    return { sub, license };
  }

  before(async () => {
    smtp = await startSmtp();
    portal = await startTestPanel({ smtpUrl: smtp.url, publicUrl: PUBLIC_URL });
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
    officeMonthly = (await Article.findOne({ where: { code: 'OFF-SUB-M' } }))!;
    vendor = await login(portal.panel.app, 'vendor@demo.test');
    await switchContext(vendor, orgs.vendor, 'vendor');
    resellerA = await login(portal.panel.app, 'reseller-a@demo.test');
    await switchContext(resellerA, orgs['reseller-a'], 'reseller');
    customerAdmin = await login(portal.panel.app, 'customer-admin@demo.test');
    await switchContext(customerAdmin, orgs['customer-a1'], 'customer');
  });
  after(async () => {
    await portal.close();
    await smtp.stop();
  });

  it('1. reseller A cannot edit its subscription\'s unitPriceCents, resellerId, cancelReason or terminatedOn (403 naming the field)', async () => {
    const sub = (await Subscription.findOne({ where: { ref: 'SUB-A1-1' } }))!;
    const attempts: Record<string, unknown> = {
      unitPriceCents: 1, resellerId: orgs['reseller-b'], cancelReason: 'reversal', terminatedOn: today(),
    };
    await unchanged(async () => {
      for (const [field, value] of Object.entries(attempts)) {
        const response = await edit(resellerA, 'subscriptions', sub.id, { [field]: value });
        assert.equal(response.status, 403, `${field}: ${JSON.stringify(response.body)}`);
        assert.ok(names(response.body, field), `the refusal names ${field}: ${JSON.stringify(response.body)}`);
      }
    });
    await sub.reload();
    assert.equal(sub.unitPriceCents, 1490);
    assert.equal(sub.resellerId, orgs['reseller-a']);
    assert.equal(sub.cancelReason, null);
    assert.equal(sub.terminatedOn, null);
  });

  it('1. the legitimate path: terminate and cancel, with the reversal window, no backdating by the channel and the license recalled', async () => {
    const now = today();
    // Terminating today works for the channel; a backdated termination does not.
    const { sub: running } = await subscriptionFrom(addDays(now, -30));
    await unchanged(async () => {
      const backdated = await recordAction(resellerA, 'subscriptions', running.id, 'terminate', { on: addDays(now, -1) });
      assert.equal(backdated.status, 409, JSON.stringify(backdated.body));
      assert.match(backdated.body.error, /kann nicht rückdatiert werden/);
    });
    const terminated = await recordAction(resellerA, 'subscriptions', running.id, 'terminate', { on: now });
    assert.equal(terminated.status, 200, JSON.stringify(terminated.body));
    assert.equal(terminated.body.notice.type, 'success');
    await running.reload();
    assert.equal(running.terminatedOn, now);
    assert.equal(running.autoRenew, false);

    // A reversal inside the window (14 days by default) puts the license on recall.
    const { sub: fresh, license: freshLicense } = await subscriptionFrom(addDays(now, -portal.config.reversalWindowDays));
    const reversed = await recordAction(resellerA, 'subscriptions', fresh.id, 'cancel', { reason: 'reversal', on: now });
    assert.equal(reversed.status, 200, JSON.stringify(reversed.body));
    await fresh.reload();
    assert.equal(fresh.cancelReason, 'reversal');
    assert.equal(fresh.cancelledOn, now);
    await freshLicense.reload();
    assert.equal(freshLicense.status, 'recalled');
    const recall = await AuditEvent.findOne({ where: { action: 'licenses.recall', recordId: String(freshLicense.id) } });
    assert.ok(recall, 'the recall is audited');

    // Outside the window the channel cannot reverse; an exchange cannot be backdated by it; no date before the start.
    const { sub: old, license: oldLicense } = await subscriptionFrom(addDays(now, -portal.config.reversalWindowDays - 1));
    const { sub: future } = await subscriptionFrom(addDays(now, 10));
    await unchanged(async () => {
      const late = await recordAction(resellerA, 'subscriptions', old.id, 'cancel', { reason: 'reversal', on: now });
      assert.equal(late.status, 409, JSON.stringify(late.body));
      assert.match(late.body.error, new RegExp(`innerhalb von ${portal.config.reversalWindowDays} Tagen`));
      const backdatedExchange = await recordAction(resellerA, 'subscriptions', old.id, 'cancel', { reason: 'exchange', on: addDays(now, -1) });
      assert.equal(backdatedExchange.status, 409, JSON.stringify(backdatedExchange.body));
      assert.match(backdatedExchange.body.error, /kann nicht rückdatiert werden/);
      const beforeStart = await recordAction(resellerA, 'subscriptions', future.id, 'cancel', { reason: 'exchange', on: addDays(now, 5) });
      assert.ok(beforeStart.status >= 400 && beforeStart.status < 500, `${beforeStart.status}`);
      assert.match(beforeStart.body.error, /vor dem Beginn des Abonnements/);
      const byVendorBeforeStart = await recordAction(vendor, 'subscriptions', future.id, 'cancel', { reason: 'exchange', on: addDays(now, 5) });
      assert.ok(byVendorBeforeStart.status >= 400 && byVendorBeforeStart.status < 500, `${byVendorBeforeStart.status}`);
      const noReason = await recordAction(resellerA, 'subscriptions', old.id, 'cancel', { reason: 'refund', on: now });
      assert.equal(noReason.status, 422);
      assert.ok(names(noReason.body, 'reason'));
    });

    // Vendor staff may backdate (a late correction; the next statement carries it). An exchange
    // names the subscription that replaces it, starting on the exchange day.
    const { sub: replacement } = await subscriptionFrom(addDays(now, -1));
    const byVendor = await recordAction(vendor, 'subscriptions', old.id, 'cancel', { reason: 'exchange', on: addDays(now, -1), replacedBy: replacement.id });
    assert.equal(byVendor.status, 200, JSON.stringify(byVendor.body));
    await old.reload();
    assert.equal(old.cancelledOn, addDays(now, -1));
    assert.equal(old.cancelReason, 'exchange');
    assert.equal(old.replacedById, replacement.id);
    await oldLicense.reload();
    assert.equal(oldLicense.status, 'recalled');
  });

  it('2. reseller A cannot edit its customer\'s license to seats 5000, kind full, expiresOn 2099-12-31', async () => {
    const license = (await License.findOne({ where: { licenseKey: 'LIC-A1-DEMO' } }))!;
    await unchanged(async () => {
      const together = await edit(resellerA, 'licenses', license.id, { seats: 5000, kind: 'full', expiresOn: '2099-12-31' });
      assert.equal(together.status, 403, JSON.stringify(together.body));
      for (const [field, value] of Object.entries({ seats: 5000, kind: 'full', expiresOn: '2099-12-31' })) {
        const alone = await edit(resellerA, 'licenses', license.id, { [field]: value });
        assert.equal(alone.status, 403, `${field}: ${JSON.stringify(alone.body)}`);
      }
    });
    await license.reload();
    assert.deepEqual([license.seats, license.kind, license.expiresOn], [1, 'demo', '2027-01-31']);
  });

  it('3. a customer admin who invited another tenant\'s account cannot set its password; a handed-over password must be replaced', async () => {
    // The customer admin invites reseller A's admin as a guest; the link is accepted (no password asked).
    const token = await invite(customerAdmin, { email: 'reseller-a@demo.test', organizationId: orgs['customer-a1'], role: 'guest' });
    const accepted = await register({ token });
    assert.equal(accepted.status, 303);
    const victim = (await User.findOne({ where: { email: 'reseller-a@demo.test' } }))!;
    assert.ok(await Membership.findOne({ where: { userId: victim.id, organizationId: orgs['customer-a1'], role: 'guest' } }));
    // The new membership ended reseller A's sessions (services/sessions.ts): it logs in again.
    assert.equal((await resellerA.get(`${API}/licenses/actions/list`)).status, 302);
    resellerA = await login(portal.panel.app, 'reseller-a@demo.test');
    await switchContext(resellerA, orgs['reseller-a'], 'reseller');
    const hashBefore = victim.passwordHash;

    const attacker = 'attacker-chosen-1';
    await unchanged(async () => {
      const response = await edit(customerAdmin, 'users', victim.id, { password: attacker });
      assert.equal(response.status, 403, JSON.stringify(response.body));
      const hash = await edit(customerAdmin, 'users', victim.id, { passwordHash: await hashPassword(attacker) });
      assert.equal(hash.status, 403, JSON.stringify(hash.body));
      const email = await edit(customerAdmin, 'users', victim.id, { email: 'attacker@example.test' });
      assert.equal(email.status, 403, JSON.stringify(email.body));
    });
    await victim.reload();
    assert.equal(victim.passwordHash, hashBefore);
    await assert.rejects(login(portal.panel.app, 'reseller-a@demo.test', attacker));
    await login(portal.panel.app, 'reseller-a@demo.test', DEMO_PASSWORD);

    // An account created with a password of the admin's choice must replace it at the first login.
    const created = await customerAdmin.post(`${API}/users/actions/new`).send({
      email: 'handed-over@example.test', name: 'Hanna Handed', password: 'handed-over-1', organizationId: orgs['customer-a1'], role: 'member',
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.notice.type, 'success', JSON.stringify(created.body.notice));
    const newcomer = await login(portal.panel.app, 'handed-over@example.test', 'handed-over-1');
    const home = await newcomer.get('/admin');
    assert.equal(home.status, 303);
    assert.equal(home.headers.location, '/admin/account');
    const blocked = await newcomer.get(`${API}/licenses/actions/list`);
    assert.equal(blocked.status, 403);
    assert.equal((await newcomer.post(`${API}/users/actions/new`).send({ email: 'x@example.test' })).status, 403);
    const changed = await newcomer.post('/admin/account/password').send({ currentPassword: 'handed-over-1', newPassword: 'my-own-password-1', newPasswordAgain: 'my-own-password-1' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal((await newcomer.get(`${API}/licenses/actions/list`)).status, 200);
    await assert.rejects(login(portal.panel.app, 'handed-over@example.test', 'handed-over-1'));
    await login(portal.panel.app, 'handed-over@example.test', 'my-own-password-1');

    // An account whose password its creator still knows: the vendor's invitation into another
    // organization asks for a new password before the membership takes effect.
    const second = await customerAdmin.post(`${API}/users/actions/new`).send({
      email: 'never-logged-in@example.test', name: 'Nils Never', password: 'creator-knows-1', organizationId: orgs['customer-a1'], role: 'guest',
    });
    assert.equal(second.body.notice.type, 'success', JSON.stringify(second.body.notice));
    const user = (await User.findOne({ where: { email: 'never-logged-in@example.test' } }))!;
    const vendorToken = await invite(vendor, { email: 'never-logged-in@example.test', organizationId: orgs['customer-b1'], role: 'member' });
    const form = await supertest(portal.panel.app).get(`/register?token=${encodeURIComponent(vendorToken)}`);
    assert.equal(form.status, 200);
    assert.match(form.text, /name="password"/);
    assert.match(form.text, /name="passwordAgain"/);
    await unchanged(async () => {
      const withoutPassword = await register({ token: vendorToken });
      assert.equal(withoutPassword.status, 400);
    });
    assert.equal(await Membership.count({ where: { userId: user.id, organizationId: orgs['customer-b1'] } }), 0);
    const registered = await register({ token: vendorToken, password: 'chosen-by-nils-1', passwordAgain: 'chosen-by-nils-1' });
    assert.equal(registered.status, 303);
    assert.equal(await Membership.count({ where: { userId: user.id, organizationId: orgs['customer-b1'], role: 'member' } }), 1);
    await assert.rejects(login(portal.panel.app, 'never-logged-in@example.test', 'creator-knows-1'));
    await login(portal.panel.app, 'never-logged-in@example.test', 'chosen-by-nils-1');
  });

  it('4. a vendor member cannot make itself DPO, reset the vendor admin\'s password, or import an admin membership', async () => {
    const member = await User.create({ email: 'vendor-member@example.test', name: 'Volker Member', passwordHash: await hashPassword(DEMO_PASSWORD) });
    await Membership.create({ userId: member.id, organizationId: orgs.vendor, role: 'member' });
    const agent = await login(portal.panel.app, 'vendor-member@example.test');
    await switchContext(agent, orgs.vendor, 'vendor');
    const vendorAdmin = (await User.findOne({ where: { email: 'vendor@demo.test' } }))!;
    const adminHash = vendorAdmin.passwordHash;
    const document = {
      organizations: [{ ref: 'wa-escalate', name: 'Escalation GmbH', views: ['customer'], parent: 'reseller-a', customerNumber: 'WA-ESC-1' }],
      users: [{ email: 'escalated@example.test', name: 'Eve Escalated', memberships: [{ org: 'wa-escalate', role: 'admin' }] }],
    };
    await unchanged(async () => {
      const dpo = await edit(agent, 'users', member.id, { isDpo: true });
      assert.equal(dpo.status, 403, JSON.stringify(dpo.body));
      const reset = await edit(agent, 'users', vendorAdmin.id, { password: 'vendor-member-knows-1' });
      assert.equal(reset.status, 403, JSON.stringify(reset.body));
      for (const send of [
        () => agent.post(`${API}/organizations/actions/import`).field('document', JSON.stringify(document)),
        () => agent.post(`${API}/organizations/actions/import`).send({ document }),
      ]) {
        const imported = await send();
        assert.equal(imported.status, 403, JSON.stringify(imported.body));
        assert.match(imported.body.error, /users\[0\]\.memberships\[0\]\.role: „Administrator“ liegt über Ihrer eigenen Rolle \(Mitglied\)/);
        assert.ok(imported.body.fields['users[0].memberships[0].role'], 'the refusal names the membership\'s role');
      }
      // Nor does it lower a role above its own: reseller A's admin stays admin.
      const demoted = await agent.post(`${API}/organizations/actions/import`).field('document', JSON.stringify({
        users: [{ email: 'reseller-a@demo.test', name: 'Anna Reseller', memberships: [{ org: 'reseller-a', role: 'guest' }] }],
      }));
      assert.equal(demoted.status, 403, JSON.stringify(demoted.body));
      assert.match(demoted.body.fields['users[0].memberships[0].role'], /Administrator von „reseller-a“, über Ihrer eigenen Rolle \(Mitglied\)/);
    });
    await member.reload();
    assert.equal(member.isDpo, false);
    await vendorAdmin.reload();
    assert.equal(vendorAdmin.passwordHash, adminHash);
    assert.ok(await verifyPassword(DEMO_PASSWORD, vendorAdmin.passwordHash));
    assert.equal(await Organization.count({ where: { ref: 'wa-escalate' } }), 0);
    assert.equal(await User.count({ where: { email: 'escalated@example.test' } }), 0);
  });

  it('5. a customer admin cannot change its organization\'s ref, customerNumber (formula) or dataPolicy', async () => {
    const id = orgs['customer-a1'];
    const attempts = { ref: 'customer-a1-mine', customerNumber: '=HYPERLINK("http://x")', dataPolicy: 'pseudonymous' };
    await unchanged(async () => {
      for (const [field, value] of Object.entries(attempts)) {
        const response = await edit(customerAdmin, 'organizations', id, { [field]: value });
        assert.equal(response.status, 403, `${field}: ${JSON.stringify(response.body)}`);
        assert.ok(names(response.body, field), `the refusal names ${field}: ${JSON.stringify(response.body)}`);
      }
      const together = await edit(customerAdmin, 'organizations', id, { ...attempts, name: 'Musterfirma KG (neu)' });
      assert.equal(together.status, 403);
      for (const field of Object.keys(attempts)) assert.ok(names(together.body, field), `${field} named in ${JSON.stringify(together.body)}`);
    });
    const org = (await Organization.findByPk(id))!;
    assert.deepEqual([org.ref, org.customerNumber, org.dataPolicy, org.name], ['customer-a1', 'C-1001', 'full', 'Musterfirma KG']);
  });

  it('6. reseller A, as service provider and in its customer\'s context, cannot activate or destroy the customer\'s license; the customer admin can', async () => {
    const license = (await License.findOne({ where: { licenseKey: 'LIC-A1-SUB' } }))!;
    const provider = await login(portal.panel.app, 'reseller-a@demo.test');
    await switchContext(provider, orgs['reseller-a'], 'service_provider');
    const onBehalf = await login(portal.panel.app, 'reseller-a@demo.test');
    await switchContext(onBehalf, orgs['customer-a1'], 'customer');
    await unchanged(async () => {
      for (const agent of [provider, onBehalf, resellerA]) {
        for (const action of ['activate', 'destroy']) {
          const response = await recordAction(agent, 'licenses', license.id, action, { device: 'RESELLER-PC' });
          assert.equal(response.status, 403, `${action}: ${JSON.stringify(response.body)}`);
        }
      }
    });
    await license.reload();
    assert.equal(license.status, 'inactive');
    const activated = await recordAction(customerAdmin, 'licenses', license.id, 'activate', { device: 'OFFICE-PC-1' });
    assert.equal(activated.status, 200, JSON.stringify(activated.body));
    assert.equal(activated.body.notice.type, 'success');
    await license.reload();
    assert.deepEqual([license.status, license.device], ['active', 'OFFICE-PC-1']);
  });

  it('7. a JSON object with a path is not an upload: logo and import answer 400 and read nothing', async () => {
    await unchanged(async () => {
      for (const agent of [vendor, customerAdmin]) {
        const logo = await agent.post(`${API}/organizations/records/${orgs['customer-a1']}/uploadLogo`).send({ logo: { path: '/etc/passwd' } });
        assert.equal(logo.status, 400, JSON.stringify(logo.body));
        assert.doesNotMatch(logo.text, /root:/);
      }
      const imported = await vendor.post(`${API}/organizations/actions/import`).send({ document: { path: '/etc/passwd' } });
      assert.equal(imported.status, 400, JSON.stringify(imported.body));
      assert.doesNotMatch(imported.text, /root:/);
    });
  });

  it('8. hostile input answers 4xx, never 5xx, and changes nothing', async () => {
    const sub = (await Subscription.findOne({ where: { ref: 'SUB-A1-2' } }))!;
    const expect = (response: supertest.Response, status: number, what: string) => {
      assert.equal(response.status, status, `${what}: ${response.status} ${response.text.slice(0, 300)}`);
    };
    await unchanged(async () => {
      expect(await vendor.get(`${API}/subscriptions/actions/list?filters.startDate~~from=notadate`), 400, 'date filter');
      expect(await vendor.get(`${API}/subscriptions/actions/list?page=1e300`), 400, 'page');
      expect(await vendor.get(`${API}/no_such_table/actions/list`), 404, 'unknown resource');
      expect(await vendor.post(`${API}/subscriptions/records/${sub.id}/noSuchAction`).send({}), 404, 'unknown record action');
      expect(await vendor.post(`${API}/subscriptions/actions/noSuchAction`).send({}), 404, 'unknown resource action');
      expect(await vendor.post(`${API}/subscriptions/records/${sub.id}/edit`).set('Content-Type', 'application/json').send('{"quantity": '), 400, 'malformed JSON');
      for (const [field, value] of [['quantity', 'abc'], ['quantity', 99999999999], ['startDate', '2026-13-45'], ['interval', 'weekly']] as const) {
        const response = await edit(vendor, 'subscriptions', sub.id, { [field]: value });
        expect(response, 422, `${field} = ${value}`);
        assert.ok(names(response.body, field), `${field} named: ${JSON.stringify(response.body)}`);
      }
      // The same answer whether the address belongs to someone in reach or in another tenant.
      const taken = async (email: string) => customerAdmin.post(`${API}/users/actions/new`).send({
        email, name: 'Dup', password: 'duplicate-pass-1', organizationId: orgs['customer-a1'], role: 'guest',
      });
      const inReach = await taken('customer-guest@demo.test');
      const elsewhere = await taken('reseller-b@demo.test');
      assert.ok(inReach.status >= 400 && inReach.status < 500, `${inReach.status}`);
      assert.equal(elsewhere.status, inReach.status);
      assert.deepEqual(elsewhere.body, inReach.body);
      const cancel = await recordAction(vendor, 'subscriptions', sub.id, 'cancel', { reason: 'exchange', on: addDays(sub.startDate, -1) });
      assert.ok(cancel.status >= 400 && cancel.status < 500, `cancel before start: ${cancel.status}`);
    });

    // A subscription that issued statements reference is cancelled, not deleted.
    const charged = (await Subscription.findOne({ where: { ref: 'SUB-A1-1' } }))!;
    const issued = await issueStatements(portal, { period: previousPeriod(periodOf(today())), trigger: 'cli' });
    assert.deepEqual(issued.failed, []);
    await unchanged(async () => {
      const deleted = await vendor.post(`${API}/subscriptions/records/${charged.id}/delete`);
      expect(deleted, 409, 'delete of a charged subscription');
      assert.match(deleted.body.error, /stornieren Sie es stattdessen/);
    });
  });

  it('9. an edit\'s audit entry names who, the view and each field before and after; what a customer reads holds no prices', async () => {
    const sub = (await Subscription.findOne({ where: { ref: 'SUB-A1-2' } }))!;
    const vendorAdmin = (await User.findOne({ where: { email: 'vendor@demo.test' } }))!;
    const edited = await edit(vendor, 'subscriptions', sub.id, { unitPriceCents: 1090, quantity: 12 });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const entry = (await AuditEvent.findOne({ where: { action: 'subscriptions.update', recordId: String(sub.id) }, order: [['id', 'DESC']] }))!;
    assert.equal(entry.userId, vendorAdmin.id);
    assert.equal(entry.organizationId, orgs['reseller-a'], 'a subscription\'s trail is its reseller\'s');
    assert.deepEqual(entry.details, { view: 'vendor', changes: { unitPriceCents: { before: 990, after: 1090 }, quantity: { before: 10, after: 12 } } });
    // The same edit again changes nothing: no second entry (an empty one would only bury the trail).
    const entries = await AuditEvent.count({ where: { action: 'subscriptions.update', recordId: String(sub.id) } });
    assert.equal((await edit(vendor, 'subscriptions', sub.id, { unitPriceCents: 1090, quantity: 12 })).status, 200);
    assert.equal(await AuditEvent.count({ where: { action: 'subscriptions.update', recordId: String(sub.id) } }), entries);

    // The vendor also edits the customer's statement mode (a billing field; a customer carries no
    // billing address of its own) and cancels a subscription (its license is recalled in the customer's trail).
    const billing = await edit(vendor, 'organizations', orgs['customer-a1'], { statementMode: 'cutoff', city: 'Hamburg' });
    assert.equal(billing.status, 200, JSON.stringify(billing.body));
    const { sub: cancelled } = await subscriptionFrom(addDays(today(), -2));
    assert.equal((await recordAction(vendor, 'subscriptions', cancelled.id, 'cancel', { reason: 'reversal' })).status, 200);

    const list = await customerAdmin.get(`${API}/audit_events/actions/list?perPage=500`);
    assert.equal(list.status, 200);
    const everyRead = [list.text];
    // Each entry as its page shows it (the list shows when, what, who and on which record).
    const records: Array<{ id: string; params: Record<string, unknown> }> = [];
    for (const { id } of list.body.records as Array<{ id: string }>) {
      const shown = await customerAdmin.get(`${API}/audit_events/records/${id}/show`);
      assert.equal(shown.status, 200);
      everyRead.push(shown.text);
      records.push(shown.body.record);
    }
    assert.ok(records.length > 0);
    assert.ok(!records.some((r) => Number(r.params.recordId) === sub.id && r.params.resource === 'subscriptions'), 'the customer does not read the subscription\'s entries');
    const orgEdit = records.find((r) => r.params.action === 'organizations.update' && Number(r.params.recordId) === orgs['customer-a1']);
    assert.ok(orgEdit, 'the customer reads the edit of its organization');
    assert.equal(orgEdit.params['details.changes.city.after'], 'Hamburg');
    assert.ok(!Object.keys(orgEdit.params).some((key) => key.includes('statementMode')), 'without the billing field');
    assert.ok(records.some((r) => r.params.action === 'licenses.recall'), 'the customer reads the recall of its license');
    for (const text of everyRead) assert.doesNotMatch(text, /priceCents|unitPriceCents|amountCents|totalCents/);
    assert.equal((await customerAdmin.get(`${API}/audit_events/records/${entry.id}/show`)).status, 404);
  });
});
