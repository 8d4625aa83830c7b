/**
 * Ending a subscription (DOMAIN: termination and cancellation). Pure: `today` is the vendor's
 * calendar date; each check returns the refusal shown to the caller, or null. Vendor staff may
 * date a step back (a late correction; the next statement carries it as an adjustment), the
 * channel may not, and may reverse a purchase only within the reversal window after its start.
 */
import { addDays, compareIsoDates, daysBetween, type IsoDate } from '../../reports/calendar.ts';
import type { CancelReason } from './values.ts';
import { msg, type Message } from '../../templates/messages.ts';

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

function common(sub: SubscriptionEnd, on: IsoDate, ctx: StepContext, step: 'termination' | 'reversal' | 'cancellation'): Message | null {
  if (sub.cancelledOn !== null) return msg('cancelledOn', { on: sub.cancelledOn });
  if (compareIsoDates(on, sub.startDate) < 0) return msg('beforeStart', { step, start: sub.startDate });
  if (!ctx.byVendor && compareIsoDates(on, ctx.today) < 0) return msg('backdated', { step, today: ctx.today });
  return null;
}

/** Termination: renewal stops, the subscription runs to the end of the term containing `on`. */
export function terminationProblem(sub: SubscriptionEnd, on: IsoDate, ctx: StepContext): Message | null {
  if (sub.terminatedOn !== null) return msg('terminatedAlready', { on: sub.terminatedOn });
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
export function cancellationProblem(sub: SubscriptionEnd, reason: CancelReason, on: IsoDate, ctx: StepContext & { reversalWindowDays: number }): Message | null {
  const problem = common(sub, on, ctx, reason === 'reversal' ? 'reversal' : 'cancellation');
  if (problem) return problem;
  if (reason === 'reversal' && !ctx.byVendor && daysBetween(sub.startDate, ctx.today) > ctx.reversalWindowDays) {
    return msg('reversalWindow', { days: ctx.reversalWindowDays, until: reversalDeadline(sub.startDate, ctx.reversalWindowDays) });
  }
  return null;
}

/** A subscription the channel books starts today or later (vendor staff may book back, a late correction). */
export function bookingStartProblem(start: IsoDate, ctx: StepContext): Message | null {
  if (ctx.byVendor || compareIsoDates(start, ctx.today) >= 0) return null;
  return msg('startBeforeToday', { today: ctx.today });
}

/** A yearly-billed subscription runs whole years. */
export function termIntervalProblem(interval: 'month' | 'year', termMonths: number): Message | null {
  return interval === 'year' && termMonths % 12 !== 0 ? msg('wholeYears') : null;
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
export function replacementProblem(sub: { id: number; customerId: number }, replacement: Replacement, on: IsoDate): Message | null {
  if (replacement.id === sub.id) return msg('replacesItself');
  if (replacement.customerId !== sub.customerId) return msg('replacementOtherCustomer');
  if (replacement.cancelledOn !== null) return msg('replacementCancelled', { on: replacement.cancelledOn });
  if (replacement.startDate !== on) return msg('replacementStart', { start: replacement.startDate, on });
  return null;
}
