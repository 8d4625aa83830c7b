// The erasure of a customer organization end to end, through the real CLI, against a real
// PostgreSQL: a subject whose name, e-mails and address carry one unique marker is put into every
// place personal data lives, erased, and the whole database and data folder are searched for it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { startTestPanel, login, type TestPanel } from './support/portal.ts';
import { cli, databaseText, filesContaining, markerRows } from './support/db-scan.ts';
import type { Panel } from '../admin/panel.ts';
import {
  Article, CustomPropertyDefinition, CustomPropertyValue, ErasureCertificate, ErasureRequest, Invitation, License,
  OfferRequest, Organization, Subscription, SupportMessage, User, WebhookDelivery, WebhookEndpoint,
} from '../models/index.ts';
import { hashPassword } from '../models/passwords.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';
import { recordAudit } from '../models/audit.ts';
import { importDocument } from '../services/erp-import.ts';
import { systemActor } from '../services/system-actor.ts';
import { createMailer } from '../services/mailer.ts';
import { runStatementPeriod } from '../services/statements/run-period.ts';
import { executeNow, dpoCaller } from '../services/erasure/requests.ts';
import { installationSalt } from '../services/erasure/execute.ts';
import { ERASED_TEXT, subjectHash } from '../models/domain/erasure-plan.ts';
import { renderCertificatePdf } from '../reports/erasure-certificate-pdf.ts';

const MARKER = `zqx${randomBytes(5).toString('hex')}`;
const ORG_NAME = `${MARKER}-name GmbH`;
const ORG_EMAIL = `${MARKER}-office@subject.test`;
const STREET = `${MARKER}-street 5`;
const PERSON = `${MARKER}-person`;
const USER_EMAIL = `${MARKER}-user@subject.test`;
const DAY = 86_400_000;

