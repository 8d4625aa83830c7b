/**
 * Requests on a license through the HTTP API: a non-binding service offer (feature matrix: every
 * view but the partner), mailed to vendor sales on a real SMTP server in the vendor's language,
 * listed for vendor staff and answered there; a support request going to the nearest organization
 * above with a support contact (else the vendor), its thread seen by both sides and by nobody else.
 * Every refusal answers its status and leaves the database as it was.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { startSmtp, type TestSmtp } from './support/smtp.ts';
import { databaseRows } from './support/db-scan.ts';
import { AuditEvent, License, Membership, OfferRequest, Organization, SupportMessage, User } from '../models/index.ts';
import { loadConfig } from '../models/config.ts';
import { hashPassword } from '../models/passwords.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';
import { approveRequest, dpoCaller, executeNow, fileRequest } from '../services/erasure/requests.ts';

type Answer = { status: number; body: { error?: string; fields?: Record<string, string>; notice?: { type: string; message: string }; record?: { params: Record<string, unknown> }; records?: Array<{ id: string | number; params: Record<string, unknown> }> } };

describe('offer and support requests on licenses', () => {
  let smtp: TestSmtp;
  let portal: TestPanel;
  const orgs: Record<string, number> = {};
  const agents: Record<string, Agent> = {};
  let a1License: number;
  let b1License: number;
  let partnerLicense: number;

  const licenseUrl = (id: number, action: string) => `/admin/api/resources/licenses/records/${id}/${action}`;
  const recordUrl = (resource: string, id: number, action: string) => `/admin/api/resources/${resource}/records/${id}/${action}`;
  const listOf = async (agent: Agent, resource: string) => {
    const response = await agent.get(`/admin/api/resources/${resource}/actions/list?perPage=500`);
    return response.status === 200 ? (response.body.records as Array<{ id: string | number; params: Record<string, unknown> }>).map((r) => Number(r.id)).sort((x, y) => x - y) : response.status;
  };
  /** Runs `request`, expects `status` and every table (sessions aside) as it was. */
  const refused = async (status: number, request: () => Promise<Answer>, pattern?: RegExp) => {
    const before = await databaseRows(portal.sequelize, ['sessions', 'login_failures']);
    const mails = smtp.messages.length;
    const response = await request();
    assert.equal(response.status, status, JSON.stringify(response.body));
    if (pattern) assert.match(response.body.error ?? '', pattern);
    assert.deepEqual(await databaseRows(portal.sequelize, ['sessions', 'login_failures']), before, 'a refusal changes nothing');
    assert.equal(smtp.messages.length, mails, 'a refusal mails nothing');
    return response;
  };

  before(async () => {
    smtp = await startSmtp();
    portal = await startTestPanel({ smtpUrl: smtp.url, publicUrl: 'http://portal.example.test' });
    for (const o of await Organization.findAll()) orgs[o.ref ?? String(o.id)] = o.id;
    // SALES_EMAIL is not set: the vendor organization's contact e-mail is the sales address.
    await Organization.update({ contactEmail: 'sales@vendor.demo.test' }, { where: { id: orgs.vendor } });
    orgs.partner = (await Organization.create({ ref: 'req-partner', name: 'Requests Partner', views: ['partner'], parentId: orgs.vendor })).id;
    orgs['partner-customer'] = (await Organization.create({ ref: 'req-partner-customer', name: 'Partner Customer', views: ['customer'], parentId: orgs.partner })).id;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const [key, org, role] of [['a1-member', 'customer-a1', 'member'], ['b1-member', 'customer-b1', 'member'], ['partner', 'partner', 'admin'], ['reseller-a-guest', 'reseller-a', 'guest']] as const) {
      const user = await User.create({ email: `${key}@requests.test`, name: key, passwordHash });
      await Membership.create({ userId: user.id, organizationId: orgs[org], role });
    }
    a1License = (await License.findOne({ where: { licenseKey: 'LIC-A1-SUB' } }))!.id;
    b1License = (await License.findOne({ where: { licenseKey: 'LIC-B1-SUB' } }))!.id;
    partnerLicense = (await License.create({ licenseKey: 'LIC-REQ-PARTNER', organizationId: orgs['partner-customer'], articleId: (await License.findByPk(a1License))!.articleId, kind: 'full', seats: 1, status: 'inactive' })).id;
    for (const [key, email] of [['vendor', 'vendor@demo.test'], ['dpo', 'dpo@demo.test'], ['distributor', 'distributor@demo.test'], ['resellerA', 'reseller-a@demo.test'],
      ['resellerB', 'reseller-b@demo.test'], ['customerAdmin', 'customer-admin@demo.test'], ['guest', 'customer-guest@demo.test'], ['member', 'a1-member@requests.test'],
      ['b1Member', 'b1-member@requests.test'], ['partner', 'partner@requests.test'], ['resellerAGuest', 'reseller-a-guest@requests.test']] as const) {
      agents[key] = await login(portal.panel.app, email);
    }
  });
  after(async () => {
    await portal.close();
    await smtp.stop();
  });

  it('SALES_EMAIL names the sales address; without it the vendor organization\'s contact e-mail is used', () => {
    assert.equal(loadConfig({ SALES_EMAIL: 'offers@vendor.example' }).salesEmail, 'offers@vendor.example');
    assert.equal(loadConfig({}).salesEmail, null);
  });

  describe('requestOffer', () => {
    it('is refused where the feature matrix does not give it, out of reach, and without a message, changing nothing', async () => {
      const ask = (agent: Agent, id = a1License, message: unknown = 'Please quote 10 more seats.') => agent.post(licenseUrl(id, 'requestOffer')).send({ message });
      await refused(403, () => ask(agents.guest));
      await refused(403, () => ask(agents.resellerAGuest));
      await refused(403, () => ask(agents.vendor));
      await refused(403, () => ask(agents.dpo));
      // A partner (Enginsight) sees its linked customers' keys but requests no offers.
      await refused(403, () => ask(agents.partner, partnerLicense));
      await refused(404, () => ask(agents.resellerB));
      await refused(404, () => ask(agents.b1Member));
      await refused(422, () => ask(agents.customerAdmin, a1License, '   '), /Nachricht/);
      await refused(422, () => ask(agents.customerAdmin, a1License, 'x'.repeat(2001)), /Nachricht/);
      await refused(422, () => ask(agents.customerAdmin, a1License, { text: 'an object' }), /Nachricht/);
      // A reseller switched into its customer's context does not hold the customer's view there.
      const inContext = await login(portal.panel.app, 'reseller-a@demo.test');
      await switchContext(inContext, orgs['customer-a1'], 'customer');
      await refused(403, () => ask(inContext));
      // Neither SALES_EMAIL nor a vendor contact e-mail: nowhere to send it, nothing saved.
      await Organization.update({ contactEmail: null }, { where: { id: orgs.vendor } });
      try {
        await refused(409, () => ask(agents.customerAdmin), /keine Vertriebsadresse/);
      } finally {
        await Organization.update({ contactEmail: 'sales@vendor.demo.test' }, { where: { id: orgs.vendor } });
      }
      assert.equal(await OfferRequest.count(), 0);
    });

    it('a mail that cannot be delivered saves nothing', async () => {
      smtp.failNext(1);
      await refused(422, () => agents.customerAdmin.post(licenseUrl(a1License, 'requestOffer')).send({ message: 'Relay in trouble' }), /konnte nicht an den Vertrieb gesendet werden/);
    });

    it('the customer\'s request is stored, audited and mailed to sales in the vendor\'s language (German)', async () => {
      const response = await agents.member.post(licenseUrl(a1License, 'requestOffer')).send({ message: 'Bitte Angebot für Wartung 2027.' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.notice.type, 'success');
      const [mail] = await smtp.waitFor(1);
      const offer = (await OfferRequest.findOne({ order: [['id', 'DESC']] }))!;
      assert.equal(offer.organizationId, orgs['customer-a1']);
      assert.equal(offer.licenseId, a1License);
      assert.equal(offer.mailedTo, 'sales@vendor.demo.test');
      assert.equal((mail.to as { text: string }).text, 'sales@vendor.demo.test');
      assert.equal(mail.subject, `Angebotsanfrage #${offer.id}: Musterfirma KG zu LIC-A1-SUB`);
      assert.match(mail.text!, /bittet um ein unverbindliches Serviceangebot/);
      assert.match(mail.text!, /Bitte Angebot für Wartung 2027\./);
      assert.match(mail.text!, /a1-member@requests\.test/);
      assert.ok(mail.text!.includes(`http://portal.example.test/admin/resources/offer_requests/records/${offer.id}/show`));
      const audit = await AuditEvent.findOne({ where: { action: 'licenses.requestOffer' }, order: [['id', 'DESC']] });
      assert.equal(audit!.recordId, String(a1License));
      assert.equal((audit!.details as { offerRequestId: number }).offerRequestId, offer.id);
    });

    it('a reseller asks on its customer\'s key; with the vendor\'s locale English the mail is English', async () => {
      await Organization.update({ locale: 'en' }, { where: { id: orgs.vendor } });
      try {
        const response = await agents.resellerA.post(licenseUrl(a1License, 'requestOffer')).send({ message: 'Quote for 3 years of support, please.' });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        const mails = await smtp.waitFor(2);
        const offer = (await OfferRequest.findOne({ order: [['id', 'DESC']] }))!;
        assert.equal(offer.organizationId, orgs['reseller-a']);
        assert.equal(mails[1].subject, `Offer request #${offer.id}: Reseller A GmbH on LIC-A1-SUB`);
        assert.match(mails[1].text!, /asks for a non-binding service offer on license LIC-A1-SUB/);
      } finally {
        await Organization.update({ locale: 'de' }, { where: { id: orgs.vendor } });
      }
    });

    it('vendor staff list every request; the requesting organization (and those above) its own; nobody else', async () => {
      const [fromCustomer, fromReseller] = (await OfferRequest.findAll({ order: [['id', 'ASC']] })).map((o) => o.id);
      assert.deepEqual(await listOf(agents.vendor, 'offer_requests'), [fromCustomer, fromReseller]);
      assert.deepEqual(await listOf(agents.resellerA, 'offer_requests'), [fromCustomer, fromReseller]);
      assert.deepEqual(await listOf(agents.distributor, 'offer_requests'), [fromCustomer, fromReseller]);
      assert.deepEqual(await listOf(agents.customerAdmin, 'offer_requests'), [fromCustomer]);
      assert.deepEqual(await listOf(agents.resellerB, 'offer_requests'), []);
      assert.deepEqual(await listOf(agents.b1Member, 'offer_requests'), []);
      assert.equal(await listOf(agents.dpo, 'offer_requests'), 403);
      assert.equal((await agents.resellerB.get(recordUrl('offer_requests', fromCustomer, 'show'))).status, 404);
    });

    it('vendor staff answer once; the requester sees the answer; nobody else answers', async () => {
      const offer = (await OfferRequest.findOne({ order: [['id', 'ASC']] }))!;
      const answer = (agent: Agent, text: unknown) => agent.post(recordUrl('offer_requests', offer.id, 'answer')).send({ answer: text });
      await refused(403, () => answer(agents.customerAdmin, 'I answer myself'));
      await refused(403, () => answer(agents.resellerA, 'Reseller answer'));
      await refused(404, () => answer(agents.resellerB, 'Foreign answer'));
      await refused(422, () => answer(agents.vendor, ''), /Antwort/);
      const response = await answer(agents.vendor, 'Angebot: 1.200 EUR pro Jahr, gültig bis 31.12.');
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.notice.type, 'success');
      const seen = await agents.member.get(recordUrl('offer_requests', offer.id, 'show'));
      assert.equal(seen.status, 200);
      assert.equal(seen.body.record.params.answer, 'Angebot: 1.200 EUR pro Jahr, gültig bis 31.12.');
      assert.ok(seen.body.record.params.answeredAt);
      await refused(409, () => answer(agents.vendor, 'A second answer'), /bereits beantwortet/);
      const audit = await AuditEvent.findOne({ where: { action: 'offer_requests.answer' } });
      assert.equal(audit!.recordId, String(offer.id));
      assert.equal(audit!.organizationId, orgs['customer-a1']);
    });

    it('no view creates, edits or deletes an offer request through the built-in actions', async () => {
      const offer = (await OfferRequest.findOne({ where: { organizationId: orgs['customer-a1'] } }))!;
      await refused(403, () => agents.vendor.post('/admin/api/resources/offer_requests/actions/new').send({ licenseId: a1License, organizationId: orgs.vendor, message: 'forged', mailedTo: 'x@y.test' }));
      await refused(403, () => agents.vendor.post(recordUrl('offer_requests', offer.id, 'edit')).send({ answer: 'edited' }));
      await refused(403, () => agents.customerAdmin.post(recordUrl('offer_requests', offer.id, 'delete')));
    });
  });

  describe('requestSupport', () => {
    it('is refused to guests, the vendor, the partner, on keys of another organization, and out of reach, changing nothing', async () => {
      const open = (agent: Agent, id = a1License, message: unknown = 'It does not start.') => agent.post(licenseUrl(id, 'requestSupport')).send({ message });
      await refused(403, () => open(agents.guest));
      await refused(403, () => open(agents.vendor));
      await refused(403, () => open(agents.partner, partnerLicense));
      // Support is the holder's own: a reseller does not open a thread on its customer's key.
      await refused(403, () => open(agents.resellerA));
      await refused(404, () => open(agents.resellerB));
      await refused(404, () => open(agents.b1Member));
      await refused(422, () => open(agents.member, a1License, ''), /Nachricht/);
      assert.equal(await SupportMessage.count(), 0);
    });

    it('goes to the nearest organization above with a support contact; both sides see the thread and reply, nobody else', async () => {
      const opened = await agents.member.post(licenseUrl(a1License, 'requestSupport')).send({ message: 'Activation fails with error 42.' });
      assert.equal(opened.status, 200, JSON.stringify(opened.body));
      const first = (await SupportMessage.findOne({ order: [['id', 'DESC']] }))!;
      assert.equal(first.handlerOrganizationId, orgs['reseller-a'], 'reseller A carries the support contact');
      assert.equal(first.organizationId, orgs['customer-a1']);
      assert.equal(first.threadId, null);

      const reply = await agents.resellerA.post(recordUrl('support_messages', first.id, 'reply')).send({ message: 'Please send the log file.' });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const answer = (await SupportMessage.findOne({ order: [['id', 'DESC']] }))!;
      assert.equal(answer.threadId, first.id);
      assert.equal(answer.authorOrganizationId, orgs['reseller-a']);
      // The customer replies to the reply: still the same thread.
      const back = await agents.customerAdmin.post(recordUrl('support_messages', answer.id, 'reply')).send({ message: 'Attached.' });
      assert.equal(back.status, 200, JSON.stringify(back.body));
      const third = (await SupportMessage.findOne({ order: [['id', 'DESC']] }))!;
      assert.equal(third.threadId, first.id);

      const thread = [first.id, answer.id, third.id];
      for (const side of ['member', 'customerAdmin', 'guest', 'resellerA', 'vendor'] as const) {
        assert.deepEqual(await listOf(agents[side], 'support_messages'), thread, `${side} sees the thread`);
      }
      const shown = await agents.member.get(recordUrl('support_messages', answer.id, 'show'));
      assert.equal(shown.body.record.params.message, 'Please send the log file.');
      for (const outsider of ['resellerB', 'b1Member', 'partner'] as const) {
        assert.deepEqual(await listOf(agents[outsider], 'support_messages'), [], `${outsider} sees nothing`);
        assert.equal((await agents[outsider].get(recordUrl('support_messages', first.id, 'show'))).status, 404);
        await refused(404, () => agents[outsider].post(recordUrl('support_messages', first.id, 'reply')).send({ message: 'Intruding' }));
      }
      assert.equal(await listOf(agents.dpo, 'support_messages'), 403);
      // Above reseller A the distributor reads along (its tree), but is no side of the thread: not offered, not run.
      const readAlong = await agents.distributor.get(recordUrl('support_messages', first.id, 'show'));
      assert.equal(readAlong.status, 200);
      assert.ok(!readAlong.body.record.recordActions.some((a: { name: string }) => a.name === 'reply'), 'reply is not offered to the distributor');
      assert.ok((await agents.member.get(recordUrl('support_messages', first.id, 'show'))).body.record.recordActions.some((a: { name: string }) => a.name === 'reply'));
      await refused(403, () => agents.distributor.post(recordUrl('support_messages', first.id, 'reply')).send({ message: 'Distributor here' }));
      await refused(403, () => agents.guest.post(recordUrl('support_messages', first.id, 'reply')).send({ message: 'Guest here' }));
      await refused(422, () => agents.member.post(recordUrl('support_messages', first.id, 'reply')).send({ message: '\u0000' }), /Nachricht/);
      const audit = await AuditEvent.findAll({ where: { action: ['licenses.requestSupport', 'support_messages.reply'] }, order: [['id', 'ASC']] });
      assert.deepEqual(audit.map((e) => e.action), ['licenses.requestSupport', 'support_messages.reply', 'support_messages.reply']);
    });

    it('without a support contact above the holder the vendor handles it', async () => {
      const opened = await agents.b1Member.post(licenseUrl(b1License, 'requestSupport')).send({ message: 'Where is my key?' });
      assert.equal(opened.status, 200, JSON.stringify(opened.body));
      const first = (await SupportMessage.findOne({ order: [['id', 'DESC']] }))!;
      assert.equal(first.handlerOrganizationId, orgs.vendor);
      const reply = await agents.vendor.post(recordUrl('support_messages', first.id, 'reply')).send({ message: 'Sent again.' });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.deepEqual(await listOf(agents.b1Member, 'support_messages'), [first.id, first.id + 1]);
      assert.deepEqual(await listOf(agents.resellerB, 'support_messages'), [first.id, first.id + 1]);
      const aThread = await listOf(agents.resellerA, 'support_messages') as number[];
      assert.ok(!aThread.includes(first.id), 'reseller A does not see reseller B\'s customer\'s thread');
    });
  });

  it('the GDPR erasure of a person scrubs what the requests say about it', async () => {
    const offered = await agents.customerAdmin.post(licenseUrl(a1License, 'requestOffer')).send({ message: 'Call Carla Kunde, customer-admin@demo.test.' });
    assert.equal(offered.status, 200, JSON.stringify(offered.body));
    const opened = await agents.customerAdmin.post(licenseUrl(a1License, 'requestSupport')).send({ message: 'Carla Kunde here: it crashes.' });
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    const offer = (await OfferRequest.findOne({ order: [['id', 'DESC']] }))!;
    const message = (await SupportMessage.findOne({ order: [['id', 'DESC']] }))!;
    const dpo = await dpoCaller({ email: 'dpo@demo.test' });
    const request = await fileRequest(portal.sequelize, { subject: 'user:customer-admin@demo.test', reason: 'Left the company.', by: dpo });
    await approveRequest(portal.sequelize, request.id, dpo, { fourEyes: false, graceDays: 0, now: new Date() });
    await executeNow(portal.sequelize, request.id, dpo, portal.config.dataDir);
    await offer.reload();
    await message.reload();
    for (const text of [offer.message, message.message]) {
      assert.doesNotMatch(text, /Carla Kunde|customer-admin@demo\.test/);
    }
    assert.equal(offer.requestedBy, null);
    assert.equal(message.authorUserId, null);
  });
});
