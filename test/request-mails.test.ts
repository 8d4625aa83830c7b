/**
 * The other side hears of an answer by mail, on a real SMTP server: the requester when vendor sales
 * answer its offer request, the requester when the handling organization (or vendor staff) replies
 * in a support thread, the handler's support address when the holder replies — each in the
 * recipient's language. The mail goes out after the answer is saved: a mail that fails leaves the
 * answer saved and shown.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, type Agent, type TestPanel } from './support/portal.ts';
import { startSmtp, type TestSmtp } from './support/smtp.ts';
import { License, Membership, OfferRequest, Organization, SupportMessage, User } from '../models/index.ts';
import { hashPassword } from '../models/passwords.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';
import { emailIn } from '../models/domain/license-requests.ts';

const recordUrl = (resource: string, id: number, action: string) => `/admin/api/resources/${resource}/records/${id}/${action}`;
const to = (mail: { to?: unknown }) => (mail.to as { text: string }).text;

describe('mails when a request is answered', () => {
  let smtp: TestSmtp;
  let portal: TestPanel;
  const orgs: Record<string, number> = {};
  const agents: Record<string, Agent> = {};
  const licenses: Record<string, number> = {};
  /** The mails the SMTP server received while `action` ran (it answers after the mail went out). */
  const mailsOf = async (action: () => Promise<{ status: number; body: unknown }>, expected = 1) => {
    const before = smtp.messages.length;
    const response = await action();
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const all = await smtp.waitFor(before + expected);
    assert.equal(all.length, before + expected);
    return { response, mails: all.slice(before) };
  };

  before(async () => {
    smtp = await startSmtp();
    portal = await startTestPanel({ smtpUrl: smtp.url, publicUrl: 'http://portal.example.test' });
    for (const o of await Organization.findAll()) orgs[o.ref ?? String(o.id)] = o.id;
    await Organization.update({ contactEmail: 'office@vendor.demo.test' }, { where: { id: orgs.vendor } });
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const [email, org, locale] of [['anke@a1.test', 'customer-a1', 'de'], ['emma@b1.test', 'customer-b1', 'en']] as const) {
      const user = await User.create({ email, name: email, passwordHash, locale });
      await Membership.create({ userId: user.id, organizationId: orgs[org], role: 'member' });
    }
    for (const [key, email] of [['vendor', 'vendor@demo.test'], ['resellerA', 'reseller-a@demo.test'], ['a1', 'anke@a1.test'],
      ['a1Admin', 'customer-admin@demo.test'], ['b1', 'emma@b1.test']] as const) {
      agents[key] = await login(portal.panel.app, email);
    }
    for (const key of ['LIC-A1-SUB', 'LIC-B1-SUB']) licenses[key] = (await License.findOne({ where: { licenseKey: key } }))!.id;
  });
  after(async () => {
    await portal.close();
    await smtp.stop();
  });

  it('reads the e-mail address out of a free-text support contact', () => {
    assert.equal(emailIn('support@reseller-a.demo.test, +49 561 000000'), 'support@reseller-a.demo.test');
    assert.equal(emailIn('Hotline +49 561 1 (Mo–Fr) <Help@Example.TEST>'), 'help@example.test');
    assert.equal(emailIn('+49 561 1'), null);
    assert.equal(emailIn(null), null);
  });

  it('an answered offer request is mailed to the requester in its language (German, then English)', async () => {
    for (const [agent, license] of [['a1', 'LIC-A1-SUB'], ['b1', 'LIC-B1-SUB']] as const) {
      const asked = await agents[agent].post(recordUrl('licenses', licenses[license], 'requestOffer')).send({ message: 'Quote please.' });
      assert.equal(asked.status, 200, JSON.stringify(asked.body));
    }
    await smtp.waitFor(2);
    const [a1Offer, b1Offer] = await OfferRequest.findAll({ order: [['id', 'ASC']] });
    const german = await mailsOf(() => agents.vendor.post(recordUrl('offer_requests', a1Offer.id, 'answer')).send({ answer: 'Angebot: 1.200 EUR pro Jahr.' }));
    assert.equal(to(german.mails[0]), 'anke@a1.test');
    assert.equal(german.mails[0].subject, `Ihre Angebotsanfrage #${a1Offer.id} zu LIC-A1-SUB wurde beantwortet`);
    assert.match(german.mails[0].text!, /Angebot: 1\.200 EUR pro Jahr\./);
    assert.ok(german.mails[0].text!.includes(`http://portal.example.test/admin/resources/offer_requests/records/${a1Offer.id}/show`));
    assert.match((german.response.body as { notice: { message: string } }).notice.message, /An anke@a1\.test gesendet/);
    const english = await mailsOf(() => agents.vendor.post(recordUrl('offer_requests', b1Offer.id, 'answer')).send({ answer: 'Offer: 900 GBP a year.' }));
    assert.equal(to(english.mails[0]), 'emma@b1.test');
    assert.equal(english.mails[0].subject, `Your offer request #${b1Offer.id} on LIC-B1-SUB has been answered`);
    assert.match(english.mails[0].text!, /has been answered:\n\nOffer: 900 GBP a year\./);
  });

  it('a mail that fails does not undo the answer: it is saved and shown to the requester', async () => {
    const asked = await agents.a1.post(recordUrl('licenses', licenses['LIC-A1-SUB'], 'requestOffer')).send({ message: 'Another quote.' });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    const offer = (await OfferRequest.findOne({ order: [['id', 'DESC']] }))!;
    const before = (await smtp.waitFor(4)).length;
    smtp.failNext(1);
    const answered = await agents.vendor.post(recordUrl('offer_requests', offer.id, 'answer')).send({ answer: 'Relay down, answer kept.' });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.match(answered.body.notice.message, /Keine E-Mail versendet/);
    assert.equal(smtp.messages.length, before);
    const seen = await agents.a1.get(recordUrl('offer_requests', offer.id, 'show'));
    assert.equal(seen.body.record.params.answer, 'Relay down, answer kept.');
  });

  it('support replies go to the other side: the requester when the handler replies, the handler\'s support contact when the holder does', async () => {
    const opened = await agents.a1.post(recordUrl('licenses', licenses['LIC-A1-SUB'], 'requestSupport')).send({ message: 'Activation fails.' });
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    const first = (await SupportMessage.findOne({ order: [['id', 'DESC']] }))!;
    assert.equal(first.handlerOrganizationId, orgs['reseller-a']);
    const byHandler = await mailsOf(() => agents.resellerA.post(recordUrl('support_messages', first.id, 'reply')).send({ message: 'Please send the log.' }));
    assert.equal(to(byHandler.mails[0]), 'anke@a1.test', 'the person who opened the thread');
    assert.equal(byHandler.mails[0].subject, `Neue Antwort in Supportanfrage #${first.id} zu LIC-A1-SUB`);
    assert.match(byHandler.mails[0].text!, /Reseller A GmbH hat in der Supportanfrage .* geantwortet:\n\nPlease send the log\./);
    // Another member of the customer replies: reseller A hears of it at its support contact.
    const reply = (await SupportMessage.findOne({ order: [['id', 'DESC']] }))!;
    const byHolder = await mailsOf(() => agents.a1Admin.post(recordUrl('support_messages', reply.id, 'reply')).send({ message: 'Log attached.' }));
    assert.equal(to(byHolder.mails[0]), 'support@reseller-a.demo.test');
    assert.match(byHolder.mails[0].text!, /Musterfirma KG hat in der Supportanfrage/);
    // Vendor staff stepping in answer the requester too.
    const byVendor = await mailsOf(() => agents.vendor.post(recordUrl('support_messages', first.id, 'reply')).send({ message: 'Fixed in 2026.2.' }));
    assert.equal(to(byVendor.mails[0]), 'anke@a1.test');
  });

  it('a thread the vendor handles: its reply reaches the requester in English, the requester\'s reply the vendor\'s address; a failed mail keeps the reply', async () => {
    const opened = await agents.b1.post(recordUrl('licenses', licenses['LIC-B1-SUB'], 'requestSupport')).send({ message: 'Where is my key?' });
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    const first = (await SupportMessage.findOne({ order: [['id', 'DESC']] }))!;
    assert.equal(first.handlerOrganizationId, orgs.vendor, 'no support contact above customer B1');
    const byVendor = await mailsOf(() => agents.vendor.post(recordUrl('support_messages', first.id, 'reply')).send({ message: 'Sent again.' }));
    assert.equal(to(byVendor.mails[0]), 'emma@b1.test');
    assert.equal(byVendor.mails[0].subject, `New reply in support request #${first.id} on LIC-B1-SUB`);
    assert.match(byVendor.mails[0].text!, /Demo Vendor GmbH replied in support request/);
    const byHolder = await mailsOf(() => agents.b1.post(recordUrl('support_messages', first.id, 'reply')).send({ message: 'Got it, thanks.' }));
    assert.equal(to(byHolder.mails[0]), 'office@vendor.demo.test', 'the vendor has no support contact: its contact address');
    assert.match(byHolder.mails[0].subject!, /^Neue Antwort in Supportanfrage/, 'in the vendor\'s language');

    const messages = smtp.messages.length;
    smtp.failNext(1);
    const kept = await agents.b1.post(recordUrl('support_messages', first.id, 'reply')).send({ message: 'Relay down, reply kept.' });
    assert.equal(kept.status, 200, JSON.stringify(kept.body));
    assert.match(kept.body.notice.message, /No mail was sent/);
    assert.equal(smtp.messages.length, messages);
    assert.equal((await SupportMessage.findOne({ order: [['id', 'DESC']] }))!.message, 'Relay down, reply kept.');
  });
});
