/**
 * The frame and what is made inside it, through the panel's HTTP API against PostgreSQL: the
 * catalog each view sees, licenses issued and subscriptions booked by a reseller (just inside and
 * just outside every allowed value, reseller B's narrower frame), an exchange naming its
 * replacement, a distributor passing on at most what it holds, customer organizations without a
 * billing address of their own. Every refusal answers its status, names the allowed values and
 * leaves the database as it was; each operation is tried by the views and roles that may not use it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { assertUnchanged } from './support/db-scan.ts';
import {
  Article, AuditEvent, License, Membership, Organization, ProductGroup, ProductGroupGrant, SoftwareRelease, Subscription, User,
} from '../models/index.ts';
import { hashPassword } from '../models/passwords.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { addDays, type IsoDate } from '../reports/calendar.ts';
import { formatDate } from '../templates/formats.ts';
import { TICKET_CODE_ALPHABET } from '../models/domain/ticket-code.ts';
import { heldFrame } from '../services/frames.ts';

const API = '/admin/api/resources';
// The one key format the portal draws (models/domain/ticket-code.ts drawKey): LIC- and five groups of the ticket alphabet.
const KEY = new RegExp(`^LIC(-[${TICKET_CODE_ALPHABET}]{5}){5}$`);

type Body = { error?: string; fields?: Record<string, string>; notice?: { message?: string; type?: string }; record?: { params: Record<string, unknown> } };

describe('frames: the catalog, licenses and subscriptions made in the portal, grants passed on', () => {
  let portal: TestPanel;
  let orgs: Record<string, number>;
  let articles: Record<string, number>;
  let groups: Record<string, number>;
  const agents: Record<string, Agent> = {};

  // Sessions are left out: every request refreshes its session's expiry.
  const unchanged = (action: () => Promise<unknown>) => assertUnchanged(portal.sequelize, action);
  const today = (): IsoDate => calendarDateIn(new Date(), portal.config.timezone);
  const create = (agent: Agent, resource: string, payload: Record<string, unknown>) => agent.post(`${API}/${resource}/actions/new`).send(payload);
  const edit = (agent: Agent, resource: string, id: number, payload: Record<string, unknown>) => agent.post(`${API}/${resource}/records/${id}/edit`).send(payload);
  const listIds = async (agent: Agent, resource: string): Promise<number[]> => {
    const response = await agent.get(`${API}/${resource}/actions/list?perPage=500`);
    assert.equal(response.status, 200, `${resource} list`);
    return (response.body.records as Array<{ id: string }>).map((r) => Number(r.id)).sort((a, b) => a - b);
  };
  const codes = async (agent: Agent) => {
    const response = await agent.get(`${API}/articles/actions/list?perPage=500`);
    return (response.body.records as Array<{ params: { code: string } }>).map((r) => r.params.code).sort();
  };
  /** A refusal with its status, naming the field with the given text. */
  const refused = (response: { status: number; body: Body }, status: number, field: string, text?: string | RegExp) => {
    assert.equal(response.status, status, JSON.stringify(response.body));
    assert.ok(response.body.fields?.[field], `the refusal names ${field}: ${JSON.stringify(response.body)}`);
    if (typeof text === 'string') {
      assert.equal(response.body.fields![field], `${text}.`);
      assert.ok(response.body.error!.includes(text), response.body.error);
    } else if (text) {
      assert.match(response.body.fields![field], text);
    }
  };
  const created = (response: { status: number; body: Body }) => {
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.notice?.type, 'success', JSON.stringify(response.body.notice));
    return response.body.record!.params;
  };

  async function agentFor(name: string, email: string, org: string, view: string): Promise<Agent> {
    const agent = await login(portal.panel.app, email);
    await switchContext(agent, orgs[org], view);
    agents[name] = agent;
    return agent;
  }

  before(async () => {
    portal = await startTestPanel();
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
    articles = Object.fromEntries((await Article.findAll()).map((a) => [a.code, a.id]));
    groups = Object.fromEntries((await ProductGroup.findAll()).map((g) => [g.name, g.id]));
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const [email, org, role] of [['reseller-a-member@frames.test', 'reseller-a', 'member'], ['reseller-a-guest@frames.test', 'reseller-a', 'guest'],
      ['distributor-member@frames.test', 'distributor', 'member']] as const) {
      const user = await User.create({ email, name: email, passwordHash });
      await Membership.create({ userId: user.id, organizationId: orgs[org], role });
    }
    await agentFor('vendor', 'vendor@demo.test', 'vendor', 'vendor');
    await agentFor('distributor', 'distributor@demo.test', 'distributor', 'distributor');
    await agentFor('distributorMember', 'distributor-member@frames.test', 'distributor', 'distributor');
    await agentFor('resellerA', 'reseller-a@demo.test', 'reseller-a', 'reseller');
    await agentFor('resellerAMember', 'reseller-a-member@frames.test', 'reseller-a', 'reseller');
    await agentFor('resellerAGuest', 'reseller-a-guest@frames.test', 'reseller-a', 'reseller');
    await agentFor('serviceProvider', 'reseller-a@demo.test', 'reseller-a', 'service_provider');
    await agentFor('onBehalf', 'reseller-a@demo.test', 'customer-a1', 'customer');
    await agentFor('resellerB', 'reseller-b@demo.test', 'reseller-b', 'reseller');
    await agentFor('customerAdmin', 'customer-admin@demo.test', 'customer-a1', 'customer');
  });
  after(() => portal.close());

  it('the demo data keeps its frames: Office Suite and Security for reseller A, Office Suite narrowed for reseller B, no Security for B', async () => {
    const frame = async (org: string, group: string) => (await heldFrame(orgs[org], groups[group]))?.frame ?? null;
    assert.deepEqual(await frame('reseller-a', 'Office Suite'), { demoDays: [14, 30, 60], minSeats: 1, maxSeats: 500, termMonths: [1, 12, 24, 36], articleKinds: ['demo', 'nfr', 'subscription'] });
    assert.deepEqual(await frame('reseller-a', 'Security'), { demoDays: [30], minSeats: 1, maxSeats: 100, termMonths: [1, 12], articleKinds: ['demo', 'full', 'subscription'] });
    assert.deepEqual(await frame('reseller-b', 'Office Suite'), { demoDays: [14, 30], minSeats: 1, maxSeats: 50, termMonths: [1, 12, 24, 36], articleKinds: ['demo', 'nfr', 'subscription'] });
    assert.equal(await frame('reseller-b', 'Security'), null);
    // The distributor holds both groups whole, at least what the resellers below it hold.
    assert.deepEqual(await frame('distributor', 'Office Suite'), await frame('reseller-a', 'Office Suite'));
    assert.deepEqual(await frame('distributor', 'Security'), await frame('reseller-a', 'Security'));
  });

  it('a channel organization sees the articles and releases of its granted groups; a customer those of what it holds', async () => {
    const security = await SoftwareRelease.create({ productLine: 'Security', version: '5.0', releasedOn: '2026-05-04', fileUrl: 'https://downloads.demo.test/sec/5.0', productGroupId: groups.Security });
    const office = (await SoftwareRelease.findAll({ where: { productGroupId: groups['Office Suite'] } })).map((r) => r.id).sort((a, b) => a - b);
    try {
      const allOffice = ['OFF-DEMO', 'OFF-NFR', 'OFF-SUB-M', 'OFF-SUB-Y'];
      assert.deepEqual(await codes(agents.resellerA), [...allOffice, 'SEC-FULL', 'SEC-SUB-M']);
      assert.deepEqual(await codes(agents.serviceProvider), [...allOffice, 'SEC-FULL', 'SEC-SUB-M'], 'the same organization in its other view');
      assert.deepEqual(await codes(agents.resellerB), allOffice);
      assert.deepEqual(await codes(agents.distributor), [...allOffice, 'SEC-FULL', 'SEC-SUB-M'], 'the distributor holds both groups');
      assert.deepEqual(await codes(agents.vendor), [...allOffice, 'SEC-FULL', 'SEC-SUB-M']);
      // Customer A1 holds Office licenses and tickets and, through SUB-A1-2, Security's monthly article.
      assert.deepEqual(await codes(agents.customerAdmin), ['OFF-DEMO', 'OFF-SUB-M', 'SEC-SUB-M']);
      assert.deepEqual(await listIds(agents.resellerA, 'software_releases'), [...office, security.id]);
      assert.deepEqual(await listIds(agents.resellerB, 'software_releases'), office);
      assert.deepEqual(await listIds(agents.customerAdmin, 'software_releases'), [...office, security.id]);
      assert.deepEqual(await listIds(agents.distributor, 'software_releases'), [...office, security.id]);
      assert.equal((await agents.resellerB.get(`${API}/articles/records/${articles['SEC-FULL']}/show`)).status, 404);
      assert.equal((await agents.resellerB.get(`${API}/software_releases/records/${security.id}/show`)).status, 404);
    } finally {
      await security.destroy();
    }
  });

  describe('a reseller issues licenses to its customers through licenses/new', () => {
    it('reseller B: seats 0 and 51 refused, 1 and 50 issued; demo days 14 and 30 issued, 60 and 15 refused; kind, key and expiry from the article and the frame', async () => {
      const b = agents.resellerB;
      const demo = { organizationId: orgs['customer-b1'], articleId: articles['OFF-DEMO'] };
      await unchanged(async () => {
        for (const seats of [0, 51]) refused(await create(b, 'licenses', { ...demo, seats, demoDays: 14 }), 422, 'seats', 'seats must be between 1 and 50 for Office Suite at Reseller B Ltd');
        for (const demoDays of [60, 15, 0]) refused(await create(b, 'licenses', { ...demo, seats: 1, demoDays }), 422, 'demoDays', 'demoDays must be one of 14 or 30 for Office Suite at Reseller B Ltd');
        refused(await create(b, 'licenses', { ...demo, seats: 1 }), 422, 'demoDays', 'demoDays is required for a demo license: one of 14 or 30 for Office Suite at Reseller B Ltd');
        // Both refusals at once, each named.
        const both = await create(b, 'licenses', { ...demo, seats: 51, demoDays: 60 });
        refused(both, 422, 'seats');
        refused(both, 422, 'demoDays');
      });
      for (const [seats, demoDays] of [[1, 14], [50, 30]]) {
        const license = created(await create(b, 'licenses', { ...demo, seats, demoDays }));
        assert.equal(license.kind, 'demo');
        assert.equal(license.status, 'inactive');
        assert.equal(license.seats, seats);
        assert.equal(license.organizationId, orgs['customer-b1']);
        assert.equal(license.expiresOn, addDays(today(), demoDays - 1), 'today is its first day');
        assert.match(String(license.licenseKey), KEY);
        const entry = await AuditEvent.findOne({ where: { action: 'licenses.create', recordId: String(license.id) } });
        assert.equal(entry?.organizationId, orgs['customer-b1']);
        assert.deepEqual((entry?.details as { changes: Record<string, unknown> }).changes.demoDays, { before: null, after: demoDays });
      }
    });

    it('reseller A\'s wider frame: seats up to 500, demo days 60; a full Security license up to 100 seats without expiry', async () => {
      const a = agents.resellerA;
      const demo = { organizationId: orgs['customer-a2'], articleId: articles['OFF-DEMO'] };
      const full = { organizationId: orgs['customer-a2'], articleId: articles['SEC-FULL'] };
      await unchanged(async () => {
        refused(await create(a, 'licenses', { ...demo, seats: 501, demoDays: 60 }), 422, 'seats', 'Plätze für Office Suite bei Reseller A GmbH: nur 1 bis 500 erlaubt');
        refused(await create(a, 'licenses', { ...demo, seats: 0, demoDays: 60 }), 422, 'seats', 'Plätze für Office Suite bei Reseller A GmbH: nur 1 bis 500 erlaubt');
        refused(await create(a, 'licenses', { ...demo, seats: 1, demoDays: 61 }), 422, 'demoDays', 'Testtage für Office Suite bei Reseller A GmbH: nur 14, 30 oder 60 erlaubt');
        refused(await create(a, 'licenses', { ...full, seats: 101 }), 422, 'seats', 'Plätze für Security bei Reseller A GmbH: nur 1 bis 100 erlaubt');
        refused(await create(a, 'licenses', { ...full, seats: 1, demoDays: 30 }), 422, 'demoDays', 'Testtage: nur eine Testlizenz hat Testtage');
        refused(await create(a, 'licenses', { ...full, articleId: articles['OFF-SUB-M'], seats: 1 }), 422, 'articleId', /buchen Sie das Abonnement/);
        refused(await create(a, 'licenses', { ...full, articleId: articles['OFF-NFR'], seats: 1 }), 422, 'articleId', /vergibt der Hersteller/);
      });
      assert.equal(created(await create(a, 'licenses', { ...demo, seats: 500, demoDays: 60 })).expiresOn, addDays(today(), 59));
      const perpetual = created(await create(a, 'licenses', { ...full, seats: 100 }));
      assert.deepEqual([perpetual.kind, perpetual.seats, perpetual.expiresOn ?? null], ['full', 100, null]);
      const byMember = created(await create(agents.resellerAMember, 'licenses', { ...full, seats: 1 }));
      assert.equal(byMember.kind, 'full');
    });

    it('the form never sets kind, key, status or expiry; a license goes only to a customer below, of an article the reseller holds', async () => {
      const b = agents.resellerB;
      const demo = { organizationId: orgs['customer-b1'], articleId: articles['OFF-DEMO'], seats: 1, demoDays: 14 };
      await unchanged(async () => {
        for (const [field, value] of Object.entries({ licenseKey: 'LIC-MINE', kind: 'full', expiresOn: '2099-12-31', status: 'active', serviceUntil: '2099-12-31' })) {
          refused(await create(b, 'licenses', { ...demo, [field]: value }), 403, field);
        }
        // Security is no group of reseller B's: its articles do not exist for it.
        refused(await create(b, 'licenses', { ...demo, articleId: articles['SEC-FULL'], demoDays: undefined }), 422, 'articleId', /Choose a record you can see/);
        refused(await create(b, 'licenses', { ...demo, organizationId: orgs['customer-a1'] }), 403, 'organizationId');
        refused(await create(b, 'licenses', { ...demo, organizationId: orgs['reseller-b'] }), 422, 'organizationId', /one of your customers/);
      });
    });

    it('views and roles without the operation are refused and nothing is written; vendor staff record licenses freely', async () => {
      const demo = { organizationId: orgs['customer-a1'], articleId: articles['OFF-DEMO'], seats: 1, demoDays: 14 };
      await unchanged(async () => {
        for (const name of ['serviceProvider', 'onBehalf', 'customerAdmin', 'distributor', 'resellerAGuest']) {
          const response = await create(agents[name], 'licenses', demo);
          assert.equal(response.status, 403, `${name}: ${JSON.stringify(response.body)}`);
        }
      });
      const byVendor = created(await create(agents.vendor, 'licenses', { ...demo, demoDays: undefined, licenseKey: 'LIC-VENDOR-1', kind: 'nfr', seats: 900 }));
      assert.deepEqual([byVendor.licenseKey, byVendor.kind, byVendor.seats], ['LIC-VENDOR-1', 'nfr', 900]);
    });
  });

  describe('a reseller books subscriptions for its customers through subscriptions/new', () => {
    const booking = () => ({ customerId: orgs['customer-b1'], articleId: articles['OFF-SUB-M'], quantity: 5, startDate: calendarDateIn(new Date(), portal.config.timezone), termMonths: 12, autoRenew: true });

    it('reseller B: quantity 0 and 51 refused, 1 and 50 booked; terms 1, 12, 24, 36 booked, 6 and 48 refused; price, interval and license from the article', async () => {
      const b = agents.resellerB;
      await unchanged(async () => {
        for (const quantity of [0, 51]) refused(await create(b, 'subscriptions', { ...booking(), quantity }), 422, 'quantity', 'quantity must be between 1 and 50 for Office Suite at Reseller B Ltd');
        for (const termMonths of [6, 48, 0]) refused(await create(b, 'subscriptions', { ...booking(), termMonths }), 422, 'termMonths', 'termMonths must be one of 1, 12, 24 or 36 for Office Suite at Reseller B Ltd');
        refused(await create(b, 'subscriptions', { ...booking(), startDate: addDays(today(), -1) }), 422, 'startDate', /cannot be before today/);
        refused(await create(b, 'subscriptions', { ...booking(), articleId: articles['OFF-SUB-Y'], termMonths: 1 }), 422, 'termMonths', /whole number of years/);
        refused(await create(b, 'subscriptions', { ...booking(), articleId: articles['OFF-DEMO'] }), 422, 'articleId', /not booked as a subscription/);
      });
      for (const [quantity, termMonths] of [[1, 1], [50, 12], [7, 24], [8, 36]]) {
        const sub = created(await create(b, 'subscriptions', { ...booking(), quantity, termMonths, autoRenew: false }));
        assert.deepEqual([sub.resellerId, sub.customerId, sub.unitPriceCents, sub.interval, sub.quantity, sub.termMonths, sub.autoRenew, sub.startDate],
          [orgs['reseller-b'], orgs['customer-b1'], 1490, 'month', quantity, termMonths, false, today()]);
        assert.match(String(sub.ref), /^SUB-/);
        const license = (await License.findByPk(Number(sub.licenseId)))!;
        assert.deepEqual([license.kind, license.seats, license.organizationId, license.status, license.articleId], ['subscription', quantity, orgs['customer-b1'], 'inactive', articles['OFF-SUB-M']]);
        assert.ok(await AuditEvent.findOne({ where: { action: 'subscriptions.create', recordId: String(sub.id), organizationId: orgs['reseller-b'] } }));
        assert.ok(await AuditEvent.findOne({ where: { action: 'licenses.create', recordId: String(license.id), organizationId: orgs['customer-b1'] } }));
      }
      const yearly = created(await create(b, 'subscriptions', { ...booking(), articleId: articles['OFF-SUB-Y'], termMonths: 24 }));
      assert.deepEqual([yearly.unitPriceCents, yearly.interval], [14900, 'year']);
    });

    it('the channel never types the price, the reseller, the reference or the interval; only its own customers', async () => {
      const b = agents.resellerB;
      await unchanged(async () => {
        for (const [field, value] of Object.entries({ unitPriceCents: 1, resellerId: orgs['reseller-a'], ref: 'SUB-MINE', interval: 'year', licenseId: 1, cancelReason: 'exchange' })) {
          refused(await create(b, 'subscriptions', { ...booking(), [field]: value }), 403, field);
        }
        refused(await create(b, 'subscriptions', { ...booking(), customerId: orgs['customer-a1'] }), 403, 'customerId');
        refused(await create(b, 'subscriptions', { ...booking(), customerId: orgs['reseller-b'] }), 422, 'customerId', /one of your customers/);
        refused(await create(b, 'subscriptions', { ...booking(), articleId: articles['SEC-SUB-M'] }), 422, 'articleId', /Choose a record you can see/);
      });
    });

    it('views and roles without the operation are refused; a reseller member books; vendor staff record freely', async () => {
      const forA1 = () => ({ ...booking(), customerId: orgs['customer-a1'] });
      await unchanged(async () => {
        for (const name of ['serviceProvider', 'onBehalf', 'customerAdmin', 'distributor', 'resellerAGuest']) {
          const response = await create(agents[name], 'subscriptions', forA1());
          assert.equal(response.status, 403, `${name}: ${JSON.stringify(response.body)}`);
        }
      });
      const byMember = created(await create(agents.resellerAMember, 'subscriptions', { ...forA1(), articleId: articles['SEC-SUB-M'], quantity: 100, termMonths: 1 }));
      assert.deepEqual([byMember.resellerId, byMember.unitPriceCents], [orgs['reseller-a'], 990]);
      const byVendor = created(await create(agents.vendor, 'subscriptions', {
        ...forA1(), ref: 'SUB-VENDOR-1', resellerId: orgs['reseller-a'], unitPriceCents: 1000, interval: 'month', startDate: '2026-01-01', termMonths: 7,
      }));
      assert.deepEqual([byVendor.unitPriceCents, byVendor.termMonths, byVendor.licenseId ?? null], [1000, 7, null]);
    });
  });

  it('an exchange names the subscription that replaces it: the same customer\'s, starting on the exchange day', async () => {
    const b = agents.resellerB;
    const on = today();
    const subscription = (ref: string, customer: string, start: IsoDate, reseller = 'reseller-b') => Subscription.create({
      ref, resellerId: orgs[reseller], customerId: orgs[customer], articleId: articles['OFF-SUB-M'], quantity: 2, unitPriceCents: 1490, interval: 'month', startDate: start, termMonths: 12,
    });
    const license = await License.create({ licenseKey: 'LIC-EXCHANGED', organizationId: orgs['customer-b1'], articleId: articles['OFF-SUB-M'], kind: 'subscription', seats: 2, status: 'active' });
    const old = await subscription('SUB-EXCHANGED', 'customer-b1', addDays(on, -40));
    await old.update({ licenseId: license.id });
    const replacement = created(await agents.resellerB.post(`${API}/subscriptions/actions/new`).send({
      customerId: orgs['customer-b1'], articleId: articles['OFF-SUB-M'], quantity: 3, startDate: on, termMonths: 12, autoRenew: true,
    }));
    const otherCustomer = await subscription('SUB-OTHER-CUSTOMER', 'customer-b2', on);
    const laterStart = await subscription('SUB-LATER', 'customer-b1', addDays(on, 1));
    const foreign = await subscription('SUB-FOREIGN', 'customer-a1', on, 'reseller-a');
    const cancel = (payload: Record<string, unknown>) => b.post(`${API}/subscriptions/records/${old.id}/cancel`).send({ reason: 'exchange', on, ...payload });
    await unchanged(async () => {
      refused(await cancel({}), 422, 'replacedBy', /names the subscription that replaces/);
      refused(await cancel({ replacedBy: otherCustomer.id }), 422, 'replacedBy', /same customer/);
      refused(await cancel({ replacedBy: laterStart.id }), 422, 'replacedBy', new RegExp(`starts on ${formatDate(addDays(on, 1), 'en')}, the exchange is on ${formatDate(on, 'en')}`));
      refused(await cancel({ replacedBy: old.id }), 422, 'replacedBy', /cannot replace itself/);
      refused(await cancel({ replacedBy: foreign.id }), 422, 'replacedBy', /Choose a subscription you can see/);
      refused(await cancel({ reason: 'reversal', replacedBy: replacement.id }), 422, 'replacedBy', /only an exchange/);
      const backdated = await cancel({ on: addDays(on, -1), replacedBy: replacement.id });
      assert.equal(backdated.status, 409, JSON.stringify(backdated.body));
    });
    const done = await cancel({ replacedBy: replacement.id });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.match(done.body.notice.message, new RegExp(`replaced by subscription ${replacement.id}`));
    await old.reload();
    assert.deepEqual([old.cancelReason, old.cancelledOn, old.replacedById], ['exchange', on, Number(replacement.id)]);
    await license.reload();
    assert.equal(license.status, 'recalled');
    const entry = await AuditEvent.findOne({ where: { action: 'subscriptions.cancel', recordId: String(old.id) } });
    assert.deepEqual((entry!.details as { changes: Record<string, unknown> }).changes.replacedById, { before: null, after: Number(replacement.id) });
    const shown = await b.get(`${API}/subscriptions/records/${old.id}/show`);
    assert.equal(shown.body.record.params.replacedById, Number(replacement.id));
  });

  describe('grants: the vendor grants a channel organization, a distributor passes on at most what it holds', () => {
    let distributorGrant: number;
    let passedOn: number;

    // The story starts from a distributor that holds nothing: the demo data's grants to it are withdrawn first.
    before(async () => {
      await ProductGroupGrant.destroy({ where: { organizationId: orgs.distributor } });
      assert.deepEqual(await codes(agents.distributor), []);
    });

    it('the vendor grants within the group, to a channel organization only', async () => {
      const v = agents.vendor;
      const grant = { productGroupId: groups.Security, organizationId: orgs.distributor };
      await unchanged(async () => {
        refused(await create(v, 'product_group_grants', { ...grant, maxSeats: 101 }), 422, 'maxSeats', 'Plätze höchstens für Security: nur 1 bis 100 erlaubt');
        refused(await create(v, 'product_group_grants', { ...grant, demoDays: [14] }), 422, 'demoDays', 'Testtage für Security: nur 30 möglich');
        refused(await create(v, 'product_group_grants', { ...grant, termMonths: [24] }), 422, 'termMonths', 'Laufzeiten (Monate) für Security: nur 1, 12 möglich');
        refused(await create(v, 'product_group_grants', { ...grant, articleKinds: ['alm'] }), 422, 'articleKinds', 'Artikelarten für Security: nur Testlizenz, Kauflizenz, Abonnement möglich');
        refused(await create(v, 'product_group_grants', { ...grant, organizationId: orgs['customer-a1'] }), 422, 'organizationId', /Vertriebsorganisation/);
        refused(await create(v, 'product_group_grants', { ...grant, grantedById: orgs['reseller-a'] }), 403, 'grantedById');
      });
      const held = created(await create(v, 'product_group_grants', { ...grant, demoDays: [30], minSeats: 1, maxSeats: 20, termMonths: [12], articleKinds: ['full', 'subscription'] }));
      assert.equal(held.grantedById ?? null, null, 'the vendor\'s grant');
      distributorGrant = Number(held.id);
      assert.deepEqual(await codes(agents.distributor), ['SEC-FULL', 'SEC-SUB-M'], 'the distributor now sees Security');
    });

    it('a distributor passes on at most what it holds, to a channel organization below it; resellers and members do not grant', async () => {
      const d = agents.distributor;
      const grant = { productGroupId: groups.Security, organizationId: orgs['reseller-b'] };
      const D = 'für Security bei Demo Distribution AG';
      await unchanged(async () => {
        refused(await create(d, 'product_group_grants', { ...grant, maxSeats: 21 }), 422, 'maxSeats', `Plätze höchstens ${D}: nur 1 bis 20 erlaubt`);
        refused(await create(d, 'product_group_grants', { ...grant, minSeats: 21 }), 422, 'minSeats', `Plätze mindestens ${D}: nur 1 bis 20 erlaubt`);
        refused(await create(d, 'product_group_grants', { ...grant, demoDays: [14, 30] }), 422, 'demoDays', `Testtage ${D}: nur 30 möglich`);
        refused(await create(d, 'product_group_grants', { ...grant, termMonths: [1] }), 422, 'termMonths', `Laufzeiten (Monate) ${D}: nur 12 möglich`);
        refused(await create(d, 'product_group_grants', { ...grant, articleKinds: ['demo'] }), 422, 'articleKinds', `Artikelarten ${D}: nur Kauflizenz, Abonnement möglich`);
        // A group the distributor does not hold does not exist for it.
        refused(await create(d, 'product_group_grants', { ...grant, productGroupId: groups['Office Suite'] }), 422, 'productGroupId', /Wählen Sie einen Datensatz, den Sie sehen/);
        refused(await create(d, 'product_group_grants', { ...grant, organizationId: orgs['customer-b1'] }), 422, 'organizationId', /Vertriebsorganisation/);
        refused(await create(d, 'product_group_grants', { ...grant, organizationId: orgs.distributor }), 422, 'organizationId', /Vertriebsorganisation/);
        refused(await create(d, 'product_group_grants', { ...grant, organizationId: orgs.vendor }), 403, 'organizationId');
        refused(await create(d, 'product_group_grants', { ...grant, grantedById: orgs.vendor }), 403, 'grantedById');
        for (const name of ['distributorMember', 'resellerA', 'customerAdmin']) {
          const response = await create(agents[name], 'product_group_grants', grant);
          assert.equal(response.status, 403, `${name}: ${JSON.stringify(response.body)}`);
        }
      });
      const given = created(await create(d, 'product_group_grants', { ...grant, maxSeats: 20, termMonths: [12] }));
      assert.equal(given.grantedById, orgs.distributor);
      passedOn = Number(given.id);
      assert.deepEqual((await heldFrame(orgs['reseller-b'], groups.Security))?.frame,
        { demoDays: [30], minSeats: 1, maxSeats: 20, termMonths: [12], articleKinds: ['full', 'subscription'] });
    });

    it('reseller B acts inside the passed-on frame; the chain bounds it as it changes', async () => {
      const b = agents.resellerB;
      const full = { organizationId: orgs['customer-b2'], articleId: articles['SEC-FULL'] };
      const monthly = { customerId: orgs['customer-b2'], articleId: articles['SEC-SUB-M'], quantity: 1, startDate: today(), autoRenew: true };
      const B = 'for Security at Reseller B Ltd';
      assert.deepEqual(await codes(b), ['OFF-DEMO', 'OFF-NFR', 'OFF-SUB-M', 'OFF-SUB-Y', 'SEC-FULL', 'SEC-SUB-M']);
      await unchanged(async () => {
        refused(await create(b, 'licenses', { ...full, seats: 21 }), 422, 'seats', `seats must be between 1 and 20 ${B}`);
        refused(await create(b, 'subscriptions', { ...monthly, termMonths: 1 }), 422, 'termMonths', `termMonths must be one of 12 ${B}`);
      });
      created(await create(b, 'licenses', { ...full, seats: 20 }));
      created(await create(b, 'subscriptions', { ...monthly, termMonths: 12 }));

      // The distributor narrows what it passed on (inside what it holds); the vendor narrows the distributor.
      await unchanged(async () => {
        refused(await edit(agents.distributor, 'product_group_grants', passedOn, { maxSeats: 21 }), 422, 'maxSeats', 'Plätze höchstens für Security bei Demo Distribution AG: nur 1 bis 20 erlaubt');
        // Neither its own grant nor the vendor's grant to reseller A (below it, but not given by it).
        const own = await edit(agents.distributor, 'product_group_grants', distributorGrant, { maxSeats: 100 });
        assert.equal(own.status, 403, JSON.stringify(own.body));
        const vendors = (await ProductGroupGrant.findOne({ where: { organizationId: orgs['reseller-a'], productGroupId: groups['Office Suite'] } }))!;
        const toA = await edit(agents.distributor, 'product_group_grants', vendors.id, { maxSeats: 10 });
        assert.equal(toA.status, 403, JSON.stringify(toA.body));
        assert.equal((await agents.distributor.post(`${API}/product_group_grants/records/${vendors.id}/delete`)).status, 403);
      });
      assert.equal((await edit(agents.distributor, 'product_group_grants', passedOn, { maxSeats: 15 })).status, 200);
      assert.equal((await edit(agents.vendor, 'product_group_grants', distributorGrant, { maxSeats: 5 })).status, 200);
      await unchanged(async () => {
        refused(await create(b, 'licenses', { ...full, seats: 6 }), 422, 'seats', `seats must be between 1 and 5 ${B}`);
      });
      created(await create(b, 'licenses', { ...full, seats: 5 }));

      // The vendor withdraws the distributor's grant: what it passed on holds nothing any more.
      const withdrawn = (await ProductGroupGrant.findByPk(distributorGrant))!.toJSON();
      assert.equal((await agents.vendor.post(`${API}/product_group_grants/records/${distributorGrant}/delete`)).status, 200);
      await unchanged(async () => {
        refused(await create(b, 'licenses', { ...full, seats: 1 }), 422, 'articleId', /^Endpoint Security perpetual is in no product group your organization holds\.$/);
      });
      await ProductGroupGrant.create(withdrawn);

      // Withdrawn by the distributor: reseller B no longer holds Security.
      assert.equal((await agents.distributor.post(`${API}/product_group_grants/records/${passedOn}/delete`)).status, 200);
      assert.deepEqual(await codes(b), ['OFF-DEMO', 'OFF-NFR', 'OFF-SUB-M', 'OFF-SUB-Y']);
      await unchanged(async () => {
        refused(await create(b, 'licenses', { ...full, seats: 1 }), 422, 'articleId', /Choose a record you can see/);
      });
    });
  });

  describe('customer organizations', () => {
    it('carry no billing address of their own; a channel organization does', async () => {
      await unchanged(async () => {
        refused(await edit(agents.resellerA, 'organizations', orgs['customer-a1'], { billingEmail: 'billing@musterfirma.test' }), 422, 'billingEmail', /Kundenorganisation/);
        refused(await edit(agents.vendor, 'organizations', orgs['customer-a1'], { billingEmail: 'billing@musterfirma.test', city: 'Hamburg' }), 422, 'billingEmail', /Kundenorganisation/);
        refused(await create(agents.vendor, 'organizations', { name: 'Billed Customer', views: ['customer'], parentId: orgs['reseller-a'], billingEmail: 'x@billed.test' }), 422, 'billingEmail');
        refused(await create(agents.resellerA, 'organizations', { name: 'Billed Customer', views: ['customer'], parentId: orgs['reseller-a'], billingEmail: 'x@billed.test' }), 403, 'billingEmail');
        const imported = await agents.vendor.post(`${API}/organizations/actions/import`).field('document', JSON.stringify({
          organizations: [{ ref: 'billed-customer', name: 'Billed', views: ['customer'], parent: 'reseller-a', customerNumber: 'C-BILLED', billingEmail: 'x@billed.test' }],
        }));
        assert.equal(imported.body.notice.type, 'error', JSON.stringify(imported.body));
        assert.ok((imported.body.errors as string[]).some((error) => /^organizations\[0\]\.billingEmail: is not recorded for a customer organization/.test(error)), JSON.stringify(imported.body.errors));
      });
      assert.equal((await edit(agents.vendor, 'organizations', orgs['reseller-b'], { billingEmail: 'accounts@reseller-b.demo.test' })).status, 200);
      // Other edits of a customer are not held up by the rule.
      assert.equal((await edit(agents.resellerA, 'organizations', orgs['customer-a1'], { city: 'Potsdam' })).status, 200);
    });

    it('a reseller creating a customer is its admin through the tree: the creating user gets no membership of its own', async () => {
      const made = created(await create(agents.resellerA, 'organizations', { name: 'Neukunde GmbH', views: ['customer'], parentId: orgs['reseller-a'] }));
      const id = Number(made.id);
      assert.equal(await Membership.count({ where: { organizationId: id } }), 0);
      for (const email of ['reseller-a@demo.test', 'reseller-a-member@frames.test']) {
        const agent = await login(portal.panel.app, email);
        const choices = (await agent.get('/admin/context')).body.available as Array<{ organizationId: number; view: string; role: string; inherited: boolean }>;
        const choice = choices.find((c) => c.organizationId === id);
        assert.ok(choice, `${email} reaches the new customer`);
        assert.deepEqual([choice.view, choice.inherited], ['customer', true]);
        assert.equal(choice.role, email.startsWith('reseller-a@') ? 'admin' : 'member');
      }
      // As its admin, reseller A manages the new customer's people; it holds no customer view there (no key operations).
      const inside = await login(portal.panel.app, 'reseller-a@demo.test');
      await switchContext(inside, id, 'customer');
      const account = await inside.post(`${API}/users/actions/new`).send({ email: 'it@neukunde.test', name: 'IT', password: 'neukunde-pass-1', organizationId: id, role: 'admin' });
      assert.equal(account.status, 200, JSON.stringify(account.body));
      const issued = created(await create(agents.resellerA, 'licenses', { organizationId: id, articleId: articles['OFF-DEMO'], seats: 1, demoDays: 14 }));
      assert.equal((await inside.post(`${API}/licenses/records/${issued.id}/activate`).send({ device: 'PC' })).status, 403);
    });
  });
});
