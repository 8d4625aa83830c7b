/**
 * The `new` and `edit` forms show each user only the fields its field rules let it write: the page's
 * resource description (what AdminJS builds the forms from) lacks the vendor-only fields of a
 * license or a subscription for a reseller, while vendor admins keep them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, switchContext, type TestPanel } from './support/portal.ts';
import { panelResources } from './support/panel-metadata.ts';
import { Organization } from '../models/index.ts';

describe('forms per actor (the panel page\'s resource description)', () => {
  let portal: TestPanel;
  before(async () => { portal = await startTestPanel(); });
  after(() => portal.close());

  const formFields = async (email: string, org?: [string, string]) => {
    const agent = await login(portal.panel.app, email);
    if (org) await switchContext(agent, (await Organization.findOne({ where: { ref: org[0] } }))!.id, org[1]);
    const resources = await panelResources(agent) as unknown as Array<{ id: string; editProperties: Array<{ propertyPath: string }> }>;
    return (id: string) => resources.find((r) => r.id === id)!.editProperties.map((p) => p.propertyPath).sort();
  };

  it('a reseller\'s license and subscription forms hold only what it chooses inside its frame', async () => {
    const fields = await formFields('reseller-a@demo.test', ['reseller-a', 'reseller']);
    assert.deepEqual(fields('licenses'), ['articleId', 'demoDays', 'organizationId', 'seats']);
    assert.deepEqual(fields('subscriptions'), ['articleId', 'autoRenew', 'customerId', 'quantity', 'startDate', 'termMonths']);
    // Nothing of the catalog: it is read only for the channel.
    assert.deepEqual(fields('articles'), []);
  });

  it('vendor admins keep the vendor-only fields (key, kind, status, expiry, service, price, reseller)', async () => {
    const fields = await formFields('vendor@demo.test');
    for (const field of ['licenseKey', 'kind', 'status', 'expiresOn', 'serviceUntil', 'organizationId', 'articleId', 'seats', 'device']) {
      assert.ok(fields('licenses').includes(field), `licenses: ${field}`);
    }
    for (const field of ['ref', 'resellerId', 'unitPriceCents', 'interval', 'licenseId', 'customerId']) {
      assert.ok(fields('subscriptions').includes(field), `subscriptions: ${field}`);
    }
    assert.ok(fields('articles').includes('priceCents'));
  });

  it('a customer guest fills in no form', async () => {
    const fields = await formFields('customer-guest@demo.test');
    assert.deepEqual(fields('licenses'), []);
    assert.deepEqual(fields('organizations'), []);
  });
});
