// What one subscription owes for one calendar month, following the statement rules in
// shared/DOMAIN.md ("Monthly reseller itemized statement"). Pure: no database, no clock.
import {
  addDays,
  addMonthsClamped,
  compareIsoDates,
  daysBetween,
  daysInMonth,
  maxIsoDate,
  minIsoDate,
  parseIsoDate,
  parsePeriod,
  periodEnd,
  periodStart,
  type IsoDate,
  type Period,
} from './calendar.ts';

export type StatementMode = 'prorated' | 'cutoff';
export type CancelReason = 'reversal' | 'exchange';

export interface Subscription {
  ref: string;
  interval: 'month' | 'year';
  quantity: number;
  unitPriceCents: number;
  start: IsoDate;
  termMonths: number;
  autoRenew: boolean;
  terminatedOn: IsoDate | null;
  cancelledOn: IsoDate | null;
  cancelReason: CancelReason | null;
}

export interface Charge {
  from: IsoDate;
  /** inclusive */
  to: IsoDate;
  days: number;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
}

/** Start of term n (1-based), always counted from the original start so month-end days survive. */
export function termStart(sub: Subscription, n: number): IsoDate {
  if (!Number.isInteger(sub.termMonths) || sub.termMonths < 1) {
    throw new RangeError(`Subscription ${sub.ref}: termMonths must be a positive integer, got ${sub.termMonths}`);
  }
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Term number must be a positive integer, got ${n}`);
  return addMonthsClamped(sub.start, (n - 1) * sub.termMonths);
}

// A termination dated before the start still lets term 1 run: the customer keeps the current term.
function termContaining(sub: Subscription, date: IsoDate): number {
  const from = parseIsoDate(sub.start);
  const to = parseIsoDate(date);
  const monthsApart = (to.year - from.year) * 12 + (to.month - from.month);
  let n = Math.max(1, Math.floor(monthsApart / sub.termMonths) + 1);
  while (n > 1 && compareIsoDates(termStart(sub, n), date) > 0) n -= 1;
  while (compareIsoDates(termStart(sub, n + 1), date) <= 0) n += 1;
  return n;
}

/** The first day the subscription is no longer active, or null while it runs on. */
export function exclusiveEnd(sub: Subscription): IsoDate | null {
  const ends: IsoDate[] = [];
  if (sub.cancelledOn !== null) ends.push(sub.cancelledOn);
  if (sub.terminatedOn !== null) ends.push(termStart(sub, termContaining(sub, sub.terminatedOn) + 1));
  if (!sub.autoRenew) ends.push(termStart(sub, 2));
  return ends.length === 0 ? null : minIsoDate(ends[0], ...ends.slice(1));
}

// Half up (away from zero) on exact integers: a float product of price × quantity × days can sit
// a hair below .5 and round the wrong way.
function roundedShare(unitPriceCents: number, quantity: number, days: number, ofDays: number): number {
  for (const [name, value] of Object.entries({ unitPriceCents, quantity })) {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
  }
  const n = BigInt(unitPriceCents) * BigInt(quantity) * BigInt(days);
  const d = BigInt(ofDays);
  const magnitude = ((n < 0n ? -n : n) * 2n + d) / (2n * d);
  return Number(n < 0n ? -magnitude : magnitude);
}

function monthlyCharge(sub: Subscription, period: Period, mode: StatementMode, end: IsoDate | null): Charge | null {
  const first = periodStart(period);
  const last = periodEnd(period);
  const { year, month } = parsePeriod(period);
  const monthDays = daysInMonth(year, month);
  const isActive = (day: IsoDate) =>
    compareIsoDates(sub.start, day) <= 0 && (end === null || compareIsoDates(day, end) < 0);

  if (mode === 'cutoff') {
    if (!isActive(last)) return null;
    const amountCents = roundedShare(sub.unitPriceCents, sub.quantity, monthDays, monthDays);
    return { from: first, to: last, days: monthDays, quantity: sub.quantity, unitPriceCents: sub.unitPriceCents, amountCents };
  }

  const from = maxIsoDate(sub.start, first);
  const to = end === null ? last : minIsoDate(addDays(end, -1), last);
  const days = daysBetween(from, to) + 1;
  if (days <= 0) return null;
  const amountCents = roundedShare(sub.unitPriceCents, sub.quantity, days, monthDays);
  return { from, to, days, quantity: sub.quantity, unitPriceCents: sub.unitPriceCents, amountCents };
}

// Billing years are charged whole (or up to E) in the month they begin, in either mode.
function yearlyCharge(sub: Subscription, period: Period, end: IsoDate | null): Charge | null {
  const start = parseIsoDate(sub.start);
  const { year, month } = parsePeriod(period);
  if (month !== start.month || year < start.year) return null;
  const k = year - start.year + 1;
  const yearStart = addMonthsClamped(sub.start, 12 * (k - 1));
  if (end !== null && compareIsoDates(yearStart, end) >= 0) return null;
  const nextYearStart = addMonthsClamped(sub.start, 12 * k);
  const chargedUntil = end === null ? nextYearStart : minIsoDate(end, nextYearStart);
  const days = daysBetween(yearStart, chargedUntil);
  const amountCents = roundedShare(sub.unitPriceCents, sub.quantity, days, daysBetween(yearStart, nextYearStart));
  return {
    from: yearStart,
    to: addDays(chargedUntil, -1),
    days,
    quantity: sub.quantity,
    unitPriceCents: sub.unitPriceCents,
    amountCents,
  };
}

/** What the subscription owes for the period, or null when nothing (or zero) is owed. */
export function chargeFor(sub: Subscription, period: Period, mode: StatementMode): Charge | null {
  if (sub.cancelReason === 'reversal') return null;
  const end = exclusiveEnd(sub);
  const charge = sub.interval === 'year' ? yearlyCharge(sub, period, end) : monthlyCharge(sub, period, mode, end);
  return charge === null || charge.amountCents === 0 ? null : charge;
}

export function owedCents(sub: Subscription, period: Period, mode: StatementMode): number {
  return chargeFor(sub, period, mode)?.amountCents ?? 0;
}
