// Expected values are computed by hand in the comments.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adjustmentsFor } from '../reports/adjustments.ts';
import { subscription } from './support/subscriptions.ts';

describe('adjustments (rule 7)', () => {
  it('refunds the full charged amount after a late reversal', () => {
    const reversed = subscription({ cancelledOn: '2024-03-20', cancelReason: 'reversal' });
    const result = adjustmentsFor({
      issuedPeriods: [{ period: '2024-02', mode: 'prorated' }, { period: '2024-03', mode: 'prorated' }],
      subscriptions: [reversed],
      charged: [
        { subscriptionRef: 'S-1', chargedPeriod: '2024-02', amountCents: 3100 },
        { subscriptionRef: 'S-1', chargedPeriod: '2024-03', amountCents: 3100 },
      ],
    });
    assert.deepEqual(
      result.map((a) => [a.chargedPeriod, a.amountCents, a.owedNow]),
      [['2024-02', -3100, null], ['2024-03', -3100, null]],
    );
  });

  it('credits the days after a backdated termination', () => {
    // start Jan 15, monthly terms; terminated Feb 20 → inside term 2 (Feb 15..Mar 14) → E = Mar 15
    const terminated = subscription({ start: '2024-01-15', terminatedOn: '2024-02-20' });
    const result = adjustmentsFor({
      issuedPeriods: [{ period: '2024-02', mode: 'prorated' }, { period: '2024-03', mode: 'prorated' }],
      subscriptions: [terminated],
      charged: [
        { subscriptionRef: 'S-1', chargedPeriod: '2024-02', amountCents: 3100 },
        { subscriptionRef: 'S-1', chargedPeriod: '2024-03', amountCents: 3100 },
      ],
    });
    // February unchanged; March now Mar 1..14 = 14 days: 3100 × 14 / 31 = 1400; 1400 − 3100 = −1700
    assert.equal(result.length, 1);
    assert.equal(result[0].chargedPeriod, '2024-03');
    assert.equal(result[0].owedCents, 1400);
    assert.equal(result[0].chargedCents, 3100);
    assert.equal(result[0].amountCents, -1700);
    assert.deepEqual([result[0].owedNow?.from, result[0].owedNow?.to, result[0].owedNow?.days], ['2024-03-01', '2024-03-14', 14]);
  });

  it('settles with the mode recorded for the issued period', () => {
    // cutoff: not active on Mar 31 any more → owes 0; −3100
    const result = adjustmentsFor({
      issuedPeriods: [{ period: '2024-03', mode: 'cutoff' }],
      subscriptions: [subscription({ start: '2024-01-15', terminatedOn: '2024-02-20' })],
      charged: [{ subscriptionRef: 'S-1', chargedPeriod: '2024-03', amountCents: 3100 }],
    });
    assert.deepEqual(result.map((a) => a.amountCents), [-3100]);

    // started Mar 10, charged in full under cutoff; prorated would be 2200 but nothing changed
    const unchanged = adjustmentsFor({
      issuedPeriods: [{ period: '2024-03', mode: 'cutoff' }],
      subscriptions: [subscription({ start: '2024-03-10' })],
      charged: [{ subscriptionRef: 'S-1', chargedPeriod: '2024-03', amountCents: 3100 }],
    });
    assert.deepEqual(unchanged, []);
  });

  it('yields nothing when nothing changed', () => {
    const result = adjustmentsFor({
      issuedPeriods: [{ period: '2024-02', mode: 'prorated' }, { period: '2024-03', mode: 'prorated' }],
      subscriptions: [subscription({}), subscription({ ref: 'S-2', unitPriceCents: 0 })],
      charged: [
        { subscriptionRef: 'S-1', chargedPeriod: '2024-02', amountCents: 3100 },
        { subscriptionRef: 'S-1', chargedPeriod: '2024-03', amountCents: 3100 },
      ],
    });
    assert.deepEqual(result, []);
  });

  it('counts an earlier adjustment as charged, so it is not repeated', () => {
    const result = adjustmentsFor({
      issuedPeriods: [{ period: '2024-03', mode: 'prorated' }, { period: '2024-04', mode: 'prorated' }],
      subscriptions: [subscription({ start: '2024-01-15', terminatedOn: '2024-02-20' })],
      charged: [
        { subscriptionRef: 'S-1', chargedPeriod: '2024-03', amountCents: 3100 },
        // adjustment for March issued on the April statement: 3100 − 1700 = 1400 = owed now
        { subscriptionRef: 'S-1', chargedPeriod: '2024-03', amountCents: -1700 },
      ],
    });
    assert.deepEqual(result, []);
  });

  it('charges a subscription backdated into an issued period', () => {
    const result = adjustmentsFor({
      issuedPeriods: [{ period: '2024-03', mode: 'prorated' }],
      subscriptions: [subscription({ ref: 'S-9', start: '2024-03-10' })],
      charged: [],
    });
    // Mar 10..31 = 22 days; 3100 × 22 / 31 = 2200
    assert.deepEqual(result.map((a) => [a.subscriptionRef, a.amountCents]), [['S-9', 2200]]);
  });

  it('refuses charged sums for a subscription it was not given', () => {
    assert.throws(
      () =>
        adjustmentsFor({
          issuedPeriods: [{ period: '2024-03', mode: 'prorated' }],
          subscriptions: [],
          charged: [{ subscriptionRef: 'S-404', chargedPeriod: '2024-03', amountCents: 3100 }],
        }),
      /S-404/,
    );
  });
});
