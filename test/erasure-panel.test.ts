// The DPO desk in the panel: reading across tenants without prices, the erasure workflow as
// record actions, the certificate and Art. 15 export routes, and who else is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startTestPanel, login, type Agent, type TestPanel } from './support/portal.ts';
import type { Panel } from '../admin/panel.ts';
import { AuditEvent, ErasureCertificate, ErasureRequest, Organization, StatementLineRecord, StatementRecord, User } from '../models/index.ts';
import { runStatementPeriod } from '../services/statements/run-period.ts';
import { installationSalt } from '../services/erasure/execute.ts';
import { subjectHash } from '../models/domain/erasure-plan.ts';

const api = '/admin/api/resources';
const trail = (action: string) => AuditEvent.findAll({ where: { action }, order: [['id', 'ASC']] })
  .then((entries) => entries.map((e) => [e.userId, e.organizationId, e.resource, e.recordId, e.details]));

/** AdminJS answers an inaccessible action with 200 and a ForbiddenError in the body; the resource guard with 403. */
function assertForbidden(response: { status: number; body: { record?: { baseError?: { type?: string } } } }, what: string): void {
  assert.ok(response.status === 403 || response.body.record?.baseError?.type === 'ForbiddenError', `${what}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
}

describe('DPO panel', () => {
  let portal: TestPanel;
  let panel: Panel;
  let dpo: Agent;
  let requestId: number;
  let certificateUrl: string;
  let lineId: number;
  let dpoId: number;
  let vendorId: number;
  let salt: string;

  before(async () => {
    portal = await startTestPanel();
    panel = portal.panel;
    const { issue } = await runStatementPeriod(portal, { period: '2026-10', trigger: 'cli' });
    assert.deepEqual(issue.failed, []);
    const customer = (await Organization.findOne({ where: { ref: 'customer-b1' } }))!;
    lineId = (await StatementLineRecord.findOne({ where: { customerId: customer.id } }))!.id;
    dpo = await login(panel.app, 'dpo@demo.test');
    dpoId = (await User.findOne({ where: { email: 'dpo@demo.test' } }))!.id;
    vendorId = (await Organization.findOne({ where: { ref: 'vendor' } }))!.id;
    salt = await installationSalt(portal.sequelize);
  });
  after(() => portal.close());

  it('lists the organizations of every tenant and never receives prices', async () => {
    const orgs = await dpo.get(`${api}/organizations/actions/list?perPage=100`);
    assert.equal(orgs.status, 200);
    const ids = orgs.body.records.map((r: { params: { id: number } }) => r.params.id);
    for (const ref of ['vendor', 'reseller-a', 'reseller-b', 'customer-a1', 'customer-b2']) assert.ok(ids.includes((await Organization.findOne({ where: { ref } }))!.id), ref);
    const articles = await dpo.get(`${api}/articles/actions/list?perPage=100`);
    assert.equal(articles.status, 200);
    assert.ok(articles.body.records.length > 0);
    assert.ok(!JSON.stringify(articles.body).includes('priceCents'), 'no price field');
    const subscriptions = await dpo.get(`${api}/subscriptions/actions/list?perPage=100`);
    assert.ok(!JSON.stringify(subscriptions.body).includes('unitPriceCents'));
  });

  it('cannot edit business data', async () => {
    const org = (await Organization.findOne({ where: { ref: 'customer-a1' } }))!;
    const edit = await dpo.post(`${api}/organizations/records/${org.id}/edit`).send({ name: 'Changed by the DPO' });
    assertForbidden(edit, 'edit');
    assert.equal((await Organization.findByPk(org.id))!.name, 'Musterfirma KG');
  });

  it('files a request, exports the subject (Art. 15), approves and executes it, and serves the certificate', async () => {
    const filed = await dpo.post(`${api}/erasure_requests/actions/new`).send({ subjectLabel: 'org:customer-b1', reason: 'Contract ended, customer asked.' });
    assert.equal(filed.status, 200, JSON.stringify(filed.body));
    requestId = Number(filed.body.record.params.id);
    assert.equal((await ErasureRequest.findByPk(requestId))!.status, 'requested');

    const unknown = await dpo.post(`${api}/erasure_requests/actions/new`).send({ subjectLabel: 'org:nope', reason: 'x' });
    assert.match(JSON.stringify(unknown.body), /Es gibt keine Organisation „nope“/);

    const early = await dpo.post(`${api}/erasure_requests/records/${requestId}/executeNow`);
    assert.equal(early.body.notice.type, 'error');
    assert.match(early.body.notice.message, /muss genehmigt sein, bevor er ausgeführt wird/);

    const exportAction = await dpo.post(`${api}/erasure_requests/records/${requestId}/export`);
    const exported = await dpo.get(exportAction.body.redirectUrl);
    assert.equal(exported.status, 200);
    assert.equal(exported.body.organization.name, 'Example Ltd');
    assert.equal(exported.body.subscriptions.length, 2);
    assert.ok(!/price|amount/i.test(JSON.stringify(exported.body)), 'no prices in the export');
    // The trail names the subject by request and salted hash only: vendor staff read it too.
    const hash = subjectHash(salt, 'org', 'customer-b1');
    assert.deepEqual(await trail('erasure.export'), [[dpoId, vendorId, 'erasure_requests', String(requestId), { view: 'dpo', subjectKind: 'org', subjectHash: hash }]]);
    assert.equal((await dpo.get('/admin/erasure/export?subject=org:nope')).status, 404);
    assert.equal((await trail('erasure.export')).length, 1, 'an unknown subject is not recorded');

    const approved = await dpo.post(`${api}/erasure_requests/records/${requestId}/approve`);
    assert.equal(approved.body.notice.type, 'success', JSON.stringify(approved.body));
    const executed = await dpo.post(`${api}/erasure_requests/records/${requestId}/executeNow`);
    assert.equal(executed.body.notice.type, 'success', JSON.stringify(executed.body));
    assert.match((await Organization.findOne({ where: { ref: 'customer-b1' } }))!.name, /^erased-/);

    const certificate = await dpo.post(`${api}/erasure_requests/records/${requestId}/certificate`);
    certificateUrl = certificate.body.redirectUrl;
    const pdf = await dpo.get(certificateUrl).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const file = path.join(portal.dataDir, 'certificate.pdf');
    await fs.writeFile(file, pdf.body as Buffer);
    const text = execFileSync('pdftotext', [file, '-']).toString();
    assert.match(text, new RegExp(`Löschantrag Nr\\. ${requestId}`));
    assert.ok(!text.includes('Example Ltd'));
    assert.equal((await dpo.get('/admin/erasure/certificates/999999/pdf')).status, 404);
    const stored = (await ErasureCertificate.findOne({ where: { requestId } }))!;
    assert.equal(stored.subjectHash, hash, 'the export and the certificate name the same subject');
    assert.deepEqual(await trail('erasure_certificates.download'), [[dpoId, vendorId, 'erasure_certificates', String(stored.id), { view: 'dpo', requestId }]]);
  });

  it('exports a reseller with its statements and every line of them, without prices, outside any request', async () => {
    const reseller = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!;
    const exported = await dpo.get('/admin/erasure/export?subject=org:reseller-a');
    assert.equal(exported.status, 200);
    const statements = await StatementRecord.findAll({ where: { resellerId: reseller.id }, order: [['id', 'ASC']] });
    assert.ok(statements.length > 0);
    assert.deepEqual(exported.body.statements.map((s: { id: number }) => s.id), statements.map((s) => s.id));
    const lines = await StatementLineRecord.findAll({ where: { statementId: statements.map((s) => s.id) }, order: [['id', 'ASC']] });
    assert.deepEqual(exported.body.statementLines.map((l: { id: number }) => l.id), lines.map((l) => l.id));
    assert.ok(!/price|amount|total/i.test(JSON.stringify(exported.body)), 'no prices in the export');
    const [, entry] = await trail('erasure.export');
    assert.deepEqual(entry, [dpoId, vendorId, 'erasure_requests', null, { view: 'dpo', subjectKind: 'org', subjectHash: subjectHash(salt, 'org', 'reseller-a') }]);
  });

  it('shows the restricted billing line to the DPO only', async () => {
    const line = await dpo.get(`${api}/statement_lines/records/${lineId}/show`);
    assert.equal(line.status, 200);
    assert.ok(line.body.record.params.restrictedAt);
    assert.equal(line.body.record.params.amountCents, undefined);
    const reseller = await login(panel.app, 'reseller-b@demo.test');
    assert.equal((await reseller.get(`${api}/statement_lines/records/${lineId}/show`)).status, 404);
    const vendor = await login(panel.app, 'vendor@demo.test');
    assert.equal((await vendor.get(`${api}/statement_lines/records/${lineId}/show`)).status, 404);
  });

  it('erases a person: the user and the sessions go, the organizations stay as they were', async () => {
    const guest = await login(panel.app, 'customer-guest@demo.test');
    assert.equal((await guest.get(`${api}/licenses/actions/list`)).status, 200);
    const org = (await Organization.findOne({ where: { ref: 'customer-a1' } }))!.get({ plain: true });
    const filed = await dpo.post(`${api}/erasure_requests/actions/new`).send({ subjectLabel: 'user:customer-guest@demo.test', reason: 'Left the company.' });
    const id = Number(filed.body.record.params.id);
    assert.equal((await dpo.post(`${api}/erasure_requests/records/${id}/approve`)).body.notice.type, 'success');
    assert.equal((await dpo.post(`${api}/erasure_requests/records/${id}/executeNow`)).body.notice.type, 'success');
    assert.equal(await User.count({ where: { email: 'customer-guest@demo.test' } }), 0);
    assert.deepEqual((await Organization.findOne({ where: { ref: 'customer-a1' } }))!.get({ plain: true }), org);
    assert.equal((await guest.get(`${api}/licenses/actions/list`)).status, 302, 'the session is gone');
  });

  it('lets a reseller define custom properties and fill them in on its customers, which the customer reads', async () => {
    const reseller = await login(panel.app, 'reseller-a@demo.test');
    const resellerA = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!;
    const customer = (await Organization.findOne({ where: { ref: 'customer-a1' } }))!;
    const definition = await reseller.post(`${api}/custom_property_definitions/actions/new`).send({ organizationId: resellerA.id, name: 'Contract owner', type: 'text', visibleToCustomer: true });
    assert.equal(definition.status, 200, JSON.stringify(definition.body));
    const definitionId = definition.body.record.params.id;
    const value = await reseller.post(`${api}/custom_property_values/actions/new`).send({ definitionId, organizationId: customer.id, value: 'Procurement' });
    assert.equal(value.body.record.errors && Object.keys(value.body.record.errors).length, 0, JSON.stringify(value.body));

    const admin = await login(panel.app, 'customer-admin@demo.test');
    const values = await admin.get(`${api}/custom_property_values/actions/list`);
    assert.deepEqual(values.body.records.map((r: { params: { value: string } }) => r.params.value), ['Procurement']);
    assertForbidden(await admin.post(`${api}/custom_property_values/actions/new`).send({ definitionId, organizationId: customer.id, value: 'x' }), 'customer writes a value');
    assert.equal((await admin.get(`${api}/custom_property_definitions/actions/list`)).status, 403);
    const other = await login(panel.app, 'reseller-b@demo.test');
    assert.deepEqual((await other.get(`${api}/custom_property_values/actions/list`)).body.records, []);
  });

  it('lets vendor staff follow the status without details, and refuses them and resellers every step', async () => {
    const vendor = await login(panel.app, 'vendor@demo.test');
    const list = await vendor.get(`${api}/erasure_requests/actions/list`);
    assert.equal(list.status, 200);
    const row = list.body.records.find((r: { params: { id: number } }) => r.params.id === requestId);
    assert.equal(row.params.status, 'executed');
    assert.equal(row.params.subjectLabel, undefined);
    assert.equal(row.params.reason, undefined);
    const filed = await vendor.post(`${api}/erasure_requests/actions/new`).send({ subjectLabel: 'org:customer-a1', reason: 'x' });
    assertForbidden(filed, 'vendor new request');
    assertForbidden(await vendor.post(`${api}/erasure_requests/records/${requestId}/approve`), 'vendor approve');
    assertForbidden(await vendor.post(`${api}/erasure_requests/records/${requestId}/executeNow`), 'vendor execute');
    assert.equal((await vendor.get(`${api}/erasure_certificates/actions/list`)).status, 403);
    assert.equal((await vendor.get(certificateUrl)).status, 403);
    assert.equal((await vendor.get('/admin/erasure/export?subject=org:customer-a1')).status, 403);

    const reseller = await login(panel.app, 'reseller-a@demo.test');
    assert.equal((await reseller.get(`${api}/erasure_requests/actions/list`)).status, 403);
    assert.equal((await reseller.post(`${api}/erasure_requests/actions/new`).send({ subjectLabel: 'org:customer-a1', reason: 'x' })).status, 403);
    assert.equal((await reseller.get('/admin/erasure/export?subject=org:customer-a1')).status, 403);
    assert.equal(await ErasureRequest.count(), 2);
    assert.equal((await trail('erasure.export')).length, 2, 'refused exports are not recorded');
    assert.equal((await trail('erasure_certificates.download')).length, 1, 'refused downloads are not recorded');
  });
});
