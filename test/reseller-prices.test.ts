/**
 * Vendor-set prices per reseller through the HTTP API: vendor admins set them, the reseller and its
 * distributor read them, nobody else; a booking by the reseller takes its price (else the
 * article's), and its statement charges it. Every refusal answers its status and changes nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { login, startTestPanel, type Agent, type TestPanel } from './support/portal.ts';
import { assertUnchanged } from './support/db-scan.ts';
import { Article, Membership, Organization, ResellerPrice, Subscription, User } from '../models/index.ts';
import { hashPassword } from '../models/passwords.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { nextPeriod, periodOf, periodStart } from '../reports/calendar.ts';
import { runStatementPeriod } from '../services/statements/run-period.ts';

const API = '/admin/api/resources';

describe('vendor-set prices per reseller', () => {
  let portal: TestPanel;
  const orgs: Record<string, number> = {};
  const agents: Record<string, Agent> = {};
  let monthly: number;
  let priceId: number;
  const today = () => calendarDateIn(new Date(), portal.config.timezone);
  const book = (agent: Agent, customer: string) => agent.post(`${API}/subscriptions/actions/new`).send({
    customerId: orgs[customer], articleId: monthly, quantity: 3, startDate: today(), termMonths: 12, autoRenew: true,
  });

  before(async () => {
    portal = await startTestPanel();
    for (const o of await Organization.findAll()) orgs[o.ref ?? String(o.id)] = o.id;
    monthly = (await Article.findOne({ where: { code: 'OFF-SUB-M' } }))!.id;
    const user = await User.create({ email: 'vendor-member@prices.test', name: 'Vendor Member', passwordHash: await hashPassword(DEMO_PASSWORD) });
    await Membership.create({ userId: user.id, organizationId: orgs.vendor, role: 'member' });
    for (const [key, email] of [['vendor', 'vendor@demo.test'], ['vendorMember', 'vendor-member@prices.test'], ['distributor', 'distributor@demo.test'],
      ['resellerA', 'reseller-a@demo.test'], ['resellerB', 'reseller-b@demo.test'], ['customer', 'customer-admin@demo.test'], ['dpo', 'dpo@demo.test']] as const) {
      agents[key] = await login(portal.panel.app, email);
    }
  });
  after(() => portal.close());

  it('a vendor admin sets a price for reseller B; a price for an organization that is no reseller, or a second one, is refused', async () => {
    await assertUnchanged(portal.sequelize, async () => {
      const notReseller = await agents.vendor.post(`${API}/reseller_prices/actions/new`).send({ articleId: monthly, resellerId: orgs.distributor, unitPriceCents: 1190 });
      assert.equal(notReseller.status, 422, JSON.stringify(notReseller.body));
      assert.match(notReseller.body.fields.resellerId, /Händlersicht/);
      const negative = await agents.vendor.post(`${API}/reseller_prices/actions/new`).send({ articleId: monthly, resellerId: orgs['reseller-b'], unitPriceCents: -1 });
      assert.equal(negative.status, 422, JSON.stringify(negative.body));
    });
    const created = await agents.vendor.post(`${API}/reseller_prices/actions/new`).send({ articleId: monthly, resellerId: orgs['reseller-b'], unitPriceCents: 1190 });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    priceId = Number(created.body.record.id);
    assert.deepEqual((await ResellerPrice.findByPk(priceId))!.toJSON().unitPriceCents, 1190);
    await assertUnchanged(portal.sequelize, async () => {
      const twice = await agents.vendor.post(`${API}/reseller_prices/actions/new`).send({ articleId: monthly, resellerId: orgs['reseller-b'], unitPriceCents: 1000 });
      assert.equal(twice.status, 409, JSON.stringify(twice.body));
    });
  });

  it('nobody but a vendor admin writes a price (403, nothing changed); the reseller and its distributor read it, nobody else', async () => {
    await assertUnchanged(portal.sequelize, async () => {
      for (const agent of [agents.resellerB, agents.distributor, agents.vendorMember]) {
        const edit = await agent.post(`${API}/reseller_prices/records/${priceId}/edit`).send({ unitPriceCents: 1 });
        assert.equal(edit.status, 403, JSON.stringify(edit.body));
        const create = await agent.post(`${API}/reseller_prices/actions/new`).send({ articleId: monthly, resellerId: orgs['reseller-b'], unitPriceCents: 1 });
        assert.equal(create.status, 403, JSON.stringify(create.body));
        const remove = await agent.post(`${API}/reseller_prices/records/${priceId}/delete`);
        assert.equal(remove.status, 403, JSON.stringify(remove.body));
      }
      // The channel cannot type a price into its booking either.
      const typed = await agents.resellerB.post(`${API}/subscriptions/actions/new`).send({
        customerId: orgs['customer-b1'], articleId: monthly, quantity: 3, startDate: today(), termMonths: 12, autoRenew: true, unitPriceCents: 1,
      });
      assert.equal(typed.status, 403, JSON.stringify(typed.body));
      assert.ok(typed.body.fields.unitPriceCents);
    });
    const listed = async (agent: Agent) => {
      const response = await agent.get(`${API}/reseller_prices/actions/list`);
      return response.status === 200 ? response.body.records.map((r: { params: { unitPriceCents: number } }) => r.params.unitPriceCents) : response.status;
    };
    assert.deepEqual(await listed(agents.resellerB), [1190]);
    assert.deepEqual(await listed(agents.distributor), [1190]);
    assert.deepEqual(await listed(agents.vendorMember), [1190]);
    assert.deepEqual(await listed(agents.resellerA), []);
    assert.equal(await listed(agents.customer), 403);
    assert.equal(await listed(agents.dpo), 403);
  });

  it('a booking takes the reseller\'s price where the vendor set one, else the article\'s', async () => {
    const byB = await book(agents.resellerB, 'customer-b1');
    assert.equal(byB.status, 200, JSON.stringify(byB.body));
    const byA = await book(agents.resellerA, 'customer-a1');
    assert.equal(byA.status, 200, JSON.stringify(byA.body));
    assert.equal((await Subscription.findByPk(byB.body.record.id))!.unitPriceCents, 1190);
    assert.equal((await Subscription.findByPk(byA.body.record.id))!.unitPriceCents, 1490, 'OFF-SUB-M lists at 14.90');
    // A later price change leaves a booked subscription at its price.
    const changed = await agents.vendor.post(`${API}/reseller_prices/records/${priceId}/edit`).send({ unitPriceCents: 990 });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal((await Subscription.findByPk(byB.body.record.id))!.unitPriceCents, 1190);
  });

  it('the statement charges the reseller\'s price: reseller B (cut-off) owes 3 × 11.90 = 35.70 for the month', async () => {
    const [booked] = await portal.sequelize.query<{ ref: string }>(`select ref from subscriptions where reseller_id = :b and unit_price_cents = 1190`,
      { replacements: { b: orgs['reseller-b'] }, type: QueryTypes.SELECT });
    const period = periodOf(today());
    const { issue } = await runStatementPeriod(portal, { period, trigger: 'cli', now: new Date(`${periodStart(nextPeriod(period))}T06:00:00Z`) });
    assert.deepEqual(issue.failed, []);
    const lines = await portal.sequelize.query<{ unitPriceCents: number; quantity: number; amountCents: number }>(`
      select unit_price_cents as "unitPriceCents", quantity, amount_cents::int as "amountCents" from statement_lines where subscription_ref = :ref`,
    { replacements: { ref: booked.ref }, type: QueryTypes.SELECT });
    assert.deepEqual(lines, [{ unitPriceCents: 1190, quantity: 3, amountCents: 3570 }]);
  });
});
