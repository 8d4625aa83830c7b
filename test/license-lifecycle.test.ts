import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyLicenseOperation, type LicenseState } from '../models/domain/license-lifecycle.ts';
import { msg } from '../templates/messages.ts';

const today = '2026-11-25';
const inactive: LicenseState = { status: 'inactive', device: null, expiresOn: null };
const active: LicenseState = { status: 'active', device: 'PC-1', expiresOn: null };

describe('license lifecycle', () => {
  it('activates on a named device once', () => {
    assert.deepEqual(applyLicenseOperation(inactive, 'activate', { device: ' PC-1 ', today }), { ok: true, next: active });
    const again = applyLicenseOperation(active, 'activate', { device: 'PC-2', today });
    assert.equal(again.ok, false);
    assert.equal(applyLicenseOperation(inactive, 'activate', { device: '  ', today }).ok, false);
  });

  it('transfers an active license to another device only', () => {
    assert.deepEqual(applyLicenseOperation(active, 'transfer', { device: 'PC-2', today }), { ok: true, next: { ...active, device: 'PC-2' } });
    assert.equal(applyLicenseOperation(active, 'transfer', { device: 'PC-1', today }).ok, false);
    assert.equal(applyLicenseOperation(inactive, 'transfer', { device: 'PC-2', today }).ok, false);
  });

  it('a demo past its last day cannot be activated, transferred or restored', () => {
    const demo: LicenseState = { status: 'inactive', device: null, expiresOn: '2026-11-24' };
    assert.deepEqual(applyLicenseOperation(demo, 'activate', { device: 'PC', today }), { ok: false, error: msg('licenseExpired') });
    const lastDay: LicenseState = { ...demo, expiresOn: today };
    assert.equal(applyLicenseOperation(lastDay, 'activate', { device: 'PC', today }).ok, true);
  });

  it('restore keeps the license active, destroy is final', () => {
    assert.deepEqual(applyLicenseOperation(active, 'restore', { today }), { ok: true, next: active });
    const destroyed = applyLicenseOperation(active, 'destroy', { today });
    assert.deepEqual(destroyed, { ok: true, next: { status: 'destroyed', device: null, expiresOn: null } });
    for (const op of ['activate', 'transfer', 'restore', 'destroy'] as const) {
      assert.equal(applyLicenseOperation({ status: 'destroyed', device: null, expiresOn: null }, op, { device: 'PC', today }).ok, false, op);
    }
    assert.equal(applyLicenseOperation({ status: 'recalled', device: 'PC', expiresOn: null }, 'activate', { device: 'PC', today }).ok, false);
  });
});
