// Expected values are computed by hand in the comments; none is derived from the code under test.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addMonthsClamped, dayNumber, fromDayNumber, isValidIsoDate } from '../reports/calendar.ts';
import {
  chargeFor,
  exclusiveEnd,
  owedCents,
  termStart,
} from '../reports/subscription-charges.ts';
import { subscription } from './support/subscriptions.ts';

describe('calendar', () => {
  it('round-trips day numbers across leap days and centuries', () => {
    assert.equal(dayNumber('1970-01-01'), 0);
    assert.equal(dayNumber('2024-03-01') - dayNumber('2024-02-28'), 2); // 2024 is a leap year
    assert.equal(dayNumber('2100-03-01') - dayNumber('2100-02-28'), 1); // 2100 is not
    assert.equal(fromDayNumber(dayNumber('2000-02-29')), '2000-02-29'); // 2000 is
    assert.equal(fromDayNumber(dayNumber('0050-06-15')), '0050-06-15');
  });

  it('rejects dates that do not exist', () => {
    assert.equal(isValidIsoDate('2023-02-29'), false);
    assert.equal(isValidIsoDate('2024-02-29'), true);
    assert.equal(isValidIsoDate('2024-1-5'), false);
    assert.throws(() => dayNumber('2024-13-01'), RangeError);
  });

  it('clamps month ends, always from the original date', () => {
    assert.equal(addMonthsClamped('2024-01-31', 1), '2024-02-29');
    assert.equal(addMonthsClamped('2024-01-31', 2), '2024-03-31');
    assert.equal(addMonthsClamped('2023-01-31', 1), '2023-02-28');
    assert.equal(addMonthsClamped('2024-03-31', -1), '2024-02-29');
    assert.equal(addMonthsClamped('2024-11-30', 3), '2025-02-28');
  });
});

describe('rule 1: term starts', () => {
  it('keeps the day of month, clamped, counted from the original start', () => {
    const s = subscription({ start: '2024-01-31', termMonths: 1 });
    assert.equal(termStart(s, 1), '2024-01-31');
    assert.equal(termStart(s, 2), '2024-02-29'); // leap year
    assert.equal(termStart(s, 3), '2024-03-31'); // not Mar 29
    assert.equal(termStart(s, 14), '2025-02-28');
    assert.equal(termStart(subscription({ start: '2023-01-31' }), 2), '2023-02-28');
    assert.equal(termStart(subscription({ start: '2024-02-29', termMonths: 12 }), 2), '2025-02-28');
    assert.equal(termStart(subscription({ start: '2024-02-29', termMonths: 12 }), 5), '2028-02-29');
  });
});

describe('rule 2: exclusive end', () => {
  it('runs on without termination, cancellation or a stop of auto-renewal', () => {
    assert.equal(exclusiveEnd(subscription({})), null);
  });

  it('ends a terminated subscription at the start of the next term', () => {
    const base = { start: '2024-01-15', termMonths: 12 };
    assert.equal(exclusiveEnd(subscription({ ...base, terminatedOn: '2024-06-03' })), '2025-01-15');
    // the day a term starts belongs to that term
    assert.equal(exclusiveEnd(subscription({ ...base, terminatedOn: '2025-01-15' })), '2026-01-15');
    assert.equal(exclusiveEnd(subscription({ ...base, terminatedOn: '2025-01-14' })), '2025-01-15');
    // terminated before it started: term 1 still runs
    assert.equal(exclusiveEnd(subscription({ ...base, terminatedOn: '2023-12-01' })), '2025-01-15');
  });

  it('ends at the start of term 2 without auto-renewal', () => {
    assert.equal(exclusiveEnd(subscription({ start: '2024-01-31', termMonths: 1, autoRenew: false })), '2024-02-29');
    assert.equal(exclusiveEnd(subscription({ start: '2024-01-01', termMonths: 12, autoRenew: false })), '2025-01-01');
  });

  it('takes the earliest of all ends that apply', () => {
    const base = { start: '2024-01-01', termMonths: 12 };
    // auto-renewal off → 2025-01-01; terminated in term 2 → 2026-01-01
    assert.equal(exclusiveEnd(subscription({ ...base, autoRenew: false, terminatedOn: '2025-02-01' })), '2025-01-01');
    // terminated in term 1 → 2025-01-01; exchanged earlier on 2024-06-10
    assert.equal(
      exclusiveEnd(subscription({ ...base, terminatedOn: '2024-03-01', cancelledOn: '2024-06-10', cancelReason: 'exchange' })),
      '2024-06-10',
    );
    // exchanged after the terminated term already ended
    assert.equal(
      exclusiveEnd(subscription({ ...base, terminatedOn: '2024-03-01', cancelledOn: '2025-03-01', cancelReason: 'exchange' })),
      '2025-01-01',
    );
  });
});

