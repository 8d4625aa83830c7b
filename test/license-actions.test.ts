import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, type TestPanel } from './support/portal.ts';
import type { Panel } from '../admin/panel.ts';
import { AuditEvent, License } from '../models/index.ts';

describe('license actions through the panel', () => {
  let portal: TestPanel;
  let panel: Panel;
  let licenseId: number;
  before(async () => {
    portal = await startTestPanel();
    panel = portal.panel;
    licenseId = (await License.findOne({ where: { licenseKey: 'LIC-A1-SUB' } }))!.id;
  });
  after(() => portal.close());

  const url = (action: string) => `/admin/api/resources/licenses/records/${licenseId}/${action}`;

  it('a guest reads the license but cannot activate it', async () => {
    const guest = await login(panel.app, 'customer-guest@demo.test');
    assert.equal((await guest.get(url('show'))).status, 200);
    await guest.post(url('activate')).send({ device: 'GUEST-PC' });
    assert.equal((await License.findByPk(licenseId))!.status, 'inactive');
  });

  it('a reseller cannot activate its customer\'s key (feature matrix)', async () => {
    const reseller = await login(panel.app, 'reseller-a@demo.test');
    await reseller.post(url('activate')).send({ device: 'RESELLER-PC' });
    assert.equal((await License.findByPk(licenseId))!.status, 'inactive');
  });

  it('the customer admin activates, transfers and destroys, each recorded', async () => {
    const admin = await login(panel.app, 'customer-admin@demo.test');
    const activated = await admin.post(url('activate')).send({ device: 'OFFICE-PC-7' });
    assert.equal(activated.status, 200);
    assert.equal(activated.body.notice.type, 'success');
    assert.equal(activated.body.record.params.device, 'OFFICE-PC-7');
    const again = await admin.post(url('activate')).send({ device: 'OTHER' });
    assert.equal(again.body.notice.type, 'error');
    assert.match(again.body.notice.message, /bereits auf OFFICE-PC-7 aktiviert/);
    await admin.post(url('transfer')).send({ device: 'LAPTOP-3' });
    assert.equal((await License.findByPk(licenseId))!.device, 'LAPTOP-3');
    await admin.post(url('destroy'));
    const license = await License.findByPk(licenseId);
    assert.equal(license!.status, 'destroyed');
    const actions = (await AuditEvent.findAll({ where: { resource: 'licenses', recordId: String(licenseId) }, order: [['id', 'ASC']] })).map((e) => e.action);
    assert.deepEqual(actions, ['licenses.activate', 'licenses.transfer', 'licenses.destroy']);
  });
});
