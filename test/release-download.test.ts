/**
 * Software download (feature matrix: every view) through the HTTP API: a release the caller sees
 * (a channel organization: of its granted groups; a customer: of what it holds) answers its
 * download address and checksum and is audited in the downloader's trail; a release out of sight
 * answers 404, the DPO 403, a GET 405, each with the database unchanged.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { assertUnchanged } from './support/db-scan.ts';
import { AuditEvent, Organization, ProductGroup, SoftwareRelease } from '../models/index.ts';

const API = '/admin/api/resources';

describe('release download (HTTP API)', () => {
  let portal: TestPanel;
  let orgs: Record<string, number>;
  let office: number;
  let security: number;
  const download = (agent: Agent, id: number) => agent.post(`${API}/software_releases/records/${id}/download`).send({});

  before(async () => {
    portal = await startTestPanel();
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
    office = (await SoftwareRelease.findOne({ where: { version: '2026.2' } }))!.id;
    const group = (await ProductGroup.findOne({ where: { name: 'Security' } }))!;
    security = (await SoftwareRelease.create({ productLine: 'Endpoint Security', version: '9.1', releasedOn: '2026-10-01', fileUrl: 'https://downloads.demo.test/security/9.1/setup.msi', sha256: 'ab'.repeat(32), productGroupId: group.id })).id;
  });
  after(() => portal.close());

  it('a reseller downloads a release of its granted group: the address, audited in its trail', async () => {
    const resellerB = await login(portal.panel.app, 'reseller-b@demo.test');
    await switchContext(resellerB, orgs['reseller-b'], 'reseller');
    const response = await download(resellerB, office);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.downloadUrl, 'https://downloads.demo.test/office/2026.2/setup.exe');
    assert.equal(response.body.notice.type, 'success');
    const entry = (await AuditEvent.findOne({ where: { action: 'software_releases.download', recordId: String(office) } }))!;
    assert.equal(entry.organizationId, orgs['reseller-b']);
    assert.deepEqual(entry.details, { view: 'reseller', productLine: 'Office Suite', version: '2026.2', fileUrl: 'https://downloads.demo.test/office/2026.2/setup.exe', sha256: null });
    // Its own audit list shows the download.
    const trail = await resellerB.get(`${API}/audit_events/actions/list?filters.action=software_releases.download`);
    assert.ok(trail.body.records.some((r: { params: { recordId: string } }) => r.params.recordId === String(office)));
  });

  it('a customer\'s guest downloads a release of what its organization holds, with the checksum', async () => {
    const guest = await login(portal.panel.app, 'customer-guest@demo.test');
    const response = await download(guest, office);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.downloadUrl, 'https://downloads.demo.test/office/2026.2/setup.exe');
    // Customer A1 holds a Security subscription: it sees that release, and is told its checksum.
    const securityAnswer = await download(guest, security);
    assert.equal(securityAnswer.status, 200, JSON.stringify(securityAnswer.body));
    assert.match(securityAnswer.body.notice.message, new RegExp(`SHA-256 ${'ab'.repeat(32)}`));
  });

  it('a release out of sight does not exist (404); the DPO may not (403); a GET runs nothing (405)', async () => {
    const resellerB = await login(portal.panel.app, 'reseller-b@demo.test');
    await switchContext(resellerB, orgs['reseller-b'], 'reseller');
    const customerB = await login(portal.panel.app, 'reseller-b@demo.test');
    await switchContext(customerB, orgs['customer-b1'], 'customer');
    const dpo = await login(portal.panel.app, 'dpo@demo.test');
    await assertUnchanged(portal.sequelize, async () => {
      assert.equal((await download(resellerB, security)).status, 404, 'reseller B holds no Security grant');
      assert.equal((await download(customerB, security)).status, 404, 'customer B1 holds nothing of Security');
      assert.equal((await download(resellerB, 999999)).status, 404);
      assert.equal((await download(dpo, office)).status, 403);
      assert.equal((await resellerB.get(`${API}/software_releases/records/${office}/download`)).status, 405);
    });
  });

  it('a release whose address is not http(s) is not handed out (409, nothing written)', async () => {
    const odd = await SoftwareRelease.create({ productLine: 'Office Suite', version: '2026.3', releasedOn: '2026-11-01', fileUrl: 'javascript:alert(1)', productGroupId: (await SoftwareRelease.findByPk(office))!.productGroupId });
    const vendor = await login(portal.panel.app, 'vendor@demo.test');
    await assertUnchanged(portal.sequelize, async () => {
      const response = await download(vendor, odd.id);
      assert.equal(response.status, 409, JSON.stringify(response.body));
    });
  });
});
