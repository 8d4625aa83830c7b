// The calendar day of an instant as the vendor sees it: a statement issued at 00:30 Berlin time
// on the 1st belongs to that day, although it is still the previous day in UTC.
import { isValidPeriod, periodEnd, periodOf, previousPeriod, compareIsoDates, type IsoDate, type Period } from '../../reports/calendar.ts';

// Making an Intl.DateTimeFormat costs far more than using one (a list computes days left per row): one per time zone.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function calendarDateIn(instant: Date, timeZone: string): IsoDate {
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));
  const parts = format.formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The period a scheduled run at `slot` issues: the month before the slot's month in the vendor's zone. */
export function periodBefore(slot: Date, timeZone: string): Period {
  return previousPeriod(periodOf(calendarDateIn(slot, timeZone)));
}

/**
 * Why `period` cannot be issued on `today`, or null. A month still running would be charged from
 * data that may yet change, and once issued a statement never changes.
 */
export function periodProblem(period: string, today: IsoDate): string | null {
  if (!isValidPeriod(period)) return `Not a period: "${period}" (expected YYYY-MM, e.g. 2026-01).`;
  if (compareIsoDates(periodEnd(period), today) >= 0) return `Period ${period} has not ended yet (today is ${today}); only past months are issued.`;
  return null;
}

/** The first instant of `date` in `timeZone` (its local midnight, or the first hour after a gap). */
export function startOfDayIn(date: IsoDate, timeZone: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(new Date(instant));
    const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - instant;
  };
  // The offset at the guess, not at UTC midnight, is the one in force at local midnight (DST changes).
  let start = utcMidnight - offsetAt(utcMidnight);
  start = utcMidnight - offsetAt(start);
  while (calendarDateIn(new Date(start), timeZone) < date) start += 3_600_000;
  return new Date(start);
}
