/**
 * Tickets through the panel's HTTP API against PostgreSQL: generation (vendor staff, up to 10,000
 * codes in one call), pass down, assign and redeem, each as the views and roles that may and may
 * not use it; every refusal answers its status and leaves tickets, licenses and the audit trail as
 * they were; concurrent redemptions of one ticket make exactly one license.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { Article, AuditEvent, License, Membership, Organization, ProductGroup, Ticket, User } from '../models/index.ts';
import { hashPassword } from '../models/passwords.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { addDays } from '../reports/calendar.ts';
import { isTicketCode } from '../models/domain/ticket-code.ts';
import { insertTickets } from '../services/tickets.ts';

const API = '/admin/api/resources/tickets';
const generate = `${API}/actions/generateTickets`;
const op = (id: number, operation: string) => `${API}/records/${id}/${operation}`;

describe('tickets through the HTTP API', () => {
  let portal: TestPanel;
  const orgs: Record<string, number> = {};
  const users: Record<string, number> = {};
  let demoArticle: number;
  const agents: Record<string, Agent> = {};

  /** Tickets, licenses and the audit trail as stored: a refusal leaves all three as they were. */
  const state = async () => {
    const rows = async (table: string) => JSON.stringify(await portal.sequelize.query(`select * from ${table} order by id`, { type: QueryTypes.SELECT }));
    return { tickets: await rows('tickets'), licenses: await rows('licenses'), audit: await rows('audit_events') };
  };
  /** Runs `request`, expects `status` and a database left as it was. */
  type Answer = { status: number; body: { error?: string; fields?: Record<string, string>; notice?: { type: string; message: string }; errors?: string[] } };
  const refused = async (status: number, request: () => Promise<Answer>, pattern?: RegExp) => {
    const before = await state();
    const response = await request();
    assert.equal(response.status, status, JSON.stringify(response.body));
    if (pattern) assert.match(response.body.error ?? '', pattern);
    assert.deepEqual(await state(), before, 'a refusal changes nothing');
    return response;
  };
  /** A fresh open ticket of the demo article held by `holder` (written directly: the fixture of each case). */
  const ticket = async (holder: string, values: Record<string, unknown> = {}) => {
    const [made] = await portal.sequelize.transaction((t) => insertTickets(portal.sequelize, t, { articleId: demoArticle, organizationId: orgs[holder], count: 1, poolRef: null }));
    if (Object.keys(values).length > 0) await Ticket.update(values, { where: { id: made.id } });
    return made.id;
  };
  const stored = async (id: number) => (await Ticket.findByPk(id))!;
  const today = () => calendarDateIn(new Date(), portal.config.timezone);

  before(async () => {
    portal = await startTestPanel();
    const vendor = await Organization.findOne({ where: { ref: 'vendor' } });
    for (const o of await Organization.findAll()) orgs[o.ref ?? String(o.id)] = o.id;
    orgs.partner = (await Organization.create({ ref: 'tickets-partner', name: 'Tickets Partner', views: ['partner'], parentId: vendor!.id })).id;
    orgs['partner-customer'] = (await Organization.create({ ref: 'tickets-partner-customer', name: 'Partner Customer', views: ['customer'], parentId: orgs.partner })).id;
    orgs['partner-below-a'] = (await Organization.create({ ref: 'partner-below-a', name: 'Partner below A', views: ['partner'], parentId: orgs['reseller-a'] })).id;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const [key, org, role] of [
      ['vendor-member', 'vendor', 'member'], ['a1-member', 'customer-a1', 'member'], ['a1-member2', 'customer-a1', 'member'],
      ['reseller-a-member', 'reseller-a', 'member'], ['partner', 'partner', 'admin'],
    ] as const) {
      const user = await User.create({ email: `${key}@tickets.test`, name: key, passwordHash });
      await Membership.create({ userId: user.id, organizationId: orgs[org], role });
    }
    for (const u of await User.findAll()) users[u.email.replace(/@.*/, '')] = u.id;
    demoArticle = (await Article.findOne({ where: { code: 'OFF-DEMO' } }))!.id;
    for (const [key, email] of [['vendor', 'vendor@demo.test'], ['dpo', 'dpo@demo.test'], ['distributor', 'distributor@demo.test'], ['resellerA', 'reseller-a@demo.test'],
      ['resellerB', 'reseller-b@demo.test'], ['customerAdmin', 'customer-admin@demo.test'], ['guest', 'customer-guest@demo.test'],
      ['vendorMember', 'vendor-member@tickets.test'], ['member', 'a1-member@tickets.test'], ['member2', 'a1-member2@tickets.test'],
      ['resellerMember', 'reseller-a-member@tickets.test'], ['partner', 'partner@tickets.test']] as const) {
      agents[key] = await login(portal.panel.app, email);
    }
    await switchContext(agents.dpo, orgs.vendor, 'dpo');
    await switchContext(agents.resellerA, orgs['reseller-a'], 'reseller');
  });
  after(() => portal.close());

  describe('generateTickets', () => {
    it('vendor staff (admin and member) generate a pool: well-formed distinct codes, open, held by the organization, one audit entry', async () => {
      const response = await agents.vendorMember.post(generate).send({ articleId: demoArticle, organizationId: orgs['reseller-a'], count: 25 });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.notice.type, 'success');
      assert.match(response.body.notice.message, /25 Tickets für OFF-DEMO an Reseller A GmbH erzeugt/);
      const codes: string[] = response.body.tickets.codes;
      assert.equal(codes.length, 25);
      assert.equal(new Set(codes).size, 25);
      assert.ok(codes.every(isTicketCode));
      const rows = await Ticket.findAll({ where: { code: codes } });
      assert.equal(rows.length, 25);
      for (const row of rows) {
        assert.deepEqual([row.status, row.organizationId, row.articleId, row.assignedUserId, row.licenseId], ['open', orgs['reseller-a'], demoArticle, null, null]);
      }
      const audit = await AuditEvent.findAll({ where: { action: 'tickets.generate' } });
      assert.equal(audit.length, 1);
      assert.equal(audit[0].userId, users['vendor-member']);
      assert.equal(audit[0].organizationId, orgs['reseller-a']);
      assert.deepEqual({ ...audit[0].details, firstId: 0, lastId: 0 }, { view: 'vendor', articleId: demoArticle, organizationId: orgs['reseller-a'], count: 25, firstId: 0, lastId: 0 });
      // Form fields arrive as text.
      const form = await agents.vendor.post(generate).type('form').send({ articleId: String(demoArticle), organizationId: String(orgs['customer-a2']), count: '2' });
      assert.equal(form.status, 200, JSON.stringify(form.body));
      assert.equal(await Ticket.count({ where: { organizationId: orgs['customer-a2'], code: form.body.tickets.codes } }), 2);
    });

    it('no one else generates: channel, customers, the DPO, partners, a vendor guest (403, nothing written)', async () => {
      const body = { articleId: demoArticle, organizationId: orgs['customer-a1'], count: 3 };
      for (const who of ['distributor', 'resellerA', 'resellerMember', 'customerAdmin', 'member', 'guest', 'dpo', 'partner']) {
        await refused(403, () => agents[who].post(generate).send(body));
      }
    });

    it('refuses a count outside 1 to 10,000, a missing or unknown article or organization, and organizations without pools (422 naming the field)', async () => {
      const body = { articleId: demoArticle, organizationId: orgs['reseller-b'], count: 3 };
      for (const count of [0, 10_001, 'ten', 2.5, -3, '']) {
        const response = await refused(422, () => agents.vendor.post(generate).send({ ...body, count }));
        assert.ok(response.body.fields?.count, JSON.stringify(response.body));
      }
      for (const [field, value] of [['articleId', undefined], ['articleId', 999_999], ['articleId', 'OFF-DEMO'], ['organizationId', 999_999],
        ['organizationId', orgs.vendor], ['organizationId', orgs.partner], ['organizationId', undefined]] as const) {
        const response = await refused(422, () => agents.vendor.post(generate).send({ ...body, [field]: value }));
        assert.deepEqual(Object.keys(response.body.fields ?? {}), [field], JSON.stringify(response.body));
      }
      const none = await refused(422, () => agents.vendor.post(generate).send({}));
      assert.deepEqual(Object.keys(none.body.fields ?? {}).sort(), ['articleId', 'count', 'organizationId']);
    });

    it('10,000 codes in one call: distinct, well-formed, all stored', async () => {
      const before = await Ticket.count();
      const response = await agents.vendor.post(generate).send({ articleId: demoArticle, organizationId: orgs.distributor, count: 10_000 });
      assert.equal(response.status, 200, JSON.stringify(response.body).slice(0, 500));
      const codes: string[] = response.body.tickets.codes;
      assert.equal(codes.length, 10_000);
      assert.equal(new Set(codes).size, 10_000);
      assert.ok(codes.every(isTicketCode));
      assert.equal(await Ticket.count(), before + 10_000);
      const [{ n }] = await portal.sequelize.query<{ n: string }>(`select count(distinct code) as n from tickets where organization_id = :org`, { replacements: { org: orgs.distributor }, type: QueryTypes.SELECT });
      assert.equal(Number(n), 10_000);
      // Tidy up, so the lists of the other cases stay small.
      await Ticket.destroy({ where: { organizationId: orgs.distributor } });
    });

    it('a code drawn twice (or one already stored) is drawn again: the pool has the count asked for', async () => {
      const existing = (await stored(await ticket('reseller-b'))).code;
      const fresh = ['BBBBB-BBBBB-BBBBB-BBBBB-BBBBC', 'BBBBB-BBBBB-BBBBB-BBBBB-BBBBD'];
      const draws = [existing, fresh[0], fresh[0], existing, fresh[1]];
      const made = await portal.sequelize.transaction((t) => insertTickets(portal.sequelize, t,
        { articleId: demoArticle, organizationId: orgs['reseller-b'], count: 2, poolRef: null }, () => draws.shift()!));
      assert.deepEqual(made.map((m) => m.code).sort(), fresh);
      assert.equal(await Ticket.count({ where: { code: existing } }), 1);
    });
  });

  describe('passDown', () => {
    it('the holder passes an open ticket to an organization below it: distributor → reseller → customer; audited for the new holder', async () => {
      const id = await ticket('distributor');
      const first = await agents.distributor.post(op(id, 'passDown')).send({ organizationId: orgs['reseller-a'] });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.notice.message, 'An Reseller A GmbH weitergegeben.');
      assert.equal(first.body.record.params.organizationId, orgs['reseller-a']);
      const second = await agents.resellerMember.post(op(id, 'passDown')).type('form').send({ organizationId: String(orgs['customer-a1']) });
      assert.equal(second.status, 200, JSON.stringify(second.body));
      assert.equal((await stored(id)).organizationId, orgs['customer-a1']);
      const audit = await AuditEvent.findAll({ where: { action: 'tickets.passDown', recordId: String(id) }, order: [['id', 'ASC']] });
      assert.deepEqual(audit.map((a) => [a.organizationId, a.details.changes]), [
        [orgs['reseller-a'], { organizationId: { before: orgs.distributor, after: orgs['reseller-a'] } }],
        [orgs['customer-a1'], { organizationId: { before: orgs['reseller-a'], after: orgs['customer-a1'] } }],
      ]);
      // Two levels at once, and vendor staff for any holder.
      const deep = await ticket('distributor');
      assert.equal((await agents.distributor.post(op(deep, 'passDown')).send({ organizationId: orgs['customer-b1'] })).status, 200);
      const byVendor = await ticket('reseller-b');
      assert.equal((await agents.vendorMember.post(op(byVendor, 'passDown')).send({ organizationId: orgs['customer-b2'] })).status, 200);
      assert.equal((await stored(byVendor)).organizationId, orgs['customer-b2']);
    });

    it('refuses: no view for it (customers, guests, partners, the DPO), a ticket held below, out of reach, not below, no pools, assigned, redeemed', async () => {
      const own = await ticket('reseller-a');
      const atCustomer = await ticket('customer-a1');
      const to = (organizationId: number) => ({ organizationId });
      for (const who of ['customerAdmin', 'member', 'guest', 'dpo']) {
        await refused(403, () => agents[who].post(op(atCustomer, 'passDown')).send(to(orgs['customer-a1'])));
      }
      // A partner reads its linked customers' tickets, and does nothing with them.
      const atPartner = await ticket('partner');
      await refused(403, () => agents.partner.post(op(atPartner, 'passDown')).send(to(orgs['partner-customer'])));
      // Reseller A reads its customer's tickets but does not move them.
      await refused(403, () => agents.resellerA.post(op(atCustomer, 'passDown')).send(to(orgs['customer-a2'])), /hält eine Organisation unter Ihrer/);
      // Reseller B does not reach reseller A's ticket at all.
      await refused(404, () => agents.resellerB.post(op(own, 'passDown')).send(to(orgs['customer-b1'])));
      for (const target of [orgs['customer-b1'], orgs.distributor, orgs['reseller-a'], 999_999]) {
        const response = await refused(422, () => agents.resellerA.post(op(own, 'passDown')).send(to(target)));
        assert.ok(response.body.fields?.organizationId, JSON.stringify(response.body));
      }
      await refused(422, () => agents.resellerA.post(op(own, 'passDown')).send(to(orgs['partner-below-a'])), /hält keine Ticket-Pools/);
      await refused(422, () => agents.resellerA.post(op(own, 'passDown')).send({}), /Organisation: ist erforderlich/);
      const assigned = await ticket('reseller-a', { status: 'assigned', assignedUserId: users['reseller-a-member'] });
      await refused(409, () => agents.resellerA.post(op(assigned, 'passDown')).send(to(orgs['customer-a1'])), /nehmen Sie es zuerst zurück/);
      const license = await License.create({ licenseKey: `LIC-PD-${own}`, organizationId: orgs['reseller-a'], articleId: demoArticle, kind: 'demo' });
      const redeemed = await ticket('reseller-a', { status: 'redeemed', licenseId: license.id });
      await refused(409, () => agents.resellerA.post(op(redeemed, 'passDown')).send(to(orgs['customer-a1'])), /eingelöst; es kann nicht mehr weitergegeben werden/);
    });
  });

  describe('assign', () => {
    it('a member assigns an open ticket of its organization to a member; the assignee hands it on; an admin reassigns and takes it back', async () => {
      const id = await ticket('customer-a1');
      const assigned = await agents.member.post(op(id, 'assign')).send({ userId: users['a1-member'] });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      assert.deepEqual([assigned.body.record.params.status, assigned.body.record.params.assignedUserId], ['assigned', users['a1-member']]);
      // The assignee gives it to a colleague; the colleague may not give it away again… but an admin may.
      assert.equal((await agents.member.post(op(id, 'assign')).type('form').send({ userId: String(users['a1-member2']) })).status, 200);
      await refused(403, () => agents.member.post(op(id, 'assign')).send({ userId: users['a1-member'] }), /nur ein Administrator weist es neu zu/);
      assert.equal((await agents.customerAdmin.post(op(id, 'assign')).send({ userId: users['customer-admin'] })).status, 200);
      assert.equal((await stored(id)).assignedUserId, users['customer-admin']);
      const back = await agents.customerAdmin.post(op(id, 'assign')).send({ userId: '' });
      assert.equal(back.status, 200, JSON.stringify(back.body));
      assert.equal(back.body.notice.message, 'Zurückgenommen: das Ticket ist wieder offen in seinem Pool.');
      assert.deepEqual([(await stored(id)).status, (await stored(id)).assignedUserId], ['open', null]);
      const audit = await AuditEvent.findAll({ where: { action: 'tickets.assign', recordId: String(id) }, order: [['id', 'ASC']] });
      assert.equal(audit.length, 4);
      assert.deepEqual(audit[0].details.changes, { assignedUserId: { before: null, after: users['a1-member'] }, status: { before: 'open', after: 'assigned' } });
      // A channel organization assigns in its own pool, and in its customer's context for the customer.
      const resellerTicket = await ticket('reseller-a');
      assert.equal((await agents.resellerA.post(op(resellerTicket, 'assign')).send({ userId: users['reseller-a-member'] })).status, 200);
      const inContext = await login(portal.panel.app, 'reseller-a@demo.test');
      await switchContext(inContext, orgs['customer-a1'], 'customer');
      assert.equal((await inContext.post(op(id, 'assign')).send({ userId: users['a1-member'] })).status, 200);
    });

    it('refuses: guests, partners and the DPO (403), another organization\'s ticket, users outside the holder or guests (422), redeemed (409)', async () => {
      const id = await ticket('customer-a1');
      for (const who of ['guest', 'dpo']) await refused(403, () => agents[who].post(op(id, 'assign')).send({ userId: users['a1-member'] }));
      const atPartnerCustomer = await ticket('partner-customer');
      await refused(403, () => agents.partner.post(op(atPartnerCustomer, 'assign')).send({ userId: users.partner }));
      await refused(403, () => agents.resellerA.post(op(id, 'assign')).send({ userId: users['a1-member'] }), /hält eine Organisation unter Ihrer/);
      await refused(404, () => agents.resellerB.post(op(id, 'assign')).send({ userId: users['a1-member'] }));
      for (const userId of [users['customer-guest'], users['reseller-a'], users['reseller-b'], 999_999]) {
        const response = await refused(422, () => agents.customerAdmin.post(op(id, 'assign')).send({ userId }));
        assert.ok(response.body.fields?.userId, JSON.stringify(response.body));
      }
      await refused(422, () => agents.customerAdmin.post(op(id, 'assign')).send({}), /Benutzer: ist erforderlich/);
      await refused(422, () => agents.customerAdmin.post(op(id, 'assign')).send({ userId: 'someone' }));
      await refused(409, () => agents.customerAdmin.post(op(id, 'assign')).send({ userId: '' }), /niemandem zugewiesen/);
      const license = await License.create({ licenseKey: `LIC-AS-${id}`, organizationId: orgs['customer-a1'], articleId: demoArticle, kind: 'demo' });
      const redeemed = await ticket('customer-a1', { status: 'redeemed', licenseId: license.id });
      await refused(409, () => agents.customerAdmin.post(op(redeemed, 'assign')).send({ userId: users['a1-member'] }));
    });

    it('a deleted assignee puts the ticket back into its pool', async () => {
      const user = await User.create({ email: 'leaving@tickets.test', name: 'Leaving' });
      await Membership.create({ userId: user.id, organizationId: orgs['customer-a1'], role: 'member' });
      const id = await ticket('customer-a1');
      assert.equal((await agents.customerAdmin.post(op(id, 'assign')).send({ userId: user.id })).status, 200);
      await Membership.destroy({ where: { userId: user.id } });
      await user.destroy();
      assert.deepEqual([(await stored(id)).status, (await stored(id)).assignedUserId], ['open', null]);
    });
  });

  describe('redeem', () => {
    it('the assignee redeems into a license of its organization: kind from the article, seats and demo days from the frame, a new key; audited', async () => {
      const id = await ticket('customer-a1', { status: 'assigned', assignedUserId: users['a1-member'] });
      const response = await agents.member.post(op(id, 'redeem')).send({});
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const row = await stored(id);
      assert.equal(row.status, 'redeemed');
      assert.ok(row.redeemedAt instanceof Date);
      assert.equal(response.body.record.params.licenseId, row.licenseId);
      const license = (await License.findByPk(row.licenseId!))!;
      // Office Suite: seats 1–500, demo days 14, 30, 60: the shortest, today its first day.
      assert.deepEqual([license.organizationId, license.articleId, license.kind, license.seats, license.status, license.expiresOn, license.device],
        [orgs['customer-a1'], demoArticle, 'demo', 1, 'inactive', addDays(today(), 13), null]);
      assert.match(license.licenseKey, /^LIC-[BCDFGHJKMPQRTVWXY2346789]{5}(-[BCDFGHJKMPQRTVWXY2346789]{5}){4}$/);
      assert.equal(response.body.notice.message, `Eingelöst: Lizenz ${license.licenseKey} (#${license.id}).`);
      const audit = await AuditEvent.findAll({ where: { userId: users['a1-member'], action: ['licenses.create', 'tickets.redeem'] }, order: [['id', 'ASC']] });
      assert.deepEqual(audit.map((a) => [a.action, a.organizationId, a.recordId]), [
        ['licenses.create', orgs['customer-a1'], String(license.id)], ['tickets.redeem', orgs['customer-a1'], String(id)],
      ]);
      assert.deepEqual(audit[1].details.changes, { status: { before: 'assigned', after: 'redeemed' }, licenseId: { before: null, after: license.id } });
      // Once only.
      await refused(409, () => agents.member.post(op(id, 'redeem')).send({}), /wurde in Lizenz #\d+ eingelöst/);
      await refused(409, () => agents.customerAdmin.post(op(id, 'redeem')).send({}));
    });

    it('an admin redeems any ticket of its pool, a member open ones and its own; a reseller its own pool for itself', async () => {
      const other = await ticket('customer-a1', { status: 'assigned', assignedUserId: users['a1-member'] });
      await refused(403, () => agents.member2.post(op(other, 'redeem')).send({}), /einem anderen Benutzer zugewiesen/);
      assert.equal((await agents.customerAdmin.post(op(other, 'redeem')).send({})).status, 200);
      const open = await ticket('customer-a1');
      assert.equal((await agents.member2.post(op(open, 'redeem')).send({})).status, 200);
      const resellers = await ticket('reseller-a');
      assert.equal((await agents.resellerMember.post(op(resellers, 'redeem')).send({})).status, 200);
      assert.equal((await License.findByPk((await stored(resellers)).licenseId!))!.organizationId, orgs['reseller-a']);
    });

    it('refuses: guests, vendor staff, the DPO, partners, the reseller above and a channel user in the customer\'s context (403); other tenants (404)', async () => {
      const id = await ticket('customer-a1');
      for (const who of ['guest', 'vendor', 'vendorMember', 'dpo']) await refused(403, () => agents[who].post(op(id, 'redeem')).send({}));
      const atPartner = await ticket('partner');
      await refused(403, () => agents.partner.post(op(atPartner, 'redeem')).send({}));
      await refused(403, () => agents.resellerA.post(op(id, 'redeem')).send({}), /hält eine Organisation unter Ihrer/);
      const inContext = await login(portal.panel.app, 'reseller-a@demo.test');
      await switchContext(inContext, orgs['customer-a1'], 'customer');
      await refused(403, () => inContext.post(op(id, 'redeem')).send({}), /hat ihre Sicht nicht/);
      await refused(404, () => agents.resellerB.post(op(id, 'redeem')).send({}));
      assert.equal((await stored(id)).status, 'open');
    });

    it('the license follows the frame: seats at its minimum; a demo without allowed days is refused (409)', async () => {
      const group = await ProductGroup.create({ name: 'Tickets frame', minSeats: 5, maxSeats: 50, demoDays: [] });
      const full = await Article.create({ code: 'TCK-FULL', name: 'Framed full', kind: 'full', priceCents: 100, productGroupId: group.id });
      const demo = await Article.create({ code: 'TCK-DEMO', name: 'Frameless demo', kind: 'demo', priceCents: 0, productGroupId: group.id });
      const fullTicket = await ticket('customer-a1', { articleId: full.id });
      assert.equal((await agents.customerAdmin.post(op(fullTicket, 'redeem')).send({})).status, 200);
      const license = (await License.findByPk((await stored(fullTicket)).licenseId!))!;
      assert.deepEqual([license.kind, license.seats, license.expiresOn], ['full', 5, null]);
      const demoTicket = await ticket('customer-a1', { articleId: demo.id });
      await refused(409, () => agents.customerAdmin.post(op(demoTicket, 'redeem')).send({}), /erlaubt keine Testdauer/);
    });

    it('10 concurrent redemptions of one ticket: exactly one license, nine 409', async () => {
      const id = await ticket('customer-a1');
      const licenses = await License.count();
      const responses = await Promise.all(Array.from({ length: 10 }, () => agents.customerAdmin.post(op(id, 'redeem')).send({})));
      const statuses = responses.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409, 409, 409, 409, 409], JSON.stringify(responses.map((r) => r.body.error ?? r.status)));
      assert.equal(await License.count(), licenses + 1);
      const row = await stored(id);
      assert.equal(row.status, 'redeemed');
      assert.equal(await License.count({ where: { id: row.licenseId! } }), 1);
      assert.equal(await AuditEvent.count({ where: { action: 'tickets.redeem', recordId: String(id) } }), 1);
    });
  });

  describe('ERP import of ticket pools', () => {
    const IMPORT = '/admin/api/resources/organizations/actions/import';
    const importing = (doc: unknown) => agents.vendor.post(IMPORT).send({ document: JSON.stringify(doc) });
    const pool = (count: number, extra: Record<string, unknown> = {}) => ({ pool: 'PO-4711', article: 'OFF-DEMO', holder: 'reseller-b', count, ...extra });
    const single = { code: 'bcdfg hjkmp qrtvw xy234 6789b', article: 'OFF-DEMO', holder: 'customer-b1' };

    it('creates a pool with drawn codes and a ticket by its code; the same document again creates nothing; a larger count tops the pool up', async () => {
      const first = await importing({ tickets: [pool(40), single] });
      assert.equal(first.status, 200);
      assert.equal(first.body.notice.type, 'success', JSON.stringify(first.body));
      assert.deepEqual(first.body.counts.tickets, { created: 41, updated: 0 });
      assert.match(first.body.notice.message, /tickets: 41 angelegt, 0 geändert/);
      const pooled = await Ticket.findAll({ where: { poolRef: 'PO-4711' } });
      assert.equal(pooled.length, 40);
      assert.ok(pooled.every((t) => isTicketCode(t.code) && t.status === 'open' && t.organizationId === orgs['reseller-b'] && t.articleId === demoArticle));
      const byCode = await Ticket.findOne({ where: { code: 'BCDFG-HJKMP-QRTVW-XY234-6789B' } });
      assert.deepEqual([byCode?.organizationId, byCode?.status, byCode?.poolRef], [orgs['customer-b1'], 'open', null]);

      // Tickets passed down since stay where they are: the holder's subtree still holds them.
      assert.equal((await agents.resellerB.post(op(pooled[0].id, 'passDown')).send({ organizationId: orgs['customer-b2'] })).status, 200);
      const again = await importing({ tickets: [pool(40), single] });
      assert.deepEqual(again.body.counts.tickets, { created: 0, updated: 41 }, JSON.stringify(again.body));
      assert.equal(await Ticket.count({ where: { poolRef: 'PO-4711' } }), 40);
      assert.equal((await stored(pooled[0].id)).organizationId, orgs['customer-b2']);

      const more = await importing({ tickets: [pool(50)] });
      assert.deepEqual(more.body.counts.tickets, { created: 10, updated: 40 });
      assert.equal(await Ticket.count({ where: { poolRef: 'PO-4711', organizationId: orgs['reseller-b'] } }), 49);
    });

    it('the customer holding a pool does not receive the ERP\'s pool reference; its reseller does', async () => {
      const response = await importing({ tickets: [pool(2, { pool: 'PO-A1', holder: 'customer-a1' })] });
      assert.deepEqual(response.body.counts.tickets, { created: 2, updated: 0 }, JSON.stringify(response.body));
      const [first] = await Ticket.findAll({ where: { poolRef: 'PO-A1' } });
      const asCustomer = await agents.customerAdmin.get(op(first.id, 'show'));
      assert.equal(asCustomer.status, 200);
      assert.equal(asCustomer.body.record.params.code, first.code);
      assert.doesNotMatch(JSON.stringify(asCustomer.body), /PO-A1|poolRef/);
      assert.doesNotMatch(JSON.stringify((await agents.customerAdmin.get(`${API}/actions/list?perPage=500`)).body), /PO-A1/);
      assert.equal((await agents.resellerA.get(op(first.id, 'show'))).body.record.params.poolRef, 'PO-A1');
    });

    it('refuses what would withdraw, move or re-label tickets, and then imports nothing at all', async () => {
      const newOrg = { ref: 'erp-tickets-customer', name: 'Must not appear', views: ['customer'], parent: 'reseller-b', customerNumber: 'ERP-T-1' };
      const organizations = await Organization.count();
      for (const [doc, error] of [
        [pool(30), /pool "PO-4711" holds 50 tickets already; an import does not withdraw tickets/],
        [pool(50, { article: 'OFF-NFR' }), /holds tickets of another article/],
        [pool(50, { holder: 'reseller-a' }), /is held outside "reseller-a" and the organizations below it; an import does not move tickets/],
        [{ ...single, holder: 'customer-b2' }, /ticket BCDFG-HJKMP-QRTVW-XY234-6789B is held outside "customer-b2"/],
        [{ ...single, holder: 'partner-below-a' }, /holds no ticket pools/],
        [pool(5, { pool: 'PO-NEW', holder: 'vendor' }), /"vendor" holds no ticket pools/],
      ] as const) {
        const response = await refused(422, () => importing({ organizations: [newOrg], tickets: [doc] }));
        assert.equal(response.body.notice?.type, 'error');
        assert.ok((response.body.errors ?? []).some((e) => error.test(e)), JSON.stringify(response.body));
      }
      assert.equal(await Organization.count(), organizations);
      // Only vendor staff import.
      await refused(403, () => agents.resellerB.post(IMPORT).send({ document: JSON.stringify({ tickets: [pool(60)] }) }));
    });
  });

  it('new and edit are no way to make or change a ticket (403, nothing written)', async () => {
    const id = await ticket('customer-a1');
    const body = { code: 'BBBBB-CCCCC-DDDDD-FFFFF-GGGGG', articleId: demoArticle, organizationId: orgs['customer-a1'] };
    for (const who of ['vendor', 'resellerA', 'customerAdmin', 'member']) {
      await refused(403, () => agents[who].post(`${API}/actions/new`).send(body));
      await refused(403, () => agents[who].post(op(id, 'edit')).send({ status: 'redeemed' }));
      await refused(403, () => agents[who].post(op(id, 'edit')).send({ assignedUserId: users['a1-member'] }));
    }
  });
});
