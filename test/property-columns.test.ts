// A partner's custom properties as columns of its customer list (organizations list API): values on
// the rows, sortable (numbers as numbers) and filterable by value; another partner never sees them;
// a customer sees only what its partner marked visible to it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { Organization } from '../models/index.ts';

type Params = Record<string, unknown>;

describe('custom property columns', () => {
  let portal: TestPanel;
  let orgs: Record<string, number>;
  let reseller: Agent;
  let tariff: number;
  let planned: number;

  before(async () => {
    portal = await startTestPanel();
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
    reseller = await login(portal.panel.app, 'reseller-a@demo.test');
    await switchContext(reseller, orgs['reseller-a'], 'reseller');
    const define = async (payload: Params) => {
      const res = await reseller.post('/admin/api/resources/custom_property_definitions/actions/new').send({ organizationId: orgs['reseller-a'], ...payload });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return Number(res.body.record.params.id);
    };
    tariff = await define({ name: 'Tarif', type: 'choice', choices: ['gold', 'silver'] });
    planned = await define({ name: 'Seats planned', type: 'number', visibleToCustomer: true });
    for (const [org, definitionId, value] of [['customer-a1', tariff, 'gold'], ['customer-a1', planned, '12'], ['customer-a2', tariff, 'silver'], ['customer-a2', planned, '3']] as const) {
      const res = await reseller.post('/admin/api/resources/custom_property_values/actions/new').send({ organizationId: orgs[org], definitionId, value });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
  });
  after(() => portal.close());

  const list = async (agent: Agent, query = '') => {
    const res = await agent.get(`/admin/api/resources/organizations/actions/list${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // Each row's ref, which the list does not show, from its id.
    const refs = new Map(Object.entries(orgs).map(([ref, id]) => [id, ref]));
    return (res.body.records as Array<{ params: Params }>).map((r): Params => ({ ...r.params, ref: refs.get(Number(r.params.id)) }));
  };

  it('the partner\'s list carries its columns, filters by value and sorts numbers as numbers', async () => {
    const rows = await list(reseller);
    const a1 = rows.find((r) => r.ref === 'customer-a1')!;
    assert.equal(a1[`custom_${tariff}`], 'gold');
    assert.equal(a1[`custom_${planned}`], '12');
    assert.deepEqual((await list(reseller, `?filters.custom_${tariff}=gold`)).map((r) => r.ref), ['customer-a1']);
    assert.deepEqual((await list(reseller, `?filters.custom_${planned}=3`)).map((r) => r.ref), ['customer-a2']);
    const sorted = (await list(reseller, `?sortBy=custom_${planned}&direction=desc&filters.parentId=${orgs['reseller-a']}`)).map((r) => r.ref);
    assert.deepEqual(sorted, ['customer-a1', 'customer-a2']);
    const ascending = (await list(reseller, `?sortBy=custom_${planned}&direction=asc&filters.parentId=${orgs['reseller-a']}`)).map((r) => r.ref);
    assert.deepEqual(ascending, ['customer-a2', 'customer-a1']);
  });

  /** The columns of the organizations list as the panel's page describes it to this user's browser. */
  const pageColumns = async (agent: Agent) => {
    const page = await agent.get('/admin/resources/organizations');
    const state = JSON.parse(/<script type="application\/json" id="portal-state">(.*?)<\/script>/s.exec(page.text)![1]);
    const organizations = state.resources.find((r: { id: string }) => r.id === 'organizations');
    const named = (properties: Array<{ propertyPath: string; label: string; isSortable: boolean }>) =>
      properties.filter((p) => p.propertyPath.startsWith('custom_')).map((p) => [p.propertyPath, p.label, p.isSortable]);
    return { list: named(organizations.listProperties), filter: named(organizations.filterProperties) };
  };

  it('the partner\'s list page shows its columns by name, sortable, and offers them as filters', async () => {
    const expected = [[`custom_${tariff}`, 'Tarif', true], [`custom_${planned}`, 'Seats planned', true]];
    assert.deepEqual(await pageColumns(reseller), { list: expected, filter: expected });
    assert.deepEqual(await pageColumns(await login(portal.panel.app, 'reseller-b@demo.test')), { list: [], filter: [] });
  });

  it('another partner, and the distributor above, see none of these columns; the filter is no filter for them', async () => {
    const other = await login(portal.panel.app, 'reseller-b@demo.test');
    for (const agent of [other, await login(portal.panel.app, 'distributor@demo.test')]) {
      const rows = await list(agent);
      assert.ok(rows.every((r) => !Object.keys(r).some((k) => k.startsWith('custom_'))), JSON.stringify(rows));
      assert.equal((await list(agent, `?filters.custom_${tariff}=gold`)).length, rows.length);
    }
  });

  it('a customer reads its own value of the property marked visible, not the other one', async () => {
    const customer = await login(portal.panel.app, 'customer-admin@demo.test');
    const [own] = await list(customer);
    assert.equal(own.ref, 'customer-a1');
    assert.equal(own[`custom_${planned}`], '12');
    assert.equal(`custom_${tariff}` in own, false);
    const values = (await customer.get('/admin/api/resources/custom_property_values/actions/list')).body.records.map((r: { params: Params }) => r.params.value);
    assert.deepEqual(values, ['12']);
    assert.equal((await customer.get(`/admin/api/resources/organizations/actions/list?filters.custom_${tariff}=gold`)).body.records.length, 1);
  });
});
