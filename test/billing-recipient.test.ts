/**
 * A customer organization carries no billing address of its own: the panel shows its partner as
 * the billing recipient (name and billing e-mail where the view sees billing addresses), and its
 * own billing fields are written by nobody. Through the HTTP API against a real PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { login, startTestPanel, type Agent, type TestPanel } from './support/portal.ts';
import { assertUnchanged } from './support/db-scan.ts';
import { Organization } from '../models/index.ts';

const ORGS = '/admin/api/resources/organizations';
const RESELLER_A = 'Reseller A GmbH <billing@reseller-a.demo.test>';

describe('the billing recipient of customer organizations', () => {
  let portal: TestPanel;
  const orgs: Record<string, number> = {};
  const agents: Record<string, Agent> = {};
  const shown = async (agent: Agent, id: number) => {
    const response = await agent.get(`${ORGS}/records/${id}/show`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.record.params.billingRecipient;
  };

  before(async () => {
    portal = await startTestPanel();
    for (const o of await Organization.findAll()) orgs[o.ref ?? String(o.id)] = o.id;
    for (const [key, email] of [['vendor', 'vendor@demo.test'], ['resellerA', 'reseller-a@demo.test'], ['customer', 'customer-admin@demo.test'], ['dpo', 'dpo@demo.test']] as const) {
      agents[key] = await login(portal.panel.app, email);
    }
  });
  after(() => portal.close());

  it('shows the partner with its billing address on a customer\'s page and in the list; a channel organization has none', async () => {
    assert.equal(await shown(agents.vendor, orgs['customer-a1']), RESELLER_A);
    assert.equal(await shown(agents.resellerA, orgs['customer-a2']), RESELLER_A);
    assert.equal(await shown(agents.vendor, orgs['customer-b1']), 'Reseller B Ltd <billing@reseller-b.demo.test>');
    assert.equal(await shown(agents.vendor, orgs['reseller-a']), undefined);
    const list = await agents.resellerA.get(`${ORGS}/actions/list?perPage=50`);
    const byId = Object.fromEntries(list.body.records.map((r: { id: string; params: { billingRecipient?: string } }) => [Number(r.id), r.params.billingRecipient]));
    assert.deepEqual(byId, { [orgs['reseller-a']]: undefined, [orgs['customer-a1']]: RESELLER_A, [orgs['customer-a2']]: RESELLER_A });
  });

  it('views that do not see billing addresses (the customer itself, the DPO) see the partner\'s name only', async () => {
    assert.equal(await shown(agents.customer, orgs['customer-a1']), 'Reseller A GmbH');
    assert.equal(await shown(agents.dpo, orgs['customer-a1']), 'Reseller A GmbH');
  });

  it('a customer the reseller creates bills to the reseller, and its billing fields are written by nobody (nothing changed)', async () => {
    const created = await agents.resellerA.post(`${ORGS}/actions/new`).send({ name: 'Neukunde GmbH', 'views.0': 'customer', parentId: orgs['reseller-a'] });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id = Number(created.body.record.id);
    assert.equal(await shown(agents.resellerA, id), RESELLER_A);
    assert.equal((await Organization.findByPk(id))!.billingEmail, null);
    await assertUnchanged(portal.sequelize, async () => {
      const byReseller = await agents.resellerA.post(`${ORGS}/records/${id}/edit`).send({ billingEmail: 'own@neukunde.test' });
      assert.equal(byReseller.status, 422, JSON.stringify(byReseller.body));
      assert.match(byReseller.body.fields.billingEmail, /ihre Abrechnung geht an die Vertriebsorganisation über ihr/);
      const atCreation = await agents.resellerA.post(`${ORGS}/actions/new`).send({ name: 'Mit Adresse', 'views.0': 'customer', parentId: orgs['reseller-a'], billingEmail: 'x@y.test' });
      assert.equal(atCreation.status, 403, JSON.stringify(atCreation.body));
      for (const field of ['billingEmail', 'statementMode'] as const) {
        const byCustomer = await agents.customer.post(`${ORGS}/records/${orgs['customer-a1']}/edit`).send({ [field]: field === 'billingEmail' ? 'own@musterfirma.test' : 'cutoff' });
        assert.equal(byCustomer.status, 403, JSON.stringify(byCustomer.body));
        assert.ok(byCustomer.body.fields[field], `403 names ${field}`);
      }
      // The recipient is computed: sending it is no way to set anything.
      const computed = await agents.resellerA.post(`${ORGS}/records/${id}/edit`).send({ billingRecipient: 'Someone Else <x@y.test>' });
      assert.ok(computed.status >= 400 && computed.status < 500, `${computed.status}`);
    });
  });
});
