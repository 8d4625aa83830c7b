// Calendar dates and billing periods as plain strings. All arithmetic goes through integer day
// numbers so that neither the process time zone nor DST can shift a date by a day.

/** A calendar date 'YYYY-MM-DD'. */
export type IsoDate = string;
/** A calendar month 'YYYY-MM'. */
export type Period = string;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface YearMonth {
  year: number;
  month: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^(\d{4})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function isValidIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function parseIsoDate(value: IsoDate): CalendarDate {
  if (!isValidIsoDate(value)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  const [year, month, day] = value.split('-').map(Number);
  return { year, month, day };
}

export function formatIsoDate({ year, month, day }: CalendarDate): IsoDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function isValidPeriod(value: string): boolean {
  const m = PERIOD.exec(value);
  return m !== null && Number(m[1]) >= 1 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export function parsePeriod(value: Period): YearMonth {
  if (!isValidPeriod(value)) throw new RangeError(`Not a period (YYYY-MM): ${JSON.stringify(value)}`);
  const [year, month] = value.split('-').map(Number);
  return { year, month };
}

export function formatPeriod({ year, month }: YearMonth): Period {
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
// Pure integer arithmetic: Date.UTC would map years 0–99 to 1900–1999.
export function dayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function fromDayNumber(days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`Not a day number: ${days}`);
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return formatIsoDate({ year, month, day });
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Number of days from `from` up to (excluding) `to`; negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * `date` moved by whole months, the day of month kept and clamped to the target month's last day.
 * Callers that step repeatedly must always start from the original date: clamping loses the day
 * (Jan 31 → Feb 29 → Mar 29 would be wrong; Jan 31 + 2 months is Mar 31).
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`Not a whole number of months: ${months}`);
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const target = { year: Math.floor(index / 12), month: (index % 12) + 1 };
  return formatIsoDate({ ...target, day: Math.min(day, daysInMonth(target.year, target.month)) });
}

export function periodOf(date: IsoDate): Period {
  const { year, month } = parseIsoDate(date);
  return formatPeriod({ year, month });
}

export function periodStart(period: Period): IsoDate {
  return formatIsoDate({ ...parsePeriod(period), day: 1 });
}

/** The last day of the period (inclusive). */
export function periodEnd(period: Period): IsoDate {
  const { year, month } = parsePeriod(period);
  return formatIsoDate({ year, month, day: daysInMonth(year, month) });
}

export function addPeriods(period: Period, months: number): Period {
  return periodOf(addMonthsClamped(periodStart(period), months));
}

export function nextPeriod(period: Period): Period {
  return addPeriods(period, 1);
}

export function previousPeriod(period: Period): Period {
  return addPeriods(period, -1);
}

// Through day numbers so that a malformed date throws instead of sorting silently.
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return Math.sign(dayNumber(a) - dayNumber(b));
}

export function comparePeriods(a: Period, b: Period): number {
  return compareIsoDates(periodStart(a), periodStart(b));
}

export function minIsoDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((min, date) => (compareIsoDates(date, min) < 0 ? date : min), first);
}

export function maxIsoDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((max, date) => (compareIsoDates(date, max) > 0 ? date : max), first);
}
