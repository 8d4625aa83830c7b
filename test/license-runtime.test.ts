/**
 * A license's runtime through the HTTP API: `extendRuntime` by vendor staff (unbound by frames) and
 * by a reseller for its customers' licenses inside its frame (demo days from the frame's list,
 * months from its terms: just inside and just outside each boundary), refused for every other view
 * and role with the database unchanged, audited into the license's history; and the remaining
 * runtime and service entitlement in the license list and on the page.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { assertUnchanged } from './support/db-scan.ts';
import { Article, AuditEvent, License, Membership, Organization, ProductGroup, User } from '../models/index.ts';
import { hashPassword } from '../models/passwords.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { addDays, addMonthsClamped, type IsoDate } from '../reports/calendar.ts';

const API = '/admin/api/resources';
type Response = { status: number; body: { error?: string; fields?: Record<string, string>; notice?: { type: string; message: string }; history?: Array<{ action: string; extra: Record<string, unknown> }>; records?: Array<{ id: string; params: Record<string, unknown> }>; record?: { params: Record<string, unknown> } } };

describe('license runtime: extension and what is left (HTTP API)', () => {
  let portal: TestPanel;
  let orgs: Record<string, number>;
  let keys: Record<string, number>;
  const agents: Record<string, Agent> = {};
  let today: IsoDate;

  const extend = (agent: Agent, id: number, payload: Record<string, unknown>): Promise<Response> =>
    agent.post(`${API}/licenses/records/${id}/extendRuntime`).send(payload) as unknown as Promise<Response>;
  const expiry = async (id: number) => (await License.findByPk(id))!.expiresOn;
  /** A refusal with its status and, where given, the field named with its sentence; nothing written. */
  const refused = async (agent: Agent, id: number, payload: Record<string, unknown>, status: number, field?: string, text?: string) => {
    await assertUnchanged(portal.sequelize, async () => {
      const response = await extend(agent, id, payload);
      assert.equal(response.status, status, JSON.stringify(response.body));
      if (field) assert.equal(response.body.fields?.[field], text, JSON.stringify(response.body));
    });
  };
  const extended = async (agent: Agent, id: number, payload: Record<string, unknown>, until: IsoDate) => {
    const response = await extend(agent, id, payload);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.notice?.type, 'success', JSON.stringify(response.body.notice));
    assert.equal(await expiry(id), until);
  };

  before(async () => {
    portal = await startTestPanel();
    today = calendarDateIn(new Date(), portal.config.timezone);
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
    // The demo licenses run ten more days from the vendor's today (the seed's fixed date may lie behind it).
    await License.update({ expiresOn: addDays(today, 10) }, { where: { kind: 'demo' } });
    // An ALM article in Office Suite, which the group then carries, with a license of customer B1.
    const office = (await ProductGroup.findOne({ where: { name: 'Office Suite' } }))!;
    await office.update({ articleKinds: [...office.articleKinds, 'alm'] });
    const alm = await Article.create({ code: 'OFF-ALM', name: 'Office Suite ALM', kind: 'alm', interval: 'year', priceCents: 9900, productGroupId: office.id });
    await License.create({ licenseKey: 'LIC-B1-ALM', organizationId: orgs['customer-b1'], articleId: alm.id, kind: 'alm', seats: 1, expiresOn: '2027-03-31', serviceUntil: '2027-03-31' });
    keys = Object.fromEntries((await License.findAll()).map((l) => [l.licenseKey, l.id]));
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const [email, org, role] of [['reseller-b-member@runtime.test', 'reseller-b', 'member'], ['reseller-b-guest@runtime.test', 'reseller-b', 'guest']] as const) {
      const user = await User.create({ email, name: email, passwordHash, locale: 'en' });
      await Membership.create({ userId: user.id, organizationId: orgs[org], role });
    }
    const as = async (name: string, email: string, org: string, view: string) => {
      agents[name] = await login(portal.panel.app, email);
      await switchContext(agents[name], orgs[org], view);
    };
    await as('vendor', 'vendor@demo.test', 'vendor', 'vendor');
    await as('resellerA', 'reseller-a@demo.test', 'reseller-a', 'reseller');
    await as('serviceProviderA', 'reseller-a@demo.test', 'reseller-a', 'service_provider');
    await as('resellerB', 'reseller-b@demo.test', 'reseller-b', 'reseller');
    await as('resellerBMember', 'reseller-b-member@runtime.test', 'reseller-b', 'reseller');
    await as('resellerBGuest', 'reseller-b-guest@runtime.test', 'reseller-b', 'reseller');
    await as('distributor', 'distributor@demo.test', 'distributor', 'distributor');
    await as('customerAdmin', 'customer-admin@demo.test', 'customer-a1', 'customer');
    await as('resellerAInCustomer', 'reseller-a@demo.test', 'customer-a1', 'customer');
    agents.dpo = await login(portal.panel.app, 'dpo@demo.test');
  });
  after(() => portal.close());

  it('reseller B extends its customer\'s demo inside its frame: 14 and 30 days, not 13 or 60 (reseller A\'s 60)', async () => {
    const id = keys['LIC-B1-DEMO'];
    const allowed = 'days must be one of 14 or 30 for Office Suite at Reseller B Ltd.';
    await refused(agents.resellerB, id, { days: 60 }, 422, 'days', allowed);
    await refused(agents.resellerB, id, { days: 13 }, 422, 'days', allowed);
    await refused(agents.resellerB, id, { months: 1 }, 422, 'months', 'months: demo licenses are extended by days.');
    await refused(agents.resellerB, id, {}, 422, 'days', 'days is required to extend a demo license: one of 14 or 30 for Office Suite at Reseller B Ltd.');
    await refused(agents.resellerB, id, { days: 'thirty' }, 422, 'days', 'must be a whole number.');
    await extended(agents.resellerB, id, { days: 14 }, addDays(today, 24));
    await extended(agents.resellerBMember, id, { days: '30' }, addDays(today, 54));
    // Reseller A's frame allows 60 days, and not 61.
    await refused(agents.resellerA, keys['LIC-A1-DEMO'], { days: 61 }, 422, 'days', 'Tage für Office Suite bei Reseller A GmbH: nur 14, 30 oder 60 erlaubt.');
    await extended(agents.resellerA, keys['LIC-A1-DEMO'], { days: 60 }, addDays(today, 70));
  });

  it('months come from the frame\'s subscription terms: 1 and 36 inside, 2 and 48 outside', async () => {
    const id = keys['LIC-B1-ALM'];
    const allowed = 'months must be one of 1, 12, 24 or 36 for Office Suite at Reseller B Ltd.';
    await refused(agents.resellerB, id, { months: 2 }, 422, 'months', allowed);
    await refused(agents.resellerB, id, { months: 48 }, 422, 'months', allowed);
    await extended(agents.resellerB, id, { months: 1 }, '2027-04-30');
    await extended(agents.resellerB, id, { months: 36 }, '2030-04-30');
  });

  it('the extension is audited and shows in the license\'s history and on its page', async () => {
    const id = keys['LIC-B1-DEMO'];
    const entries = await AuditEvent.findAll({ where: { action: 'licenses.extendRuntime', recordId: String(id) }, order: [['id', 'ASC']] });
    assert.deepEqual(entries.map((e) => e.details), [
      { view: 'reseller', changes: { expiresOn: { before: addDays(today, 10), after: addDays(today, 24) } }, days: 14 },
      { view: 'reseller', changes: { expiresOn: { before: addDays(today, 24), after: addDays(today, 54) } }, days: 30 },
    ]);
    const history = await agents.customerAdmin.post(`${API}/licenses/records/${keys['LIC-A1-DEMO']}/history`).send({}) as unknown as Response;
    assert.deepEqual(history.body.history!.filter((e) => e.action === 'licenses.extendRuntime').map((e) => e.extra), [{ days: 60 }]);
    const page = await agents.resellerB.get(`${API}/licenses/records/${id}/show`) as unknown as Response;
    assert.match(String(page.body.record!.params.history), /extendRuntime \(user \d+, reseller\): expiresOn: .* → .*/);
  });

  it('vendor staff extend any license by any whole number up to the bound, frames aside', async () => {
    const id = keys['LIC-B1-DEMO'];
    await extended(agents.vendor, id, { days: 365 }, addDays(today, 54 + 365));
    await refused(agents.vendor, id, { days: 366 }, 422, 'days', 'Tage: nur 1 bis 365 erlaubt.');
    await extended(agents.vendor, keys['LIC-B1-ALM'], { months: 5 }, addMonthsClamped('2030-04-30', 5));
  });

  it('an expired demo extended is back in use, counted from today', async () => {
    const id = keys['LIC-B2-DEMO'];
    await License.update({ status: 'expired', expiresOn: addDays(today, -3) }, { where: { id } });
    await extended(agents.resellerB, id, { days: 14 }, addDays(today, 13));
    assert.equal((await License.findByPk(id))!.status, 'inactive');
  });

  it('what has no runtime to extend: 409, nothing written', async () => {
    await refused(agents.resellerB, keys['LIC-B1-SUB'], { days: 14 }, 409);
    await refused(agents.vendor, keys['LIC-B1-SUB'], { months: 1 }, 409);
  });

  it('other views and roles are refused (403), another reseller\'s customer does not exist (404); nothing written', async () => {
    const id = keys['LIC-B1-DEMO'];
    for (const name of ['resellerBGuest', 'distributor', 'customerAdmin', 'serviceProviderA', 'resellerAInCustomer', 'dpo']) {
      await refused(agents[name], name === 'resellerAInCustomer' || name === 'customerAdmin' || name === 'serviceProviderA' ? keys['LIC-A1-DEMO'] : id, { days: 14 }, 403);
    }
    await refused(agents.resellerA, id, { days: 14 }, 404);
    // A GET runs nothing.
    assert.equal((await agents.resellerB.get(`${API}/licenses/records/${id}/extendRuntime`)).status, 405);
  });

  it('the list and the page show status, days left and the service entitlement, from the vendor\'s today', async () => {
    const response = await agents.resellerA.get(`${API}/licenses/actions/list?perPage=500`) as unknown as Response;
    assert.equal(response.status, 200);
    const row = (key: string) => response.body.records!.find((r) => r.params.licenseKey === key)!.params;
    assert.equal(row('LIC-A1-DEMO').daysLeft, 70);
    assert.equal(row('LIC-A1-DEMO').status, 'inactive');
    assert.equal(row('LIC-A1-SUB').daysLeft, null);
    assert.ok('serviceUntil' in row('LIC-A1-SUB'));
    const page = await agents.vendor.get(`${API}/licenses/records/${keys['LIC-B1-ALM']}/show`) as unknown as Response;
    assert.equal(page.body.record!.params.runtime, `${page.body.record!.params.daysLeft} days left (until 2030-09-30) · service until 2027-03-31`);
  });
});
