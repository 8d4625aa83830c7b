import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { trialTerms } from '../models/domain/customer-trials.ts';
import type { Frame } from '../models/domain/frame.ts';

const frame = (over: Partial<Frame>): Frame => ({ demoDays: [14, 30], minSeats: 1, maxSeats: 50, termMonths: [12], articleKinds: ['demo', 'subscription'], ...over });

describe('trial licenses for a new customer: the terms inside the frame', () => {
  it('the least seats and the shortest demo, today its first day', () => {
    // 14 days from 2026-03-01: the 1st is day 1, the 14th the last.
    assert.deepEqual(trialTerms(frame({}), '2026-03-01'), { kind: 'demo', seats: 1, expiresOn: '2026-03-14' });
    assert.deepEqual(trialTerms(frame({ demoDays: [60, 30], minSeats: 5 }), '2026-12-15'), { kind: 'demo', seats: 5, expiresOn: '2027-01-13' });
  });
  it('no trials where the frame carries no demo, allows no duration or no seat count', () => {
    assert.equal(trialTerms(frame({ articleKinds: ['subscription'] }), '2026-03-01'), null);
    assert.equal(trialTerms(frame({ demoDays: [] }), '2026-03-01'), null);
    assert.equal(trialTerms(frame({ minSeats: 10, maxSeats: 5 }), '2026-03-01'), null);
  });
});
