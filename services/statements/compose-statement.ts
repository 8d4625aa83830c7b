// Pure: turns one reseller's billing data into the lines of its statement for a period.
import { adjustmentsFor } from '../../reports/adjustments.ts';
import { buildStatement, type StatementLine } from '../../reports/statement-lines.ts';
import type { Period } from '../../reports/calendar.ts';
import type { ResellerBillingData } from './reseller-billing-data.ts';

export type ComposedLine = StatementLine & { subscriptionId: number; customerId: number };

export interface ComposedStatement {
  lines: ComposedLine[];
  totalCents: number;
  currency: string;
}

/**
 * The statement's lines, or null when there is none (no statement is issued then).
 *
 * Earlier periods are settled with the reseller that charged them: a subscription moved to
 * another reseller is corrected on the old reseller's statements for the periods the old one
 * charged, and never charged again by the new one for those periods.
 *
 * One statement holds one currency (its total is a single sum); lines in several currencies are
 * refused as a whole with an error naming them, so nothing is issued for that reseller until the
 * articles or subscriptions are fixed.
 */
export function composeStatement(data: ResellerBillingData, period: Period): ComposedStatement | null {
  const { reseller, subscriptions, issuedPeriods, charged, chargedElsewhere } = data;
  const chargedHere = new Set(charged.map((c) => `${c.subscriptionRef}\u0000${c.chargedPeriod}`));
  const byRef = new Map(subscriptions.map((s) => [s.ref, s]));
  const adjustments = adjustmentsFor({ issuedPeriods, subscriptions, charged }).filter((a) => {
    const sub = byRef.get(a.subscriptionRef)!;
    return chargedHere.has(`${a.subscriptionRef}\u0000${a.chargedPeriod}`)
      || (sub.current && !chargedElsewhere.has(`${sub.id}:${a.chargedPeriod}`));
  });
  const built = buildStatement({ period, mode: reseller.statementMode, subscriptions, adjustments });
  const lines = built.lines
    .filter((line) => line.lineType === 'adjustment' || byRef.get(line.subscriptionRef)!.current)
    .map((line) => {
      const sub = byRef.get(line.subscriptionRef)!;
      return { ...line, subscriptionId: sub.id, customerId: sub.customerId };
    });
  if (lines.length === 0) return null;

  const currencies = [...new Set(lines.map((l) => byRef.get(l.subscriptionRef)!.currency))].sort();
  if (currencies.length > 1) {
    throw new Error(`Reseller ${reseller.ref ?? reseller.id} has lines in several currencies (${currencies.join(', ')}) for ${period}; `
      + 'a statement holds one currency, so none was issued for this reseller. Align the articles\' currencies and run the period again.');
  }
  return { lines, totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0), currency: currencies[0] };
}