describe('erasure of a customer organization', () => {
  let portal: TestPanel;
  let panel: Panel;
  let orgId: number;
  let requestId: number;
  let statementMessageId: string;
  const q = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) =>
    portal.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const totals = () => q<{ id: number; total: string; lines: string }>(`
    select s.id, s.total_cents::text as total, (select coalesce(sum(amount_cents), 0)::text from statement_lines l where l.statement_id = s.id) as lines
    from statements s order by s.id`);
  const outbox = () => path.join(portal.dataDir, 'outbox');

  before(async () => {
    portal = await startTestPanel();
    panel = portal.panel;
    const resellerA = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!;
    // The subject arrives the way customers do: through the ERP import.
    const imported = await importDocument(portal.sequelize, await systemActor(), {
      organizations: [{
        ref: 'subject-org', name: ORG_NAME, views: ['customer'], parent: 'reseller-a', customerNumber: 'C-9001', dataPolicy: 'full',
        contactEmail: ORG_EMAIL, address: { street: STREET, zip: '34119', city: 'Kassel', country: 'DE' },
      }],
      users: [{ email: USER_EMAIL, name: PERSON, memberships: [{ org: 'subject-org', role: 'admin' }] }],
      subscriptions: [{ ref: 'SUB-SUBJECT', reseller: 'reseller-a', customer: 'subject-org', article: 'OFF-SUB-M', quantity: 3, start: '2026-09-01', termMonths: 12, autoRenew: true }],
    });
    assert.ok(imported.ok, JSON.stringify(imported));
    const org = (await Organization.findOne({ where: { ref: 'subject-org' } }))!;
    await org.update({ supportContact: `${PERSON}, +49 561 1`, logo: Buffer.from(`\x89PNG ${MARKER} logo bytes`), logoContentType: 'image/png' });
    orgId = org.id;
    const user = (await User.findOne({ where: { email: USER_EMAIL } }))!;
    await user.update({ passwordHash: await hashPassword(DEMO_PASSWORD) });
    await User.create({ email: 'dpo2@demo.test', name: 'Second DPO', passwordHash: await hashPassword(DEMO_PASSWORD), isDpo: true });

    const article = (await Article.findOne({ where: { code: 'OFF-SUB-M' } }))!;
    const license = await License.create({ licenseKey: 'LIC-SUBJECT', organizationId: org.id, articleId: article.id, kind: 'subscription', seats: 3, status: 'active', device: `Laptop of ${PERSON}` });
    await Subscription.update({ licenseId: license.id }, { where: { ref: 'SUB-SUBJECT' } });

    const definition = await CustomPropertyDefinition.create({ organizationId: resellerA.id, name: 'Contract owner', type: 'text' });
    await CustomPropertyValue.create({ definitionId: definition.id, organizationId: org.id, value: `${PERSON}, ${STREET}` });
    const reseller = (await User.findOne({ where: { email: 'reseller-a@demo.test' } }))!;
    await recordAudit({ userId: reseller.id, organizationId: org.id, action: 'organizations.note', details: { note: `Called ${PERSON} at ${ORG_EMAIL}` } });
    // A pending invitation into the organization, and one inviting its person elsewhere.
    const customerA1 = (await Organization.findOne({ where: { ref: 'customer-a1' } }))!;
    await Invitation.create({ organizationId: org.id, email: `${MARKER}-invitee@subject.test`, role: 'member', tokenHash: 'a'.repeat(64), invitedBy: user.id, expiresAt: new Date(Date.now() + 7 * DAY) });
    await Invitation.create({ organizationId: customerA1.id, email: USER_EMAIL, role: 'guest', tokenHash: 'b'.repeat(64), invitedBy: reseller.id, expiresAt: new Date(Date.now() + 7 * DAY) });
    await recordAudit({ userId: user.id, organizationId: org.id, action: 'licenses.activate', resource: 'licenses', recordId: license.id, details: { view: 'customer' } });
    // An answered offer request and a support thread with its reseller: what the subject wrote
    // (a phone number no marker finds included) and what it was answered.
    await OfferRequest.create({
      licenseId: license.id, organizationId: org.id, requestedBy: user.id, message: `${PERSON} asks for a quote; call 0561 4711`, mailedTo: 'sales@vendor.demo.test',
      answer: `Dear ${PERSON}, 100 EUR a year.`, answeredBy: reseller.id, answeredAt: new Date(),
    });
    const opened = await SupportMessage.create({
      licenseId: license.id, organizationId: org.id, handlerOrganizationId: resellerA.id, authorUserId: user.id, authorOrganizationId: org.id, message: `Crashes on ${STREET}; mobile 0170 1234`,
    });
    await SupportMessage.create({
      threadId: opened.id, licenseId: license.id, organizationId: org.id, handlerOrganizationId: resellerA.id, authorUserId: reseller.id, authorOrganizationId: resellerA.id, message: `We will call ${PERSON}.`,
    });

    // A webhook delivery to the reseller carries a copy of the subject's license.
    const endpoint = await WebhookEndpoint.create({ organizationId: resellerA.id, view: 'reseller', url: 'https://hooks.subject.test/in', events: ['license.changed'], secretSealed: 'sealed' });
    await WebhookDelivery.create({ endpointId: endpoint.id, organizationId: resellerA.id, event: 'license.changed', payload: { license: { id: license.id, device: `Laptop of ${PERSON}` } } });

    // Lines for October 2026 name the customer; its reseller's statement mail lands in the outbox.
    const { issue } = await runStatementPeriod(portal, { period: '2026-10', trigger: 'cli' });
    assert.deepEqual(issue.failed, []);
    [{ messageId: statementMessageId }] = await q<{ messageId: string }>(`select message_id as "messageId" from statements where reseller_ref = 'reseller-a'`);
    const mailer = createMailer({ outboxDir: outbox(), from: 'portal@demo.test' });
    await mailer.send({ to: USER_EMAIL, subject: 'Your invitation', text: `Hello ${PERSON}, welcome.` });
    await mailer.send({ to: 'someone-else@demo.test', subject: 'Unrelated', text: 'Nothing about the subject.' });
    mailer.close();

    await login(panel.app, USER_EMAIL);
  });
  after(() => portal.close());

  it('finds the marker everywhere before the erasure (the scan sees what it must)', async () => {
    const tables = new Set((await markerRows(portal.sequelize, MARKER)).map((h) => h.table));
    for (const table of ['organizations', 'users', 'sessions', 'audit_events', 'licenses', 'custom_property_values', 'invitations', 'statement_lines', 'offer_requests', 'support_messages', 'webhook_deliveries']) {
      assert.ok(tables.has(table), `marker in ${table}`);
    }
    assert.equal((await filesContaining(portal.dataDir, MARKER, path.join(portal.dataDir, 'pg'))).length, 1);
  });

  it('exports the subject\'s offer requests and support threads (Art. 15)', async () => {
    const dpo = await login(panel.app, 'dpo@demo.test');
    const exported = await dpo.get('/admin/erasure/export?subject=org:subject-org');
    assert.equal(exported.status, 200);
    const body = JSON.parse(exported.text);
    assert.deepEqual(body.offerRequests.map((o: { message: string; answer: string }) => [o.message, o.answer]), [[`${PERSON} asks for a quote; call 0561 4711`, `Dear ${PERSON}, 100 EUR a year.`]]);
    assert.deepEqual(body.supportMessages.map((m: { message: string }) => m.message), [`Crashes on ${STREET}; mobile 0170 1234`, `We will call ${PERSON}.`]);
    const person = JSON.parse((await dpo.get(`/admin/erasure/export?subject=user:${USER_EMAIL}`)).text);
    assert.equal(person.offerRequests.length, 1, 'the request the person made');
    assert.deepEqual(person.supportMessages.map((m: { message: string }) => m.message), [`Crashes on ${STREET}; mobile 0170 1234`], 'what the person wrote, not the reseller\'s reply');
  });

  it('refuses an unknown subject and a non-DPO caller, changing nothing', async () => {
    const before = await databaseText(portal.sequelize);
    const unknown = await cli(portal, ['erasure', 'request', '--subject', 'org:no-such-org', '--by', 'dpo@demo.test', '--reason', 'asked']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /There is no organization "no-such-org"/);
    const unknownUser = await cli(portal, ['erasure', 'request', '--subject', 'user:nobody@demo.test', '--by', 'dpo@demo.test', '--reason', 'asked']);
    assert.match(unknownUser.stderr, /There is no user "nobody@demo.test"/);
    for (const by of ['vendor@demo.test', 'reseller-a@demo.test']) {
      const notDpo = await cli(portal, ['erasure', 'request', '--subject', 'org:subject-org', '--by', by, '--reason', 'asked']);
      assert.equal(notDpo.code, 2);
      assert.match(notDpo.stderr, /is not a data-protection officer/);
    }
    assert.deepEqual(await databaseText(portal.sequelize), before);
  });

  it('files a request, refuses to execute it unapproved, and applies four eyes to the approval', async () => {
    const filed = await cli(portal, ['erasure', 'request', '--subject', 'org:subject-org', '--by', 'dpo@demo.test', '--reason', 'The customer asked by letter of 2026-11-20.']);
    assert.equal(filed.code, 0, filed.stderr);
    requestId = Number(filed.stdout.trim());
    assert.ok(Number.isSafeInteger(requestId));

    const before = await databaseText(portal.sequelize);
    await assert.rejects(executeNow(portal.sequelize, requestId, await dpoCaller({ email: 'dpo@demo.test' }), portal.dataDir), /must be approved before it is executed/);
    const run = await cli(portal, ['erasure', 'run', '--now', new Date(Date.now() + 400 * DAY).toISOString()]);
    assert.match(run.stdout, /no erasure request is due/);
    const self = await cli(portal, ['erasure', 'approve', String(requestId), '--by', 'dpo@demo.test'], { ERASURE_FOUR_EYES: 'true' });
    assert.equal(self.code, 2);
    assert.match(self.stderr, /Four-eyes rule/);
    const byVendor = await cli(portal, ['erasure', 'approve', String(requestId), '--by', 'vendor@demo.test']);
    assert.match(byVendor.stderr, /is not a data-protection officer/);
    assert.deepEqual(await databaseText(portal.sequelize), before);

    const approved = await cli(portal, ['erasure', 'approve', String(requestId), '--by', 'dpo2@demo.test'], { ERASURE_FOUR_EYES: 'true' });
    assert.equal(approved.code, 0, approved.stderr);
    const request = (await ErasureRequest.findByPk(requestId))!;
    assert.equal(request.status, 'approved');
    assert.equal(Math.round((request.dueAt!.getTime() - request.approvedAt!.getTime()) / DAY), 30);
  });

  it('executes when due: markers remain only in restricted billing lines, totals unchanged, licenses kept', async () => {
    const totalsBefore = await totals();
    const early = await cli(portal, ['erasure', 'run', '--now', new Date(Date.now() + 2 * DAY).toISOString()]);
    assert.equal(early.stdout, 'no erasure request is due\nerasure run: 0 executed, 0 failed\n');
    const run = await cli(portal, ['erasure', 'run', '--now', new Date(Date.now() + 31 * DAY).toISOString()]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`executed erasure request ${requestId}`));
    // It ends with the summary line (a pipe gets no progress line).
    assert.match(run.stdout, /\nerasure run: 1 executed, 0 failed\n$/);

    const hits = await markerRows(portal.sequelize, MARKER);
    assert.ok(hits.length > 0, 'the billing lines are retained');
    assert.deepEqual([...new Set(hits.map((h) => `${h.table}:${h.restricted}`))], ['statement_lines:true']);
    assert.deepEqual(await filesContaining(portal.dataDir, MARKER, path.join(portal.dataDir, 'pg')), []);
    const mails = await fs.readdir(outbox());
    const texts = await Promise.all(mails.map((m) => fs.readFile(path.join(outbox(), m), 'utf8')));
    assert.equal(texts.filter((t) => t.includes(statementMessageId)).length, 0, 'the statement mail with the customer in its PDF is gone');
    assert.equal(texts.filter((t) => t.includes('someone-else@demo.test')).length, 1, 'other mail stays');

    assert.deepEqual(await totals(), totalsBefore);
    const org = (await Organization.findByPk(orgId))!;
    assert.match(org.name, /^erased-[0-9a-f]{12}$/);
    assert.equal(org.customerNumber, 'C-9001');
    assert.equal(org.logo, null);
    assert.equal(await License.count({ where: { organizationId: orgId } }), 1);
    assert.equal(await Subscription.count({ where: { customerId: orgId } }), 1);
    // Its requests and threads stay with the pseudonymized organization, their texts removed whole.
    const offer = (await OfferRequest.findOne({ where: { organizationId: orgId } }))!;
    assert.deepEqual([offer.message, offer.answer, offer.requestedBy], [ERASED_TEXT, ERASED_TEXT, null]);
    assert.deepEqual((await SupportMessage.findAll({ where: { organizationId: orgId }, order: [['id', 'ASC']] })).map((m) => m.message), [ERASED_TEXT, ERASED_TEXT]);
    const [line] = await q<{ retainUntil: string; issuedOn: string }>(`
      select l.retain_until::text as "retainUntil", (s.issued_at at time zone 'UTC')::date::text as "issuedOn"
      from statement_lines l join statements s on s.id = l.statement_id where l.customer_id = :orgId`, { orgId });
    assert.equal(line.retainUntil, `${Number(line.issuedOn.slice(0, 4)) + 10}${line.issuedOn.slice(4)}`);
  });

  it('running it again changes nothing', async () => {
    const before = await databaseText(portal.sequelize);
    const again = await cli(portal, ['erasure', 'run', '--now', new Date(Date.now() + 60 * DAY).toISOString()]);
    assert.match(again.stdout, /no erasure request is due/);
    await assert.rejects(executeNow(portal.sequelize, requestId, await dpoCaller({ email: 'dpo@demo.test' }), portal.dataDir), /already been executed/);
    assert.deepEqual(await databaseText(portal.sequelize), before);
  });

  it('refuses the ERP sending the erased organization again, changing nothing', async () => {
    const before = await databaseText(portal.sequelize);
    const again = await importDocument(portal.sequelize, await systemActor(), {
      organizations: [{ ref: 'subject-org', name: ORG_NAME, views: ['customer'], parent: 'reseller-a', customerNumber: 'C-9001', dataPolicy: 'full', contactEmail: ORG_EMAIL }],
    });
    assert.ok(!again.ok);
    assert.deepEqual(again.errors, ['organizations[0]: "subject-org" was erased under the GDPR; remove it from the ERP export (its ref may still be used by subscriptions)']);
    assert.deepEqual(await databaseText(portal.sequelize), before);
  });

  it('files a certificate whose PDF names the request and the salted hash, and none of the subject data', async () => {
    const certificate = (await ErasureCertificate.findOne({ where: { requestId } }))!;
    assert.equal(certificate.subjectHash, subjectHash(await installationSalt(portal.sequelize), 'org', 'subject-org'));
    assert.deepEqual(certificate.deleted, { users: 1, memberships: 1, sessions: 1, customPropertyValues: 1, invitations: 2, outboxMails: 2, requestTexts: 4, webhookDeliveries: 1 });
    assert.equal(certificate.retained[0].legalBasis, '§ 147 AO / § 257 HGB');
    assert.deepEqual([certificate.actors.requested.email, certificate.actors.approved.email, certificate.actors.executed.email], ['dpo@demo.test', 'dpo2@demo.test', null]);
    for (const locale of ['de', 'en']) {
      const pdf = await renderCertificatePdf({ ...certificate.get({ plain: true }), requestId }, locale);
      const file = path.join(portal.dataDir, `certificate-${locale}.pdf`);
      await fs.writeFile(file, pdf);
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
      await fs.rm(file);
      assert.match(text, new RegExp(`${locale === 'de' ? 'Löschantrag Nr.' : 'Erasure request no.'} ${requestId}`));
      assert.ok(text.includes(certificate.subjectHash), 'hash printed');
      assert.match(text, /§ 147 AO \/ § 257 HGB/);
      assert.match(text, /dpo2@demo\.test/);
      assert.ok(!text.toLowerCase().includes(MARKER), 'no subject data');
    }
  });

  it('purges the personal data of restricted lines only after their retention end, keeping every total', async () => {
    const [{ retainUntil }] = await q<{ retainUntil: string }>(`select max(retain_until)::text as "retainUntil" from statement_lines where restricted_at is not null`);
    const totalsBefore = await totals();
    const early = await cli(portal, ['retention', 'purge', '--now', retainUntil]);
    assert.match(early.stdout, /retention ended: 0 statement line\(s\)/);
    const dayAfter = new Date(Date.parse(retainUntil) + DAY).toISOString().slice(0, 10);
    const purge = await cli(portal, ['retention', 'purge', '--now', dayAfter]);
    assert.equal(purge.code, 0, purge.stderr);
    assert.match(purge.stdout, /retention ended: 1 statement line\(s\) and 0 statement\(s\)/);
    assert.deepEqual(await markerRows(portal.sequelize, MARKER), []);
    assert.deepEqual(await totals(), totalsBefore, 'stored totals and the sums of lines unchanged');
    const again = await cli(portal, ['retention', 'purge', '--now', dayAfter]);
    assert.match(again.stdout, /retention ended: 0 statement line\(s\) and 0 statement\(s\)/);
    // Erasing and purging a customer leaves its reseller's statement as issued (letterhead and addresses).
    const [issued] = await q(`
      select reseller_name, reseller_street, reseller_zip, reseller_city, reseller_country, billing_email, mail_to
      from statements where reseller_ref = 'reseller-a' and period = '2026-10'`);
    assert.deepEqual(issued, {
      reseller_name: 'Reseller A GmbH', reseller_street: 'Hauptstraße 1', reseller_zip: '34117', reseller_city: 'Kassel',
      reseller_country: 'DE', billing_email: 'billing@reseller-a.demo.test', mail_to: 'billing@reseller-a.demo.test',
    });

    // The next statement settles October against the stored charge: nothing is charged again.
    const { issue } = await runStatementPeriod(portal, { period: '2026-11', trigger: 'cli', now: new Date('2026-12-01T06:00:00Z') });
    assert.deepEqual(issue.failed, []);
    const [{ adjustments }] = await q<{ adjustments: number }>(`select count(*)::int as adjustments from statement_lines where line_type = 'adjustment' and subscription_ref = 'SUB-SUBJECT'`);
    assert.equal(adjustments, 0);
  });
});
