import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dailyLicensingChange, freeKeyProblem, nfrTermMonths, quotaHolderId, recallTermEnded, renewedUntil, type LicenseForJob } from '../models/domain/licensing-rules.ts';
import { english } from './support/english.ts';

const license = (over: Partial<LicenseForJob>): LicenseForJob => ({
  kind: 'full', status: 'active', device: 'PC-1', expiresOn: null, articleInterval: 'month', recallEndsOn: null, ...over,
});

describe('licensing rules: demo licenses', () => {
  it('a demo expires the day after its last day, not on it', () => {
    assert.equal(dailyLicensingChange(license({ kind: 'demo', expiresOn: '2026-03-14' }), '2026-03-14'), null);
    assert.deepEqual(dailyLicensingChange(license({ kind: 'demo', expiresOn: '2026-03-14' }), '2026-03-15'),
      { operation: 'expire', next: { status: 'expired', device: 'PC-1', expiresOn: '2026-03-14' } });
  });
  it('an inactive demo expires too; an expired or destroyed one is left alone', () => {
    assert.equal(dailyLicensingChange(license({ kind: 'demo', status: 'inactive', device: null, expiresOn: '2026-01-31' }), '2026-02-01')?.operation, 'expire');
    assert.equal(dailyLicensingChange(license({ kind: 'demo', status: 'expired', expiresOn: '2026-01-31' }), '2026-02-01'), null);
    assert.equal(dailyLicensingChange(license({ kind: 'demo', status: 'destroyed', device: null, expiresOn: '2026-01-31' }), '2026-02-01'), null);
  });
  it('full, subscription and ALM licenses past their date are not touched', () => {
    for (const kind of ['full', 'subscription', 'alm']) assert.equal(dailyLicensingChange(license({ kind, expiresOn: '2025-01-01' }), '2026-02-01'), null);
  });
});

describe('licensing rules: NFR licenses', () => {
  it('the term is the article interval: month 1, year 12', () => {
    assert.equal(nfrTermMonths('month'), 1);
    assert.equal(nfrTermMonths('year'), 12);
  });
  it('renews on its last day, by one term from the old last day', () => {
    assert.equal(dailyLicensingChange(license({ kind: 'nfr', expiresOn: '2026-03-15' }), '2026-03-14'), null);
    assert.deepEqual(dailyLicensingChange(license({ kind: 'nfr', expiresOn: '2026-03-15' }), '2026-03-15'),
      { operation: 'renew', next: { status: 'active', device: 'PC-1', expiresOn: '2026-04-15' } });
    assert.equal(dailyLicensingChange(license({ kind: 'nfr', articleInterval: 'year', expiresOn: '2026-03-15' }), '2026-03-15')?.next.expiresOn, '2027-03-15');
  });
  it('catches up whole terms after missed days, counted from the old last day (31st kept)', () => {
    // Jan 31 + 1 = Feb 28 (<= Mar 2), + 2 = Mar 31 > Mar 2.
    assert.equal(renewedUntil('2026-01-31', 1, '2026-03-02'), '2026-03-31');
    assert.equal(renewedUntil('2026-01-31', 1, '2026-01-31'), '2026-02-28');
    assert.equal(renewedUntil('2024-02-29', 12, '2024-02-29'), '2025-02-28');
    assert.throws(() => renewedUntil('2026-01-31', 0, '2026-02-01'), RangeError);
  });
  it('an NFR without a last day, or expired/destroyed, is left alone', () => {
    assert.equal(dailyLicensingChange(license({ kind: 'nfr', expiresOn: null }), '2026-03-15'), null);
    assert.equal(dailyLicensingChange(license({ kind: 'nfr', status: 'expired', expiresOn: '2026-03-01' }), '2026-03-15'), null);
  });
  it('after renewing, the same day finds nothing more to do', () => {
    const first = dailyLicensingChange(license({ kind: 'nfr', expiresOn: '2026-03-15' }), '2026-03-15')!;
    assert.equal(dailyLicensingChange(license({ kind: 'nfr', ...first.next }), '2026-03-15'), null);
  });
});

describe('licensing rules: licenses on recall', () => {
  it('removed on the day the cancelled subscription ends (its first uncovered day)', () => {
    const recalled = license({ kind: 'subscription', status: 'recalled', recallEndsOn: '2026-04-01' });
    assert.equal(dailyLicensingChange(recalled, '2026-03-31'), null);
    assert.deepEqual(dailyLicensingChange(recalled, '2026-04-01'),
      { operation: 'remove', next: { status: 'destroyed', device: null, expiresOn: null } });
  });
  it('without a subscription end, after its own last day; with neither, at once', () => {
    assert.equal(recallTermEnded({ recallEndsOn: null, expiresOn: '2026-04-01' }, '2026-04-01'), false);
    assert.equal(recallTermEnded({ recallEndsOn: null, expiresOn: '2026-04-01' }, '2026-04-02'), true);
    assert.equal(recallTermEnded({ recallEndsOn: null, expiresOn: null }, '2026-04-02'), true);
  });
  it('a removed license is not touched again', () => {
    assert.equal(dailyLicensingChange(license({ status: 'destroyed', device: null }), '2026-04-02'), null);
  });
});

describe('free additional keys', () => {
  const alm = { kind: 'alm', status: 'active' as const, expiresOn: '2027-01-31', drawnFromId: null };
  const quota = { used: 1, quota: 2, holder: 'Reseller A' };
  it('a customer draws against its partner above, a service provider or integrator against its own', () => {
    assert.equal(quotaHolderId({ id: 9, views: ['customer'], parentId: 3 }), 3);
    assert.equal(quotaHolderId({ id: 7, views: ['service_provider'], parentId: 1 }), 7);
    assert.equal(quotaHolderId({ id: 8, views: ['system_integrator'], parentId: 1 }), 8);
    assert.equal(quotaHolderId({ id: 1, views: ['customer'], parentId: null }), 1);
  });
  it('only from an ALM license in use, not from a free key', () => {
    assert.equal(freeKeyProblem(alm, quota, '2027-01-31'), null);
    assert.match(english(freeKeyProblem({ ...alm, kind: 'subscription' }, quota, '2027-01-31')), /only with Annual License Model/);
    assert.match(english(freeKeyProblem({ ...alm, drawnFromId: 4 }, quota, '2027-01-31')), /free additional key itself/);
    assert.match(english(freeKeyProblem(alm, quota, '2027-02-01')), /no longer in use/);
    for (const status of ['expired', 'recalled', 'destroyed'] as const) assert.match(english(freeKeyProblem({ ...alm, status }, quota, '2027-01-01')), /no longer in use/);
  });
  it('within the quota: the last free key and not one more', () => {
    assert.equal(freeKeyProblem(alm, { ...quota, used: 1 }, '2027-01-01'), null);
    assert.equal(english(freeKeyProblem(alm, { ...quota, used: 2 }, '2027-01-01')), 'The quota of free additional keys of Reseller A is used up (2 of 2).');
    assert.equal(english(freeKeyProblem(alm, { used: 0, quota: 0, holder: 'Reseller A' }, '2027-01-01')), 'Reseller A has no quota of free additional keys.');
  });
});
