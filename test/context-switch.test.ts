import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, switchContext, type TestPanel } from './support/portal.ts';
import type { Panel } from '../admin/panel.ts';
import { Membership, Organization, User } from '../models/index.ts';

const PRICE_OR_BILLING = /"(priceCents|unitPriceCents|totalCents|amountCents|billingEmail|statementMode)"\s*:\s*(?!null)/;

describe('switching organization and view', () => {
  let portal: TestPanel;
  let panel: Panel;
  const org = async (ref: string) => (await Organization.findOne({ where: { ref } }))!.id;
  before(async () => {
    portal = await startTestPanel();
    panel = portal.panel;
  });
  after(() => portal.close());

  const licenseKeys = async (agent: Awaited<ReturnType<typeof login>>) =>
    (await agent.get('/admin/api/resources/licenses/actions/list?perPage=500')).body.records.map((r: { params: { licenseKey: string } }) => r.params.licenseKey).sort();

  it('offers the own organization in each of its views and the organizations below', async () => {
    const agent = await login(panel.app, 'reseller-a@demo.test');
    const { body } = await agent.get('/admin/context');
    const choices = body.available.map((c: { organizationName: string; view: string }) => `${c.organizationName}/${c.view}`);
    assert.deepEqual(choices.slice(0, 2), ['Reseller A GmbH/reseller', 'Reseller A GmbH/service_provider']);
    assert.ok(choices.includes('Musterfirma KG/customer'));
    assert.ok(!choices.some((c: string) => c.startsWith('Reseller B')));
  });

  it('the scope follows the switch, without logging in again', async () => {
    const agent = await login(panel.app, 'reseller-a@demo.test');
    assert.deepEqual(await licenseKeys(agent), ['LIC-A1-DEMO', 'LIC-A1-SUB', 'LIC-A2-DEMO', 'LIC-A2-SUB']);
    await switchContext(agent, await org('customer-a1'), 'customer');
    assert.deepEqual(await licenseKeys(agent), ['LIC-A1-DEMO', 'LIC-A1-SUB']);
    const articles = await agent.get('/admin/api/resources/articles/actions/list');
    assert.doesNotMatch(JSON.stringify(articles.body), PRICE_OR_BILLING, 'acting as the customer, prices are gone too');
    assert.equal((await agent.get('/admin/api/resources/subscriptions/actions/list')).status, 403);
  });

  it('refuses a foreign organization or a view the organization does not hold, and keeps the current one', async () => {
    const agent = await login(panel.app, 'reseller-a@demo.test');
    for (const choice of [{ organizationId: await org('reseller-b'), view: 'reseller' }, { organizationId: await org('reseller-a'), view: 'vendor' }]) {
      const response = await agent.post('/admin/context').send(choice);
      assert.equal(response.status, 404);
    }
    assert.equal((await agent.get('/admin/context')).body.current.organizationId, await org('reseller-a'));
  });

  it('customer accounts receive no price or billing value in any response', async () => {
    for (const email of ['customer-admin@demo.test', 'customer-guest@demo.test']) {
      const agent = await login(panel.app, email);
      for (const resource of ['organizations', 'articles', 'licenses', 'tickets', 'users', 'memberships', 'software_releases', 'audit_events']) {
        const list = await agent.get(`/admin/api/resources/${resource}/actions/list?perPage=500`);
        assert.doesNotMatch(JSON.stringify(list.body), PRICE_OR_BILLING, `${email} ${resource} list`);
        for (const record of list.body.records ?? []) {
          const show = await agent.get(`/admin/api/resources/${resource}/records/${record.id}/show`);
          assert.doesNotMatch(JSON.stringify(show.body), PRICE_OR_BILLING, `${email} ${resource} #${record.id}`);
        }
        const search = await agent.get(`/admin/api/resources/${resource}/actions/search/`);
        assert.doesNotMatch(JSON.stringify(search.body), PRICE_OR_BILLING, `${email} ${resource} search`);
      }
      for (const resource of ['subscriptions', 'statements', 'statement_lines', 'statement_runs']) {
        assert.equal((await agent.get(`/admin/api/resources/${resource}/actions/list`)).status, 403, `${email} ${resource}`);
      }
    }
  });

  it('a revoked membership ends access at the next request', async () => {
    const agent = await login(panel.app, 'customer-guest@demo.test');
    assert.equal((await agent.get('/admin/api/resources/licenses/actions/list')).status, 200);
    const user = await User.findOne({ where: { email: 'customer-guest@demo.test' } });
    await Membership.destroy({ where: { userId: user!.id } });
    const after = await agent.get('/admin/api/resources/licenses/actions/list');
    assert.equal(after.body.records?.length ?? 0, 0);
    assert.match(JSON.stringify(after.body), /Mitgliedschaft in dieser Organisation ist beendet/);
  });
});
