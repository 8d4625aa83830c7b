/**
 * Ending a subscription (DOMAIN: termination and cancellation). Pure: `today` is the vendor's
 * calendar date; each check returns the refusal shown to the caller, or null. Vendor staff may
 * date a step back (a late correction; the next statement carries it as an adjustment), the
 * channel may not, and may reverse a purchase only within the reversal window after its start.
 */
import { addDays, compareIsoDates, daysBetween, type IsoDate } from '../../reports/calendar.ts';
import type { CancelReason } from './values.ts';

export interface SubscriptionEnd {
  startDate: IsoDate;
  terminatedOn: IsoDate | null;
  cancelledOn: IsoDate | null;
}

export interface StepContext {
  today: IsoDate;
  /** Vendor staff may backdate. */
  byVendor: boolean;
}

function common(sub: SubscriptionEnd, on: IsoDate, ctx: StepContext, what: string): string | null {
  if (sub.cancelledOn !== null) return `This subscription was cancelled on ${sub.cancelledOn}.`;
  if (compareIsoDates(on, sub.startDate) < 0) return `A ${what} cannot be dated before the subscription's start (${sub.startDate}).`;
  if (!ctx.byVendor && compareIsoDates(on, ctx.today) < 0) return `A ${what} cannot be backdated (today is ${ctx.today}); ask the vendor for a correction.`;
  return null;
}

/** Termination: renewal stops, the subscription runs to the end of the term containing `on`. */
export function terminationProblem(sub: SubscriptionEnd, on: IsoDate, ctx: StepContext): string | null {
  if (sub.terminatedOn !== null) return `This subscription was terminated on ${sub.terminatedOn} already.`;
  return common(sub, on, ctx, 'termination');
}

/** The last day a channel user may still reverse a purchase. */
export function reversalDeadline(startDate: IsoDate, windowDays: number): IsoDate {
  return addDays(startDate, windowDays);
}

/**
 * Cancellation: `reversal` undoes the purchase (nothing is owed), `exchange` ends it on the day the
 * replacement starts. Either puts the subscription's license on recall.
 */
export function cancellationProblem(sub: SubscriptionEnd, reason: CancelReason, on: IsoDate, ctx: StepContext & { reversalWindowDays: number }): string | null {
  const problem = common(sub, on, ctx, reason === 'reversal' ? 'reversal' : 'cancellation');
  if (problem) return problem;
  if (reason === 'reversal' && !ctx.byVendor && daysBetween(sub.startDate, ctx.today) > ctx.reversalWindowDays) {
    return `A purchase can be reversed within ${ctx.reversalWindowDays} days of its start (until ${reversalDeadline(sub.startDate, ctx.reversalWindowDays)}); terminate it instead, or ask the vendor.`;
  }
  return null;
}

/** A subscription the channel books starts today or later (vendor staff may book back, a late correction). */
export function bookingStartProblem(start: IsoDate, ctx: StepContext): string | null {
  if (ctx.byVendor || compareIsoDates(start, ctx.today) >= 0) return null;
  return `startDate cannot be before today (${ctx.today}); ask the vendor for a booking back in time`;
}

/** A yearly-billed subscription runs whole years. */
export function termIntervalProblem(interval: 'month' | 'year', termMonths: number): string | null {
  return interval === 'year' && termMonths % 12 !== 0 ? `termMonths must be a whole number of years (12, 24 …) for a yearly-billed article` : null;
}

export interface Replacement {
  id: number;
  customerId: number;
  startDate: IsoDate;
  cancelledOn: IsoDate | null;
}

/**
 * An exchange names the subscription that replaces it: another subscription of the same customer,
 * itself not cancelled, starting on the exchange day (DOMAIN: it ends that day, the new one starts).
 */
export function replacementProblem(sub: { id: number; customerId: number }, replacement: Replacement, on: IsoDate): string | null {
  if (replacement.id === sub.id) return 'replacedBy: a subscription cannot replace itself';
  if (replacement.customerId !== sub.customerId) return 'replacedBy: the replacement must be a subscription of the same customer';
  if (replacement.cancelledOn !== null) return `replacedBy: the replacement was cancelled on ${replacement.cancelledOn}`;
  if (replacement.startDate !== on) return `replacedBy: the replacement starts on ${replacement.startDate}, the exchange is on ${on}; an exchange ends the subscription on the day its replacement starts`;
  return null;
}
