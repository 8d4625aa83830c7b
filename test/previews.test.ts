/**
 * Previews in the panel: a statement's PDF and an erasure certificate shown inline (a POST-only
 * action answering the address of an inline file route the panel may frame, nothing else may), a
 * foreign id not found; a statement's mail shown to vendor staff as a resend would send it, and
 * nothing changed by looking.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { assertUnchanged } from './support/db-scan.ts';
import { issueStatements } from '../services/statements/issue-period.ts';
import { Organization, StatementRecord } from '../models/index.ts';

const api = '/admin/api/resources';
const binary = (agent: Agent, url: string) => agent.get(url).buffer(true).parse((res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
});

describe('previews', () => {
  let portal: TestPanel;
  let ids: { a: number; b: number };
  let orgs: Record<string, number>;

  before(async () => {
    portal = await startTestPanel();
    await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: new Date('2026-02-01T05:00:00Z') });
    const rows = await StatementRecord.findAll();
    ids = { a: rows.find((r) => r.resellerRef === 'reseller-a')!.id, b: rows.find((r) => r.resellerRef === 'reseller-b')!.id };
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
  });
  after(() => portal.close());

  async function pdfText(agent: Agent, url: string): Promise<string> {
    const file = path.join(portal.dataDir, 'preview.pdf');
    await fs.writeFile(file, (await binary(agent, url)).body as Buffer);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  }

  it('a reseller previews its statement inline; the panel may frame it, no other site; another reseller\'s is not found', async () => {
    const reseller = await login(portal.panel.app, 'reseller-a@demo.test');
    await switchContext(reseller, orgs['reseller-a'], 'reseller');
    assert.equal((await reseller.get(`${api}/statements/records/${ids.a}/previewPdf`)).status, 405, 'an action runs by POST only');
    const action = await reseller.post(`${api}/statements/records/${ids.a}/previewPdf`);
    assert.equal(action.status, 200, JSON.stringify(action.body));
    assert.equal(action.body.preview, `/admin/statements/${ids.a}/preview`);
    assert.equal(action.body.redirectUrl, undefined, 'the panel stays where it is');

    const pdf = await binary(reseller, action.body.preview);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(pdf.headers['content-disposition'], /^inline; filename="statement-reseller-a-2026-01\.pdf"$/);
    assert.equal(pdf.headers['x-frame-options'], 'SAMEORIGIN');
    assert.match(pdf.headers['content-security-policy'], /frame-ancestors 'self'/);
    assert.match(pdf.headers['content-security-policy'], /default-src 'none'/);
    assert.match(await pdfText(reseller, action.body.preview), /Reseller A GmbH/);
    // The panel's own pages are framed by nobody, as before.
    const page = await reseller.get('/admin');
    assert.match(page.headers['content-security-policy'], /frame-ancestors 'none'/);
    assert.equal(page.headers['x-frame-options'], 'DENY');

    assert.equal((await reseller.post(`${api}/statements/records/${ids.b}/previewPdf`)).status, 404);
    assert.equal((await reseller.get(`/admin/statements/${ids.b}/preview`)).status, 404);
    assert.equal((await reseller.get('/admin/statements/999999/preview')).status, 404);
  });

  it('vendor staff read the statement\'s mail before they resend it: recipient, subject, text, attachments; looking changes nothing', async () => {
    const vendor = await login(portal.panel.app, 'vendor@demo.test');
    let preview: { body: { mail: { to: string | null; subject: string; text: string; attachments: string[] } } } | undefined;
    await assertUnchanged(portal.sequelize, async () => {
      preview = await vendor.post(`${api}/statements/records/${ids.a}/previewMail`);
    });
    const reseller = (await Organization.findByPk(orgs['reseller-a']))!;
    const statement = (await StatementRecord.findByPk(ids.a))!;
    const { mail } = preview!.body;
    assert.equal(mail.to, reseller.billingEmail);
    // The statement's language is the reseller's (German in the demo): the mail's templates/statement-texts.ts.
    assert.equal(mail.subject, `Einzelkostenaufstellung Januar 2026 – Reseller A GmbH`);
    assert.match(mail.text, new RegExp(`Gesamtsumme: ${(Number(statement.totalCents) / 100).toFixed(2).replace('.', ',')} EUR`));
    assert.deepEqual(mail.attachments, ['statement-reseller-a-2026-01.pdf', 'statement-reseller-a-2026-01.csv']);
  });

  it('a reseller may not preview the mail (no resend for it): 403, nothing changed', async () => {
    const reseller = await login(portal.panel.app, 'reseller-a@demo.test');
    await switchContext(reseller, orgs['reseller-a'], 'reseller');
    await assertUnchanged(portal.sequelize, async () => {
      const refused = await reseller.post(`${api}/statements/records/${ids.a}/previewMail`);
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.mail, undefined);
    });
  });

  it('the DPO previews an erasure certificate inline; vendor staff find no such action', async () => {
    const dpo = await login(portal.panel.app, 'dpo@demo.test');
    const filed = await dpo.post(`${api}/erasure_requests/actions/new`).send({ subjectLabel: 'org:customer-b1', reason: 'Customer asked.' });
    const requestId = Number(filed.body.record.params.id);
    const early = await dpo.post(`${api}/erasure_requests/records/${requestId}/previewCertificate`);
    assert.match(early.body.notice?.message ?? early.body.error, /noch nicht ausgeführt; es gibt kein Zertifikat/);
    await dpo.post(`${api}/erasure_requests/records/${requestId}/approve`);
    await dpo.post(`${api}/erasure_requests/records/${requestId}/executeNow`);
    const action = await dpo.post(`${api}/erasure_requests/records/${requestId}/previewCertificate`);
    assert.match(action.body.preview, /^\/admin\/erasure\/certificates\/\d+\/preview$/);
    const pdf = await binary(dpo, action.body.preview);
    assert.match(pdf.headers['content-disposition'], /^inline; /);
    assert.match(await pdfText(dpo, action.body.preview), /\S/);
    assert.equal((await dpo.get('/admin/erasure/certificates/999999/preview')).status, 404);
    const vendor = await login(portal.panel.app, 'vendor@demo.test');
    assert.ok([403, 404].includes((await vendor.get(action.body.preview)).status), 'vendor staff read no certificate');
  });
});
