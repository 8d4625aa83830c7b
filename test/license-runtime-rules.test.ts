import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { daysLeft, extendedRuntime, extensionConflict, extensionProblems, runtimeText, type LicenseRuntime } from '../models/domain/license-runtime.ts';
import type { Frame } from '../models/domain/frame.ts';
import { english } from './support/english.ts';
import type { FrameProblem } from '../models/domain/frame.ts';

/** A problem as the API reads it (English). */
const said = (problem: FrameProblem) => ({ field: problem.field, message: english(problem.message) });

const license = (over: Partial<LicenseRuntime>): LicenseRuntime => ({ kind: 'demo', status: 'active', device: 'PC-1', expiresOn: '2026-03-14', ...over });
// Reseller B's Office Suite frame in the demo data.
const officeB: Frame = { demoDays: [14, 30], minSeats: 1, maxSeats: 50, termMonths: [1, 12, 24, 36], articleKinds: ['demo', 'nfr', 'subscription'] };
const label = { group: 'Office Suite', holder: 'Reseller B Ltd' };

describe('license runtime: what may be extended', () => {
  it('subscription licenses, the channel on NFR, licenses without expiry, recalled and destroyed ones: no', () => {
    assert.match(english(extensionConflict(license({ kind: 'subscription' }), true)), /subscription/);
    assert.match(english(extensionConflict(license({ kind: 'nfr' }), false)), /NFR/);
    assert.equal(extensionConflict(license({ kind: 'nfr' }), true), null);
    assert.match(english(extensionConflict(license({ kind: 'full', expiresOn: null }), true)), /no expiry/);
    assert.match(english(extensionConflict(license({ status: 'recalled' }), true)), /recalled/);
    assert.match(english(extensionConflict(license({ status: 'destroyed', device: null }), false)), /destroyed/);
  });
  it('a running or expired demo and an ALM license: yes', () => {
    assert.equal(extensionConflict(license({}), false), null);
    assert.equal(extensionConflict(license({ status: 'expired' }), false), null);
    assert.equal(extensionConflict(license({ kind: 'alm', expiresOn: '2027-01-01' }), false), null);
  });
});

describe('license runtime: the frame', () => {
  it('demo days from the frame\'s list, at the boundary values', () => {
    assert.deepEqual(extensionProblems('demo', { days: 14, months: null }, officeB, label).map(said), []);
    assert.deepEqual(extensionProblems('demo', { days: 30, months: null }, officeB, label).map(said), []);
    assert.deepEqual(extensionProblems('demo', { days: 60, months: null }, officeB, label).map(said),
      [{ field: 'days', message: 'days must be one of 14 or 30 for Office Suite at Reseller B Ltd' }]);
    assert.deepEqual(extensionProblems('demo', { days: 13, months: null }, officeB, label).map(said).map((p) => p.field), ['days']);
  });
  it('months from the frame\'s terms for an ALM license; the other unit is refused', () => {
    const almFrame = { ...officeB, articleKinds: ['alm'] };
    assert.deepEqual(extensionProblems('alm', { days: null, months: 12 }, almFrame, label).map(said), []);
    assert.deepEqual(extensionProblems('alm', { days: null, months: 6 }, almFrame, label).map(said),
      [{ field: 'months', message: 'months must be one of 1, 12, 24 or 36 for Office Suite at Reseller B Ltd' }]);
    assert.deepEqual(extensionProblems('alm', { days: 30, months: 12 }, almFrame, label).map(said),
      [{ field: 'days', message: 'days: alm licenses are extended by months' }]);
  });
  it('nothing sent names the allowed values; a kind the frame no longer carries is refused', () => {
    assert.deepEqual(extensionProblems('demo', { days: null, months: null }, officeB, label).map(said),
      [{ field: 'days', message: 'days is required to extend a demo license: one of 14 or 30 for Office Suite at Reseller B Ltd' }]);
    assert.deepEqual(extensionProblems('alm', { days: null, months: 12 }, officeB, label).map(said).map((p) => p.field), ['kind']);
  });
  it('vendor staff: any whole number from 1 to the bound', () => {
    assert.deepEqual(extensionProblems('demo', { days: 7, months: null }, null, label).map(said), []);
    assert.deepEqual(extensionProblems('demo', { days: 365, months: null }, null, label).map(said), []);
    assert.deepEqual(extensionProblems('demo', { days: 366, months: null }, null, label).map(said), [{ field: 'days', message: 'days must be between 1 and 365' }]);
    assert.deepEqual(extensionProblems('alm', { days: null, months: 0 }, null, label).map(said), [{ field: 'months', message: 'months must be between 1 and 120' }]);
  });
});

describe('license runtime: the new last day', () => {
  it('a running license is extended from its last day', () => {
    // 2026-03-14 + 30 days = 2026-04-13.
    assert.deepEqual(extendedRuntime(license({}), { days: 30, months: null }, '2026-03-01'), { status: 'active', device: 'PC-1', expiresOn: '2026-04-13' });
    // On its last day: from the last day too.
    assert.equal(extendedRuntime(license({}), { days: 14, months: null }, '2026-03-14').expiresOn, '2026-03-28');
    // Jan 31 + 1 month clamps to Feb 28.
    assert.equal(extendedRuntime(license({ kind: 'alm', expiresOn: '2027-01-31' }), { days: null, months: 1 }, '2026-12-01').expiresOn, '2027-02-28');
  });
  it('a lapsed license is extended from today, an expired one is back in use', () => {
    assert.deepEqual(extendedRuntime(license({ status: 'expired' }), { days: 14, months: null }, '2026-04-01'), { status: 'active', device: 'PC-1', expiresOn: '2026-04-14' });
    assert.equal(extendedRuntime(license({ status: 'expired', device: null }), { days: 14, months: null }, '2026-04-01').status, 'inactive');
    // Lapsed yesterday but not yet expired by the job: today is the first of the 30 days, status kept.
    assert.deepEqual(extendedRuntime(license({ status: 'inactive', device: null }), { days: 30, months: null }, '2026-03-15'), { status: 'inactive', device: null, expiresOn: '2026-04-13' });
  });
});

describe('license runtime: what is left', () => {
  it('days left after today: none on the last day, never negative, null without expiry', () => {
    assert.equal(daysLeft('2026-03-14', '2026-03-01'), 13);
    assert.equal(daysLeft('2026-03-14', '2026-03-13'), 1);
    assert.equal(daysLeft('2026-03-14', '2026-03-14'), 0);
    assert.equal(daysLeft('2026-03-14', '2026-04-01'), 0);
    assert.equal(daysLeft(null, '2026-04-01'), null);
  });
  it('one line with runtime and service entitlement', () => {
    assert.equal(runtimeText({ ...license({}), serviceUntil: '2027-01-01' }, '2026-03-13'), '1 day left (until 2026-03-14) · service until 2027-01-01');
    assert.equal(runtimeText({ ...license({}), serviceUntil: null }, '2026-03-14'), 'last day today · no service entitlement');
    assert.equal(runtimeText({ ...license({ status: 'expired' }), serviceUntil: '2026-03-01' }, '2026-03-20'), 'ended 2026-03-14 · service ended 2026-03-01');
    assert.equal(runtimeText({ ...license({ kind: 'full', expiresOn: null }), serviceUntil: null }, '2026-03-20'), 'no expiry · no service entitlement');
    assert.equal(runtimeText({ ...license({ status: 'recalled' }), serviceUntil: null }, '2026-03-01'), 'recalled · no service entitlement');
  });
});