describe('rule 3: reversal', () => {
  it('owes nothing for any period in either mode, monthly or yearly', () => {
    for (const interval of ['month', 'year'] as const) {
      const s = subscription({ interval, start: '2024-01-01', cancelledOn: '2024-05-20', cancelReason: 'reversal' });
      for (let m = 0; m < 24; m += 1) {
        const period = addMonthsClamped('2024-01-01', m).slice(0, 7);
        assert.equal(chargeFor(s, period, 'prorated'), null, `${interval} ${period} prorated`);
        assert.equal(chargeFor(s, period, 'cutoff'), null, `${interval} ${period} cutoff`);
      }
    }
  });
});

describe('rule 4: monthly, prorated', () => {
  it('charges a full month in full', () => {
    assert.deepEqual(chargeFor(subscription({ start: '2024-01-01' }), '2024-03', 'prorated'), {
      from: '2024-03-01', to: '2024-03-31', days: 31, quantity: 1, unitPriceCents: 3100, amountCents: 3100,
    });
  });

  it('charges a start inside the month to the day', () => {
    // Mar 10..31 = 22 days; 3100 × 22 / 31 = 2200
    assert.deepEqual(chargeFor(subscription({ start: '2024-03-10' }), '2024-03', 'prorated'), {
      from: '2024-03-10', to: '2024-03-31', days: 22, quantity: 1, unitPriceCents: 3100, amountCents: 2200,
    });
    assert.equal(chargeFor(subscription({ start: '2024-03-10' }), '2024-02', 'prorated'), null);
  });

  it('uses 29 days for February 2024 and 28 for February 2023', () => {
    // Feb 15..29 = 15 days; 2900 × 15 / 29 = 1500
    const leap = chargeFor(subscription({ start: '2024-02-15', unitPriceCents: 2900 }), '2024-02', 'prorated');
    assert.equal(leap?.days, 15);
    assert.equal(leap?.amountCents, 1500);
    // Feb 15..28 = 14 days; 2800 × 14 / 28 = 1400
    const common = chargeFor(subscription({ start: '2023-02-15', unitPriceCents: 2800 }), '2023-02', 'prorated');
    assert.equal(common?.days, 14);
    assert.equal(common?.amountCents, 1400);
  });

  it('charges an exchange up to the day before it (E exclusive)', () => {
    const s = subscription({ start: '2024-01-01', unitPriceCents: 3000, cancelledOn: '2024-04-11', cancelReason: 'exchange' });
    // Apr 1..10 = 10 days; 3000 × 10 / 30 = 1000
    assert.deepEqual(chargeFor(s, '2024-04', 'prorated'), {
      from: '2024-04-01', to: '2024-04-10', days: 10, quantity: 1, unitPriceCents: 3000, amountCents: 1000,
    });
    assert.equal(chargeFor(s, '2024-05', 'prorated'), null);
    // exchanged on the 1st: not a single day of that month
    assert.equal(chargeFor(subscription({ cancelledOn: '2024-05-01', cancelReason: 'exchange' }), '2024-05', 'prorated'), null);
  });

  it('ends a terminated yearly-term subscription at the next term start', () => {
    const s = subscription({ start: '2024-01-15', termMonths: 12, terminatedOn: '2024-06-03' });
    // Jan 1..14 2025 = 14 days; 3100 × 14 / 31 = 1400
    assert.deepEqual(chargeFor(s, '2025-01', 'prorated'), {
      from: '2025-01-01', to: '2025-01-14', days: 14, quantity: 1, unitPriceCents: 3100, amountCents: 1400,
    });
    assert.equal(chargeFor(s, '2025-02', 'prorated'), null);
    assert.equal(owedCents(s, '2024-12', 'prorated'), 3100);
  });

  it('stops a month-end start without auto-renewal at the clamped term 2 start', () => {
    const s = subscription({ start: '2024-01-31', autoRenew: false });
    // Jan 31 only: 3100 × 1 / 31 = 100
    assert.equal(owedCents(s, '2024-01', 'prorated'), 100);
    // E = Feb 29: Feb 1..28 = 28 days; 2900 × 28 / 29 = 2800
    assert.equal(owedCents({ ...s, unitPriceCents: 2900 }, '2024-02', 'prorated'), 2800);
    assert.equal(owedCents(s, '2024-03', 'prorated'), 0);
  });

  it('multiplies by the quantity', () => {
    // 3100 × 5 × 22 / 31 = 11000
    assert.equal(owedCents(subscription({ start: '2024-03-10', quantity: 5 }), '2024-03', 'prorated'), 11000);
  });

  it('rounds half up at exactly half a cent, per line', () => {
    // Apr 16..30 = 15 days; 1001 × 15 / 30 = 500.5 → 501 (half-to-even would give 500)
    assert.equal(owedCents(subscription({ start: '2024-04-16', unitPriceCents: 1001 }), '2024-04', 'prorated'), 501);
    // 1003 × 15 / 30 = 501.5 → 502
    assert.equal(owedCents(subscription({ start: '2024-04-16', unitPriceCents: 1003 }), '2024-04', 'prorated'), 502);
    // Apr 30 only: 1001 × 1 / 30 = 33.37 → 33
    assert.equal(owedCents(subscription({ start: '2024-04-30', unitPriceCents: 1001 }), '2024-04', 'prorated'), 33);
    // Apr 21..30 = 10 days; 1001 × 10 / 30 = 333.67 → 334
    assert.equal(owedCents(subscription({ start: '2024-04-21', unitPriceCents: 1001 }), '2024-04', 'prorated'), 334);
  });
});

