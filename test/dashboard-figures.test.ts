// The start page's figures (models/domain/dashboard-figures.ts) against hand-worked values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { art12Deadline, countByValue, lastPeriods, pivotByPeriod } from '../models/domain/dashboard-figures.ts';

describe('dashboard figures', () => {
  it('the last months end with the current one, across a year\'s end', () => {
    assert.deepEqual(lastPeriods('2026-02-14', 4), ['2025-11', '2025-12', '2026-01', '2026-02']);
    assert.deepEqual(lastPeriods('2026-12-31', 1), ['2026-12']);
  });

  it('rows become one value per month and reseller; months outside the window are left out, missing ones are 0', () => {
    const chart = pivotByPeriod([
      { period: '2026-01', key: '7', label: 'Reseller A', value: 3 },
      { period: '2026-03', key: '7', label: 'Reseller A', value: 2 },
      { period: '2026-02', key: '9', label: 'Reseller B', value: 1 },
      { period: '2025-12', key: '9', label: 'Reseller B', value: 50 },
      { period: '2026-01', key: '7', label: 'Reseller A', value: 1 },
    ], ['2026-01', '2026-02', '2026-03'], 5, 'others');
    assert.deepEqual(chart, {
      periods: ['2026-01', '2026-02', '2026-03'],
      series: [
        { key: '7', label: 'Reseller A', values: [4, 0, 2] }, // 6 in the window: first
        { key: '9', label: 'Reseller B', values: [0, 1, 0] }, // its 50 of December is outside
      ],
    });
  });

  it('beyond the series a chart can show, the smallest are added up as "others"', () => {
    const rows = [
      { period: '2026-01', key: 'a', label: 'A', value: 10 },
      { period: '2026-01', key: 'b', label: 'B', value: 5 },
      { period: '2026-02', key: 'c', label: 'C', value: 5 },
      { period: '2026-02', key: 'd', label: 'D', value: 1 },
    ];
    const chart = pivotByPeriod(rows, ['2026-01', '2026-02'], 3, 'others');
    // A (10) and then B (5) before C (5) by label; C + D = 0 + 0 | 5 + 1.
    assert.deepEqual(chart.series, [
      { key: 'a', label: 'A', values: [10, 0] },
      { key: 'b', label: 'B', values: [5, 0] },
      { key: 'others', label: 'others', values: [0, 6] },
    ]);
    assert.equal(pivotByPeriod(rows, ['2026-01', '2026-02'], 4, 'others').series.length, 4, 'four fit: no "others"');
  });

  it('counts follow the value list, 0 where nothing has the value', () => {
    assert.deepEqual(countByValue(['inactive', 'active', 'expired'], [{ value: 'expired', count: 2 }, { value: 'active', count: 5 }]),
      [{ value: 'inactive', count: 0 }, { value: 'active', count: 5 }, { value: 'expired', count: 2 }]);
  });

  it('Art. 12: an erasure request is answered within one calendar month of its receipt', () => {
    assert.equal(art12Deadline('2026-03-10'), '2026-04-10');
    assert.equal(art12Deadline('2026-01-31'), '2026-02-28', 'no 31 February: the month\'s last day');
    assert.equal(art12Deadline('2028-01-30'), '2028-02-29', 'a leap year');
    assert.equal(art12Deadline('2026-12-15'), '2027-01-15');
  });
});
