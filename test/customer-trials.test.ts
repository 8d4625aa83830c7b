/**
 * Two trial licenses for a new customer, through the HTTP API: a reseller (reseller view) creating a
 * customer organization gets two demo licenses of every product group the vendor marked, inside its
 * own frame, in the same transaction and audited; no trials for other creators or views, for a
 * group not marked, or when the creation is refused (nothing written). Only vendor admins set the mark.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { assertUnchanged } from './support/db-scan.ts';
import { Article, AuditEvent, License, Membership, Organization, ProductGroup, User } from '../models/index.ts';
import { hashPassword } from '../models/passwords.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { addDays } from '../reports/calendar.ts';

const API = '/admin/api/resources';

describe('trial licenses for a new customer (HTTP API)', () => {
  let portal: TestPanel;
  let orgs: Record<string, number>;
  let office: ProductGroup;
  const agents: Record<string, Agent> = {};
  const newCustomer = (agent: Agent, name: string, parent: string, extra: Record<string, unknown> = {}) =>
    agent.post(`${API}/organizations/actions/new`).send({ name, views: ['customer'], parentId: orgs[parent], ...extra });
  const licensesOf = async (name: string) => {
    const org = await Organization.findOne({ where: { name } });
    return org ? License.findAll({ where: { organizationId: org.id }, order: [['id', 'ASC']] }) : [];
  };

  before(async () => {
    portal = await startTestPanel();
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
    office = (await ProductGroup.findOne({ where: { name: 'Office Suite' } }))!;
    const vendorMember = await User.create({ email: 'vendor-member@trials.test', name: 'VM', passwordHash: await hashPassword(DEMO_PASSWORD), locale: 'en' });
    await Membership.create({ userId: vendorMember.id, organizationId: orgs.vendor, role: 'member' });
    for (const [name, email, org, view] of [['resellerA', 'reseller-a@demo.test', 'reseller-a', 'reseller'], ['serviceProviderA', 'reseller-a@demo.test', 'reseller-a', 'service_provider'],
      ['resellerB', 'reseller-b@demo.test', 'reseller-b', 'reseller'], ['vendor', 'vendor@demo.test', 'vendor', 'vendor'], ['vendorMember', 'vendor-member@trials.test', 'vendor', 'vendor']] as const) {
      agents[name] = await login(portal.panel.app, email);
      await switchContext(agents[name], orgs[org], view);
    }
  });
  after(() => portal.close());

  it('reseller B\'s new customer gets two Office Suite demo licenses inside B\'s frame, audited', async () => {
    const today = calendarDateIn(new Date(), portal.config.timezone);
    const response = await newCustomer(agents.resellerB, 'Trial Customer Ltd', 'reseller-b');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const demo = (await Article.findOne({ where: { code: 'OFF-DEMO' } }))!;
    const licenses = await licensesOf('Trial Customer Ltd');
    // B's frame: shortest demo 14 days (today is day 1), least seats 1.
    assert.deepEqual(licenses.map((l) => [l.articleId, l.kind, l.seats, l.status, l.expiresOn]), [
      [demo.id, 'demo', 1, 'inactive', addDays(today, 13)], [demo.id, 'demo', 1, 'inactive', addDays(today, 13)],
    ]);
    assert.notEqual(licenses[0].licenseKey, licenses[1].licenseKey);
    const entries = await AuditEvent.findAll({ where: { action: 'licenses.create', recordId: licenses.map((l) => String(l.id)) } });
    assert.equal(entries.length, 2);
    for (const entry of entries) {
      assert.equal(entry.organizationId, licenses[0].organizationId);
      assert.equal((entry.details as { trial: string; view: string }).trial, 'Office Suite');
      assert.equal((entry.details as { view: string }).view, 'reseller');
      assert.notEqual(entry.userId, null);
    }
  });

  it('a reseller\'s form asks neither views nor parent: the new organization is a customer below the reseller (policy.ts filledOnCreate)', async () => {
    const response = await agents.resellerB.post(`${API}/organizations/actions/new`).send({ name: 'Form Customer Ltd' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const created = (await Organization.findOne({ where: { name: 'Form Customer Ltd' } }))!;
    assert.deepEqual([created.views, created.parentId], [['customer'], orgs['reseller-b']]);
    // Sent anyway, another view is refused as before, and nothing is written.
    const before = await Organization.count();
    const refused = await agents.resellerB.post(`${API}/organizations/actions/new`).send({ name: 'Sneaky Distributor Ltd', views: ['distributor'] });
    assert.ok(refused.status >= 400 && refused.status < 500, String(refused.status));
    assert.equal(await Organization.count(), before);
  });

  it('no trials when the vendor created the customer, or a service provider, or the group is not marked', async () => {
    assert.equal((await newCustomer(agents.vendor, 'Vendor Made KG', 'reseller-a')).status, 200);
    assert.deepEqual(await licensesOf('Vendor Made KG'), []);
    assert.equal((await newCustomer(agents.serviceProviderA, 'SP Customer KG', 'reseller-a')).status, 200);
    assert.deepEqual(await licensesOf('SP Customer KG'), []);
    await office.update({ customerTrials: false });
    try {
      assert.equal((await newCustomer(agents.resellerA, 'Unmarked KG', 'reseller-a')).status, 200);
      assert.deepEqual(await licensesOf('Unmarked KG'), []);
    } finally {
      await office.update({ customerTrials: true });
    }
  });

  it('a refused creation writes no trials either', async () => {
    await assertUnchanged(portal.sequelize, async () => {
      const response = await newCustomer(agents.resellerA, 'Billed KG', 'reseller-a', { billingEmail: 'x@billed.test' });
      assert.equal(response.status, 403, JSON.stringify(response.body));
      const foreign = await newCustomer(agents.resellerA, 'Foreign KG', 'reseller-b');
      assert.equal(foreign.status, 403, JSON.stringify(foreign.body));
    });
  });

  it('only vendor admins set the mark: a vendor member and a reseller are refused (403), nothing written', async () => {
    const edit = (agent: Agent, value: boolean) => agent.post(`${API}/product_groups/records/${office.id}/edit`).send({ customerTrials: value });
    await assertUnchanged(portal.sequelize, async () => {
      const member = await edit(agents.vendorMember, false);
      assert.equal(member.status, 403, JSON.stringify(member.body));
      assert.ok(member.body.fields?.customerTrials);
      assert.equal((await edit(agents.resellerA, false)).status, 403);
    });
    assert.equal((await edit(agents.vendor, false)).status, 200);
    assert.equal((await ProductGroup.findByPk(office.id))!.customerTrials, false);
  });
});
