import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { can, checkWrite, fieldsWritable, hiddenFields, isCustomerOrganization, type Actor } from '../models/domain/policy.ts';
import { mayGrantRole } from '../models/domain/roles.ts';
import { english } from './support/english.ts';

const actor = (view: Actor['view'], role: Actor['role'] = 'admin'): Actor => ({ userId: 1, organizationId: 10, view, role });
const reach = { reachableOrgIds: new Set([10, 11, 12]) };

describe('access policy', () => {
  it('customers never receive prices or billing fields, and cannot read subscriptions', () => {
    assert.ok(hiddenFields(actor('customer'), 'articles').includes('priceCents'));
    assert.ok(hiddenFields(actor('customer'), 'organizations').includes('billingEmail'));
    assert.equal(can(actor('customer'), 'subscriptions', 'read'), false);
    assert.equal(hiddenFields(actor('reseller'), 'articles').includes('priceCents'), false);
  });

  it('a guest only reads; a member works with licenses; an admin manages members', () => {
    assert.equal(can(actor('customer', 'guest'), 'licenses', 'read'), true);
    assert.equal(can(actor('customer', 'guest'), 'licenses', 'activate'), false);
    assert.equal(can(actor('customer', 'member'), 'licenses', 'activate'), true);
    assert.equal(can(actor('customer', 'member'), 'memberships', 'create'), false);
    // A customer has no organization below it: its admin invites people and manages their roles.
    assert.equal(can(actor('customer', 'admin'), 'invitations', 'create'), true);
    assert.equal(can(actor('customer', 'admin'), 'memberships', 'update'), true);
    assert.equal(can(actor('customer', 'admin'), 'memberships', 'create'), false);
  });

  it('follows the feature matrix: resellers and partners do not activate or destroy keys', () => {
    for (const view of ['reseller', 'distributor', 'partner'] as const) {
      assert.equal(can(actor(view), 'licenses', 'activate'), false, view);
      assert.equal(can(actor(view), 'licenses', 'destroy'), false, view);
    }
    for (const view of ['customer', 'system_integrator', 'service_provider'] as const) {
      assert.equal(can(actor(view, 'member'), 'licenses', 'activate'), true, view);
    }
  });

  it('the DPO reads across tenants but edits no business data and sees no prices', () => {
    const dpo = actor('dpo', 'member');
    assert.equal(can(dpo, 'organizations', 'read'), true);
    for (const resource of ['organizations', 'licenses', 'subscriptions', 'users'] as const) {
      assert.equal(can(dpo, resource, 'update'), false, resource);
    }
    assert.ok(hiddenFields(dpo, 'subscriptions').includes('unitPriceCents'));
  });

  it('delegation never escalates', () => {
    assert.equal(mayGrantRole('member', 'admin'), false);
    assert.equal(mayGrantRole('admin', 'member'), true);
    const errors = checkWrite(actor('reseller', 'member'), 'memberships', { organizationId: 11, role: 'admin' }, reach);
    assert.match(english(errors.role), /at most your own role/);
    assert.deepEqual(checkWrite(actor('reseller'), 'memberships', { organizationId: 11, userId: 5, role: 'member' }, reach), {});
  });

  it('writes stay inside the reachable organizations', () => {
    assert.match(english(checkWrite(actor('reseller'), 'licenses', { organizationId: 99 }, reach).organizationId), /organization you manage/);
    assert.match(english(checkWrite(actor('reseller'), 'subscriptions', { resellerId: 10, customerId: 99 }, reach).customerId), /organization you manage/);
    assert.deepEqual(checkWrite(actor('reseller'), 'licenses', { organizationId: 12 }, reach), {});
  });

  it('a reseller creates customers only, and cannot move an organization in the tree', () => {
    assert.match(english(checkWrite(actor('reseller'), 'organizations', { parentId: 10, views: ['reseller'] }, reach).views), /may only set: customer/);
    assert.deepEqual(checkWrite(actor('reseller'), 'organizations', { parentId: 10, views: ['customer'], name: 'New' }, reach), {});
    const current = { id: 11, parentId: 10, views: ['customer'] };
    assert.match(english(checkWrite(actor('reseller'), 'organizations', { parentId: 12 }, { ...reach, current }).parentId), /Only the vendor/);
  });

  it('inside the frame: a reseller issues licenses and books subscriptions with a few fields; a distributor\'s admin passes grants on', () => {
    for (const role of ['admin', 'member'] as const) {
      assert.deepEqual([...fieldsWritable(actor('reseller', role), 'licenses', 'create')].sort(), ['articleId', 'demoDays', 'organizationId', 'seats']);
      assert.deepEqual([...fieldsWritable(actor('reseller', role), 'subscriptions', 'create')].sort(), ['articleId', 'autoRenew', 'customerId', 'quantity', 'startDate', 'termMonths']);
      assert.deepEqual(fieldsWritable(actor('reseller', role), 'licenses', 'update'), []);
    }
    for (const view of ['distributor', 'service_provider', 'system_integrator', 'partner', 'customer'] as const) {
      assert.equal(can(actor(view), 'licenses', 'create'), false, view);
      assert.equal(can(actor(view), 'subscriptions', 'create'), false, view);
    }
    assert.equal(can(actor('reseller', 'guest'), 'licenses', 'create'), false);
    assert.equal(can(actor('distributor'), 'product_group_grants', 'create'), true);
    assert.equal(can(actor('distributor'), 'product_group_grants', 'delete'), true);
    assert.equal(can(actor('distributor', 'member'), 'product_group_grants', 'create'), false);
    assert.equal(can(actor('reseller'), 'product_group_grants', 'create'), false);
    assert.ok(!fieldsWritable(actor('vendor'), 'product_group_grants', 'create').includes('grantedById'), 'who granted is never a form\'s');
  });

  it('a customer organization is one with the customer view and no channel view', () => {
    assert.equal(isCustomerOrganization(['customer']), true);
    assert.equal(isCustomerOrganization(['customer', 'partner']), false);
    assert.equal(isCustomerOrganization(['reseller']), false);
    assert.equal(isCustomerOrganization(null), false);
  });

  it('only vendor staff name data-protection officers', () => {
    assert.match(english(checkWrite(actor('reseller'), 'users', { isDpo: true, organizationId: 10, role: 'guest' }, reach).isDpo), /Only vendor staff/);
  });

  it('tickets change through their operations only, never through new or edit', () => {
    for (const view of ['vendor', 'distributor', 'reseller', 'service_provider', 'system_integrator', 'partner', 'customer', 'dpo'] as const) {
      assert.equal(can(actor(view), 'tickets', 'create'), false, view);
      assert.equal(can(actor(view), 'tickets', 'update'), false, view);
    }
    assert.equal(can(actor('vendor', 'member'), 'tickets', 'generate'), true);
    assert.equal(can(actor('reseller'), 'tickets', 'generate'), false);
    assert.equal(can(actor('vendor'), 'tickets', 'redeem'), false, 'vendor staff create licenses directly');
    assert.equal(can(actor('customer', 'member'), 'tickets', 'redeem'), true);
    assert.equal(can(actor('customer', 'guest'), 'tickets', 'redeem'), false);
    assert.equal(can(actor('customer'), 'tickets', 'passDown'), false, 'nothing below a customer');
    assert.equal(can(actor('partner'), 'tickets', 'assign'), false);
    assert.equal(can(actor('dpo', 'member'), 'tickets', 'assign'), false);
    assert.equal(can(actor('reseller'), 'licenses', 'redeem'), false, 'a ticket operation on tickets only');
    assert.ok(hiddenFields(actor('customer'), 'tickets').includes('poolRef'), 'the ERP\'s order reference is the channel\'s');
    assert.equal(hiddenFields(actor('reseller'), 'tickets').includes('poolRef'), false);
  });
});
