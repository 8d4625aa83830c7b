// The display formats (templates/formats.ts) against hand-worked values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount, formatDate, formatDateTime, formatList, formatMoney } from '../templates/formats.ts';

describe('display formats', () => {
  it('money is integer cents with its currency: "14,90 EUR" in German, "EUR 14.90" in English', () => {
    assert.equal(formatMoney(1490, 'EUR', 'de'), '14,90 EUR');
    assert.equal(formatMoney(1490, 'EUR', 'en'), 'EUR 14.90');
    assert.equal(formatMoney(123456789, 'EUR', 'de'), '1.234.567,89 EUR');
    assert.equal(formatMoney(-5, 'GBP', 'en'), 'GBP -0.05');
    assert.equal(formatMoney(0, 'EUR', 'de'), '0,00 EUR');
    assert.throws(() => formatMoney(14.9, 'EUR', 'de'), RangeError);
  });

  it('counts carry the thousands separator of the language: "10.000" / "10,000"', () => {
    assert.equal(formatCount(10_000, 'de'), '10.000');
    assert.equal(formatCount(10_000, 'en'), '10,000');
    assert.equal(formatCount(1_234_567, 'de'), '1.234.567');
    assert.equal(formatCount(999, 'en'), '999');
  });

  it('lists are their values with the unit once: "14, 30, 60 days"; an empty list a dash', () => {
    assert.equal(formatList([14, 30, 60], 'days'), '14, 30, 60 days');
    assert.equal(formatList([1, 12, 24], 'Monate'), '1, 12, 24 Monate');
    assert.equal(formatList(['Demo', 'NFR']), 'Demo, NFR');
    assert.equal(formatList([], 'days'), '–');
  });

  it('dates day first; times are the wall clock of the vendor\'s zone', () => {
    assert.equal(formatDate('2026-03-05', 'de'), '05.03.2026');
    assert.equal(formatDate('2026-03-05', 'en'), '5 Mar 2026');
    // 23:30 UTC on 31 March is 01:30 on 1 April in Berlin (summer time, UTC+2).
    assert.equal(formatDateTime(new Date('2026-03-31T23:30:00Z'), 'de', 'Europe/Berlin'), '01.04.2026, 01:30');
    assert.equal(formatDateTime(new Date('2026-01-15T09:05:00Z'), 'en', 'Europe/Berlin'), '15 Jan 2026, 10:05');
    assert.equal(formatDateTime(new Date('2026-01-15T09:05:00Z'), 'en', 'Europe/London'), '15 Jan 2026, 09:05');
  });
});
