/**
 * The start page's figures, as pure functions over rows the dashboard services read
 * (services/dashboard.ts): months to show, rows pivoted into chart series, counts over a value list,
 * and the GDPR Art. 12(3) answer deadline of an erasure request.
 */
import { addMonthsClamped, addPeriods, periodOf, type IsoDate, type Period } from '../../reports/calendar.ts';

/** The `count` calendar months up to and including the one `today` falls in, oldest first. */
export function lastPeriods(today: IsoDate, count: number): Period[] {
  const current = periodOf(today);
  return Array.from({ length: count }, (_, i) => addPeriods(current, i - count + 1));
}

export interface Series { key: string; label: string; values: number[] }

/** One value per period and series (a reseller): the bars of a stacked chart. */
export interface PeriodChart { periods: Period[]; series: Series[] }

export interface PeriodRow { period: Period; key: string; label: string; value: number }

/**
 * Rows of (period, series, value) as one value per period for each series; rows outside `periods`
 * are left out, a missing period is 0. The `maxSeries - 1` largest series (by their sum) keep their
 * own bars; the rest are added up as one series labelled `othersLabel`, so a chart stays readable
 * with hundreds of resellers. Series come largest first, ties by label.
 */
export function pivotByPeriod(rows: readonly PeriodRow[], periods: readonly Period[], maxSeries: number, othersLabel: string): PeriodChart {
  const index = new Map(periods.map((period, i) => [period, i]));
  const byKey = new Map<string, Series>();
  for (const row of rows) {
    const at = index.get(row.period);
    if (at === undefined) continue;
    let series = byKey.get(row.key);
    if (!series) byKey.set(row.key, series = { key: row.key, label: row.label, values: periods.map(() => 0) });
    series.values[at] += row.value;
  }
  const sum = (s: Series) => s.values.reduce((a, b) => a + b, 0);
  const sorted = [...byKey.values()].sort((a, b) => sum(b) - sum(a) || a.label.localeCompare(b.label));
  if (sorted.length <= maxSeries) return { periods: [...periods], series: sorted };
  const kept = sorted.slice(0, maxSeries - 1);
  const others: Series = { key: 'others', label: othersLabel, values: periods.map(() => 0) };
  for (const series of sorted.slice(maxSeries - 1)) series.values.forEach((v, i) => { others.values[i] += v; });
  return { periods: [...periods], series: [...kept, others] };
}

/** How many rows hold each value of a value list, in the list's order (0 where none). */
export function countByValue<V extends string>(values: readonly V[], rows: readonly { value: string; count: number }[]): { value: V; count: number }[] {
  return values.map((value) => ({ value, count: rows.filter((row) => row.value === value).reduce((n, row) => n + row.count, 0) }));
}

/**
 * GDPR Art. 12(3): the controller answers a request "within one month of receipt of the request".
 * The month is counted as a calendar month from the day received, clamped to the month's last day
 * (received 31 January → 28/29 February), as the EU rule on periods (Regulation 1182/71, Art. 3(2)(c)) reads.
 */
export function art12Deadline(received: IsoDate): IsoDate {
  return addMonthsClamped(received, 1);
}
