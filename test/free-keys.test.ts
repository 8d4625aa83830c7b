/**
 * Free additional license keys and the license history, through the HTTP API: who may draw (feature
 * matrix), only from ALM licenses, within the partner's quota set by vendor admins (audited), each
 * refusal leaving the database unchanged; the history on the license's page and as an action, scoped.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { assertUnchanged } from './support/db-scan.ts';
import { Article, AuditEvent, License, Organization } from '../models/index.ts';

const API = '/admin/api/resources';

describe('free additional keys and license history (HTTP API)', () => {
  let portal: TestPanel;
  let orgs: Record<string, number>;
  let almId: number;
  let almB1Id: number;
  let subscriptionLicenseId: number;
  let customerAdmin: Agent;

  const unchanged = (action: () => Promise<unknown>) => assertUnchanged(portal.sequelize, action);
  const draw = (agent: Agent, id: number) => agent.post(`${API}/licenses/records/${id}/drawFreeKey`).send({});

  before(async () => {
    portal = await startTestPanel();
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
    const office = (await Article.findOne({ where: { code: 'OFF-SUB-M' } }))!;
    const almArticle = await Article.create({ code: 'OFF-ALM', name: 'Office Suite ALM', kind: 'alm', interval: 'year', priceCents: 9900, currency: 'EUR', productGroupId: office.productGroupId });
    const alm = (org: string, key: string) => License.create({ licenseKey: key, organizationId: orgs[org], articleId: almArticle.id, kind: 'alm', status: 'active', device: 'PC-ALM', seats: 10, expiresOn: '2099-12-31', serviceUntil: '2099-12-31' });
    almId = (await alm('customer-a1', 'LIC-ALM-A1')).id;
    almB1Id = (await alm('customer-b1', 'LIC-ALM-B1')).id;
    subscriptionLicenseId = (await License.findOne({ where: { licenseKey: 'LIC-A1-SUB' } }))!.id;
    customerAdmin = await login(portal.panel.app, 'customer-admin@demo.test');
  });
  after(() => portal.close());

  it('views the feature matrix leaves out are refused (403), changing nothing', async () => {
    const guest = await login(portal.panel.app, 'customer-guest@demo.test');
    const reseller = await login(portal.panel.app, 'reseller-a@demo.test');
    const vendor = await login(portal.panel.app, 'vendor@demo.test');
    const distributor = await login(portal.panel.app, 'distributor@demo.test');
    await Organization.update({ freeKeyQuota: 5 }, { where: { id: orgs['reseller-a'] } });
    await unchanged(async () => {
      for (const agent of [guest, reseller, vendor, distributor]) {
        const refused = await draw(agent, almId);
        assert.equal(refused.status, 403, JSON.stringify(refused.body));
      }
      // Reseller A as service provider: the matrix gives it free keys for its own licenses, not its customers'.
      await switchContext(reseller, orgs['reseller-a'], 'service_provider');
      const own = await draw(reseller, almId);
      assert.equal(own.status, 403, JSON.stringify(own.body));
      // Another reseller's customer's license does not exist for this customer.
      assert.equal((await draw(customerAdmin, almB1Id)).status, 404);
    });
    await Organization.update({ freeKeyQuota: 0 }, { where: { id: orgs['reseller-a'] } });
  });

  it('without a quota (default 0), and from a license that is not ALM: 409, changing nothing', async () => {
    await unchanged(async () => {
      const none = await draw(customerAdmin, almId);
      assert.equal(none.status, 409, JSON.stringify(none.body));
      assert.match(none.body.error, /Reseller A GmbH hat kein Kontingent freier zusätzlicher Schlüssel/);
    });
    await Organization.update({ freeKeyQuota: 5 }, { where: { id: orgs['reseller-a'] } });
    await unchanged(async () => {
      const notAlm = await draw(customerAdmin, subscriptionLicenseId);
      assert.equal(notAlm.status, 409, JSON.stringify(notAlm.body));
      assert.match(notAlm.body.error, /nur zu Lizenzen im Annual License Model/);
    });
    await Organization.update({ freeKeyQuota: 0 }, { where: { id: orgs['reseller-a'] } });
  });

  it('the channel cannot set its own quota; the vendor admin does, audited', async () => {
    const reseller = await login(portal.panel.app, 'reseller-a@demo.test');
    await unchanged(async () => {
      const own = await reseller.post(`${API}/organizations/records/${orgs['reseller-a']}/edit`).send({ freeKeyQuota: 100 });
      assert.equal(own.status, 403, JSON.stringify(own.body));
    });
    const vendor = await login(portal.panel.app, 'vendor@demo.test');
    const set = await vendor.post(`${API}/organizations/records/${orgs['reseller-a']}/edit`).send({ freeKeyQuota: 2 });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal((await Organization.findByPk(orgs['reseller-a']))!.freeKeyQuota, 2);
    const audit = await AuditEvent.findOne({ where: { action: 'organizations.update', recordId: String(orgs['reseller-a']) }, order: [['id', 'DESC']] });
    assert.deepEqual((audit!.details as any).changes.freeKeyQuota, { before: 0, after: 2 });
  });

  it('the customer draws up to the quota and not one more; each key audited', async () => {
    const keys: number[] = [];
    for (let i = 1; i <= 2; i++) {
      const drawn = await draw(customerAdmin, almId);
      assert.equal(drawn.status, 200, JSON.stringify(drawn.body));
      assert.equal(drawn.body.notice.type, 'success');
      const id = Number(/\(Lizenz (\d+)\)/.exec(drawn.body.notice.message)![1]);
      keys.push(id);
      const key = (await License.findByPk(id))!;
      assert.equal(key.kind, 'alm');
      assert.equal(key.status, 'inactive');
      assert.equal(key.organizationId, orgs['customer-a1']);
      assert.equal(key.drawnFromId, almId);
      assert.equal(key.quotaOrganizationId, orgs['reseller-a']);
      assert.equal(key.expiresOn, '2099-12-31');
    }
    await unchanged(async () => {
      const over = await draw(customerAdmin, almId);
      assert.equal(over.status, 409, JSON.stringify(over.body));
      assert.match(over.body.error, /ausgeschöpft \(2 von 2\)/);
      // A free key is no source of further keys.
      const fromKey = await draw(customerAdmin, keys[0]);
      assert.equal(fromKey.status, 409);
    });
    const audits = await AuditEvent.findAll({ where: { action: 'licenses.drawFreeKey' }, order: [['id', 'ASC']] });
    assert.deepEqual(audits.map((a) => ({ record: a.recordId, ...(a.details as any) })), keys.map((id, i) => ({
      record: String(almId), view: 'customer', changes: {}, drawnLicenseId: id, quotaOrganizationId: orgs['reseller-a'], quota: 2, used: i + 1,
    })));
  });

  it('the license page shows its history; the history action lists it; out of reach: 404', async () => {
    await customerAdmin.post(`${API}/licenses/records/${almId}/transfer`).send({ device: 'LAPTOP-9' });
    const page = await customerAdmin.get(`${API}/licenses/records/${almId}/show`);
    assert.equal(page.status, 200);
    const lines = String(page.body.record.params.history).split('\n');
    assert.equal(lines.length, 3, page.body.record.params.history);
    assert.match(lines[0], /drawFreeKey \(user \d+, customer\)/);
    assert.match(lines[2], /transfer \(user \d+, customer\): device: PC-ALM → LAPTOP-9/);
    const history = await customerAdmin.post(`${API}/licenses/records/${almId}/history`).send({});
    assert.equal(history.status, 200, JSON.stringify(history.body));
    assert.deepEqual(history.body.history.map((e: { action: string }) => e.action), ['licenses.drawFreeKey', 'licenses.drawFreeKey', 'licenses.transfer']);
    // The partner above reads it too; reseller B does not reach the license at all.
    const resellerA = await login(portal.panel.app, 'reseller-a@demo.test');
    assert.equal((await resellerA.post(`${API}/licenses/records/${almId}/history`).send({})).body.history.length, 3);
    const resellerB = await login(portal.panel.app, 'reseller-b@demo.test');
    assert.equal((await resellerB.post(`${API}/licenses/records/${almId}/history`).send({})).status, 404);
    assert.equal((await resellerB.get(`${API}/licenses/records/${almId}/show`)).status, 404);
  });

  it('concurrent draws never exceed the quota', async () => {
    await Organization.update({ freeKeyQuota: 4 }, { where: { id: orgs['reseller-a'] } });
    const answers = await Promise.all(Array.from({ length: 6 }, () => draw(customerAdmin, almId)));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 409, 409, 409, 409], JSON.stringify(answers.map((a) => a.body.error ?? a.body.notice)));
    assert.equal(await License.count({ where: { quotaOrganizationId: orgs['reseller-a'] } }), 4);
    assert.equal(await AuditEvent.count({ where: { action: 'licenses.drawFreeKey' } }), 4);
  });
});
