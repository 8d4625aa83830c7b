// An issued statement never changes: its PDF (read back with pdftotext and pdfimages) and CSV
// stay as issued when the reseller's name, address, customer number, billing e-mail and logo
// change afterwards, and a resend goes to the new billing address without rewriting the statement.
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal } from './support/portal.ts';
import { startSmtp, type TestSmtp } from './support/smtp.ts';
import { png } from './support/png.ts';
import { createMailer, type Mailer } from '../services/mailer.ts';
import { migrate } from '../models/migrate.ts';
import { AuditEvent, Organization, StatementRecord, User } from '../models/index.ts';
import type { Actor } from '../models/domain/policy.ts';
import { issueStatements } from '../services/statements/issue-period.ts';
import { sendPendingStatements } from '../services/statements/send-pending.ts';
import { resendStatement } from '../services/statements/resend.ts';
import { loadStoredStatement, renderStatementCsv, renderStoredStatementPdf } from '../services/statements/stored-statement.ts';

/** What a reader of the PDF sees: its text and the pixel size of each image in it. */
function readPdf(pdf: Buffer): { text: string; images: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'issued-copy-'));
  try {
    const file = path.join(dir, 's.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    // pdfimages -list: two header lines, then "page num type width height ..." per image.
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2)
      .map((line) => line.trim().split(/\s+/)).map((cols) => `${cols[3]}x${cols[4]}`);
    return { text, images };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('an issued statement keeps the reseller data it was issued with', () => {
  let portal: TestPortal;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let statementId: number;
  let vendor: Actor;
  let issuedPdf: Buffer;
  let issuedCsv: Buffer;
  const render = async () => {
    const statement = (await loadStoredStatement(portal.sequelize, statementId))!;
    return { pdf: await buffer(await renderStoredStatementPdf(portal.sequelize, statement, portal.config.timezone)), csv: renderStatementCsv(statement) };
  };

  before(async () => {
    portal = await startTestPortal();
    smtp = await startSmtp();
    mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: 'Portal <portal@demo.test>' });
    await Organization.update({ customerNumber: 'R-4711', logo: png(150, 150), logoContentType: 'image/png' }, { where: { ref: 'reseller-a' } });
    const issued = await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: new Date('2026-02-01T05:00:00Z') });
    assert.deepEqual(issued.failed, []);
    statementId = issued.issued.find((s) => s.resellerRef === 'reseller-a')!.statementId;
    ({ pdf: issuedPdf, csv: issuedCsv } = await render());
    const vendorOrg = (await Organization.findOne({ where: { ref: 'vendor' } }))!;
    const vendorUser = (await User.findOne({ where: { email: 'vendor@demo.test' } }))!;
    vendor = { userId: vendorUser.id, organizationId: vendorOrg.id, view: 'vendor', role: 'admin' };
  });
  after(async () => {
    mailer.close();
    await smtp.stop();
    await portal.close();
  });

  it('precondition: the issued PDF shows the reseller\'s letterhead and logo at issue time', () => {
    const { text, images } = readPdf(issuedPdf);
    for (const shown of ['Reseller A GmbH', 'Hauptstraße 1', '34117 Kassel', 'R-4711']) assert.ok(text.includes(shown), shown);
    assert.deepEqual(images, ['150x150']);
  });

  it('renders the same PDF and CSV after the reseller changed its name, address, number, billing e-mail and logo', async () => {
    await Organization.update({
      name: 'Renamed Reseller AG', street: 'Neue Straße 9', zip: '80331', city: 'München', country: 'AT', customerNumber: 'R-9999',
      billingEmail: 'new-billing@reseller-a.demo.test', logo: png(200, 200), logoContentType: 'image/png',
    }, { where: { ref: 'reseller-a' } });

    const { pdf, csv } = await render();
    const { text, images } = readPdf(pdf);
    for (const shown of ['Reseller A GmbH', 'Hauptstraße 1', '34117 Kassel', 'R-4711']) assert.ok(text.includes(shown), `still ${shown}`);
    for (const hidden of ['Renamed', 'Neue Straße', 'München', 'R-9999']) assert.ok(!text.includes(hidden), `not ${hidden}`);
    assert.deepEqual(images, ['150x150'], 'the logo it was issued with');
    assert.ok(pdf.equals(issuedPdf), 'byte for byte the issued PDF');
    assert.ok(csv.equals(issuedCsv), 'byte for byte the issued CSV');
    assert.match(csv.toString('utf8'), /^2026-01,reseller-a,C-1001,SUB-A1-1,/m);
  });

  it('resends to the new billing address, keeps the issued billing e-mail and attaches the issued files', async () => {
    const first = await sendPendingStatements(portal, { mailer });
    assert.ok(first.sent.includes(statementId));
    const toA = (m: TestSmtp['messages'][number]) => (m.to && 'text' in m.to ? m.to.text : '');
    assert.deepEqual(smtp.messages.map(toA).filter((to) => to.includes('reseller-a')), ['billing@reseller-a.demo.test'],
      'issued and sent before the change of address: to the address of issue');

    const resent = await resendStatement(portal.sequelize, vendor, statementId);
    assert.deepEqual(resent, { statementId, mailTo: 'new-billing@reseller-a.demo.test', mailStatus: 'pending' });
    const again = await sendPendingStatements(portal, { mailer });
    assert.deepEqual(again.sent, [statementId]);
    const mail = smtp.messages.at(-1)!;
    assert.equal(toA(mail), 'new-billing@reseller-a.demo.test');
    assert.match(mail.subject ?? '', /Reseller A GmbH/, 'the subject names the reseller as issued');
    const attached = (name: string) => mail.attachments.find((a) => a.filename === name)!.content;
    assert.ok(attached('statement-reseller-a-2026-01.pdf').equals(issuedPdf));
    assert.ok(attached('statement-reseller-a-2026-01.csv').equals(issuedCsv));

    const statement = (await StatementRecord.findByPk(statementId))!;
    assert.equal(statement.billingEmail, 'billing@reseller-a.demo.test', 'billing_email stays as issued');
    assert.equal(statement.mailTo, 'new-billing@reseller-a.demo.test');
    assert.equal(statement.mailStatus, 'sent');
    const audit = await AuditEvent.findAll({ where: { action: 'statements.resend', recordId: String(statementId) } });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].userId, vendor.userId);
  });

  it('marks a resend to a reseller without billing address no_address, still keeping the issued address', async () => {
    await Organization.update({ billingEmail: null }, { where: { ref: 'reseller-a' } });
    assert.deepEqual(await resendStatement(portal.sequelize, vendor, statementId), { statementId, mailTo: null, mailStatus: 'no_address' });
    const statement = (await StatementRecord.findByPk(statementId))!;
    assert.deepEqual([statement.mailStatus, statement.mailTo, statement.billingEmail], ['no_address', null, 'billing@reseller-a.demo.test']);
    assert.deepEqual((await sendPendingStatements(portal, { mailer })).sent, []);
  });

  it('refuses whoever may not resend (403) and a missing or restricted statement (404), changing nothing', async () => {
    const reseller = (await User.findOne({ where: { email: 'reseller-a@demo.test' } }))!;
    const resellerOrg = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!;
    const before = await portal.sequelize.query('select * from statements order by id', { type: QueryTypes.SELECT });
    const audits = await AuditEvent.count({ where: { action: 'statements.resend' } });

    await assert.rejects(resendStatement(portal.sequelize, { userId: reseller.id, organizationId: resellerOrg.id, view: 'reseller', role: 'admin' }, statementId),
      (error: Error & { statusCode?: number }) => error.statusCode === 403);
    await assert.rejects(resendStatement(portal.sequelize, { ...vendor, role: 'guest' }, statementId),
      (error: Error & { statusCode?: number }) => error.statusCode === 403);
    await assert.rejects(resendStatement(portal.sequelize, vendor, 999_999), (error: Error & { statusCode?: number }) => error.statusCode === 404);
    await portal.sequelize.query('update statements set restricted_at = now() where id = :statementId', { replacements: { statementId } });
    try {
      await assert.rejects(resendStatement(portal.sequelize, vendor, statementId), (error: Error & { statusCode?: number }) => error.statusCode === 404);
    } finally {
      await portal.sequelize.query('update statements set restricted_at = null where id = :statementId', { replacements: { statementId } });
    }
    assert.deepEqual(await portal.sequelize.query('select * from statements order by id', { type: QueryTypes.SELECT }), before);
    assert.equal(await AuditEvent.count({ where: { action: 'statements.resend' } }), audits);
  });

  it('the migration back-fills statements issued before it from their reseller', async () => {
    // The database as it was before migration 007, with a statement issued then.
    await portal.sequelize.query(`
      alter table statements drop column reseller_customer_number, drop column reseller_street, drop column reseller_zip,
        drop column reseller_city, drop column reseller_country, drop column reseller_logo, drop column reseller_logo_content_type,
        drop column mail_to;
      delete from schema_migrations where name = '007-statement-issued-copy'`);
    assert.deepEqual(await migrate(portal.sequelize, portal.db.url), ['007-statement-issued-copy']);

    const [row] = await portal.sequelize.query<Record<string, unknown>>(`
      select reseller_customer_number, reseller_street, reseller_zip, reseller_city, reseller_country,
             length(reseller_logo) as logo_bytes, reseller_logo_content_type, billing_email, mail_to
      from statements where id = :statementId`, { replacements: { statementId }, type: QueryTypes.SELECT });
    assert.deepEqual(row, {
      reseller_customer_number: 'R-9999', reseller_street: 'Neue Straße 9', reseller_zip: '80331', reseller_city: 'München',
      reseller_country: 'AT', logo_bytes: png(200, 200).length, reseller_logo_content_type: 'image/png',
      billing_email: 'billing@reseller-a.demo.test', mail_to: 'billing@reseller-a.demo.test',
    });
  });
});