describe('rule 4: monthly, cutoff', () => {
  it('charges the full month when active on its last day, even if it started that day', () => {
    assert.deepEqual(chargeFor(subscription({ start: '2024-04-30', unitPriceCents: 1999, quantity: 3 }), '2024-04', 'cutoff'), {
      from: '2024-04-01', to: '2024-04-30', days: 30, quantity: 3, unitPriceCents: 1999, amountCents: 5997,
    });
  });

  it('does not charge when E is the last day (inactive on it)', () => {
    const s = subscription({ start: '2024-01-01', unitPriceCents: 3000, cancelledOn: '2024-04-30', cancelReason: 'exchange' });
    assert.equal(chargeFor(s, '2024-04', 'cutoff'), null);
    // the same subscription prorated: Apr 1..29 = 29 days; 3000 × 29 / 30 = 2900
    assert.equal(owedCents(s, '2024-04', 'prorated'), 2900);
    assert.equal(owedCents(s, '2024-03', 'cutoff'), 3000);
  });

  it('does not charge a month-end term 2 start of Feb 29 in February', () => {
    const s = subscription({ start: '2024-01-31', autoRenew: false });
    assert.equal(owedCents(s, '2024-01', 'cutoff'), 3100);
    assert.equal(chargeFor(s, '2024-02', 'cutoff'), null);
  });
});

