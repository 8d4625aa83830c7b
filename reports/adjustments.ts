// Rule 7: an issued statement never changes, so a later change to a period it covered (a reversal
// after the fact, a backdated termination) is settled as an adjustment line on the next statement.
//
// The charged sums come from the caller, not from recomputing the old periods: subscriptions change
// after the fact (that is the point), so only what was actually issued says what was billed. The
// caller must therefore persist every issued charge and adjustment line and pass their sums here,
// per subscription and charged period; an adjustment issued earlier then counts as charged and is
// never repeated.
import type { Period } from './calendar.ts';
import { chargeFor, type Charge, type StatementMode, type Subscription } from './subscription-charges.ts';

export interface IssuedPeriod {
  period: Period;
  /** The reseller's mode when that statement was issued; the mode may have changed since. */
  mode: StatementMode;
}

export interface ChargedSum {
  subscriptionRef: string;
  chargedPeriod: Period;
  amountCents: number;
}

export interface Adjustment {
  subscriptionRef: string;
  chargedPeriod: Period;
  /** What the period owes by today's data; null when nothing is owed any more. */
  owedNow: Charge | null;
  owedCents: number;
  chargedCents: number;
  /** owed − charged; negative for a refund. */
  amountCents: number;
}

export interface AdjustmentInput {
  /** Earlier periods of this reseller that have an issued statement. */
  issuedPeriods: IssuedPeriod[];
  /** Every subscription of the reseller that was ever charged or may owe, as it is now. */
  subscriptions: Subscription[];
  charged: ChargedSum[];
}

export function adjustmentsFor({ issuedPeriods, subscriptions, charged }: AdjustmentInput): Adjustment[] {
  const key = (ref: string, period: Period) => `${ref}\u0000${period}`;
  const chargedByKey = new Map<string, number>();
  for (const c of charged) {
    if (!Number.isSafeInteger(c.amountCents)) throw new RangeError(`Charged amount must be integer cents: ${c.amountCents}`);
    const k = key(c.subscriptionRef, c.chargedPeriod);
    chargedByKey.set(k, (chargedByKey.get(k) ?? 0) + c.amountCents);
  }

  // A charge for a subscription we were not given could never be corrected; fail loudly instead.
  const known = new Set(subscriptions.map((s) => s.ref));
  const unknown = charged.find((c) => !known.has(c.subscriptionRef));
  if (unknown) throw new Error(`Charged subscription ${unknown.subscriptionRef} is missing from the subscriptions`);

  const periods = new Set(issuedPeriods.map((p) => p.period));
  if (periods.size !== issuedPeriods.length) throw new Error('An issued period is listed twice');

  const adjustments: Adjustment[] = [];
  for (const { period, mode } of issuedPeriods) {
    for (const sub of subscriptions) {
      const owedNow = chargeFor(sub, period, mode);
      const owedCents = owedNow?.amountCents ?? 0;
      const chargedCents = chargedByKey.get(key(sub.ref, period)) ?? 0;
      if (owedCents !== chargedCents) {
        adjustments.push({
          subscriptionRef: sub.ref,
          chargedPeriod: period,
          owedNow,
          owedCents,
          chargedCents,
          amountCents: owedCents - chargedCents,
        });
      }
    }
  }
  return adjustments;
}