describe('rule 5: yearly', () => {
  it('charges the whole billing year in the month it starts, and nothing in other months', () => {
    const s = subscription({ interval: 'year', start: '2024-03-15', termMonths: 12, unitPriceCents: 120000 });
    // 2024-03-15 → 2025-03-15 spans Feb 2025 (28 days): 365 days, charged in full
    assert.deepEqual(chargeFor(s, '2024-03', 'prorated'), {
      from: '2024-03-15', to: '2025-03-14', days: 365, quantity: 1, unitPriceCents: 120000, amountCents: 120000,
    });
    assert.deepEqual(chargeFor(s, '2024-03', 'cutoff'), chargeFor(s, '2024-03', 'prorated'));
    assert.equal(chargeFor(s, '2024-04', 'prorated'), null);
    assert.equal(chargeFor(s, '2025-02', 'cutoff'), null);
    assert.equal(chargeFor(s, '2024-02', 'prorated'), null);
    assert.equal(chargeFor(s, '2025-03', 'cutoff')?.from, '2025-03-15');
  });

  it('prorates over 366 days in a leap billing year and 365 in a common one', () => {
    // 2024-01-10 → 2024-07-10: 31 + 29 + 31 + 30 + 31 + 30 = 182 days of 366; 36600 × 182 / 366 = 18200
    const leap = subscription({
      interval: 'year', start: '2024-01-10', termMonths: 12, unitPriceCents: 36600,
      cancelledOn: '2024-07-10', cancelReason: 'exchange',
    });
    assert.deepEqual(chargeFor(leap, '2024-01', 'cutoff'), {
      from: '2024-01-10', to: '2024-07-09', days: 182, quantity: 1, unitPriceCents: 36600, amountCents: 18200,
    });
    // 100000 × 182 / 366 = 49726.78 → 49727
    assert.equal(owedCents({ ...leap, unitPriceCents: 100000 }, '2024-01', 'prorated'), 49727);
    // 2023-01-10 → 2023-07-10: 31 + 28 + 31 + 30 + 31 + 30 = 181 days of 365; 36500 × 181 / 365 = 18100
    const common = { ...leap, start: '2023-01-10', unitPriceCents: 36500, cancelledOn: '2023-07-10' };
    assert.equal(chargeFor(common, '2023-01', 'prorated')?.days, 181);
    assert.equal(owedCents(common, '2023-01', 'prorated'), 18100);
  });

  it('does not charge a billing year that starts on or after E', () => {
    const s = subscription({ interval: 'year', start: '2024-01-10', termMonths: 12, unitPriceCents: 36600, autoRenew: false });
    assert.equal(owedCents(s, '2024-01', 'prorated'), 36600);
    assert.equal(chargeFor(s, '2025-01', 'prorated'), null);
  });

  it('clamps a Feb 29 start in common years', () => {
    const s = subscription({ interval: 'year', start: '2024-02-29', termMonths: 12, unitPriceCents: 36500, quantity: 2 });
    // 2024-02-29 → 2025-02-28: 365 days
    assert.deepEqual(chargeFor(s, '2024-02', 'prorated'), {
      from: '2024-02-29', to: '2025-02-27', days: 365, quantity: 2, unitPriceCents: 36500, amountCents: 73000,
    });
    // year 4: 2027-02-28 → 2028-02-29: 366 days; terminated inside it, so E = 2028-02-29 (no proration)
    const terminated = { ...s, terminatedOn: '2027-06-01' };
    assert.equal(chargeFor(terminated, '2027-02', 'prorated')?.days, 366);
    assert.equal(chargeFor(terminated, '2028-02', 'prorated'), null);
  });
});

describe('rule 6: zero amounts', () => {
  it('does not list NFR or demo articles priced 0', () => {
    assert.equal(chargeFor(subscription({ unitPriceCents: 0 }), '2024-03', 'prorated'), null);
    assert.equal(chargeFor(subscription({ unitPriceCents: 0 }), '2024-03', 'cutoff'), null);
    assert.equal(chargeFor(subscription({ interval: 'year', unitPriceCents: 0 }), '2024-01', 'cutoff'), null);
    assert.equal(owedCents(subscription({ unitPriceCents: 0 }), '2024-03', 'prorated'), 0);
  });

  it('does not list a share that rounds to 0', () => {
    // Apr 30 only: 10 × 1 / 30 = 0.33 → 0
    assert.equal(chargeFor(subscription({ start: '2024-04-30', unitPriceCents: 10 }), '2024-04', 'prorated'), null);
  });
});
