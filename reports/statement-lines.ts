// The lines of one reseller's statement for one period: this period's charges plus adjustments
// for earlier, already issued periods. The PDF and the CSV are both rendered from this.
import { comparePeriods, type IsoDate, type Period } from './calendar.ts';
import type { Adjustment } from './adjustments.ts';
import { chargeFor, type StatementMode, type Subscription } from './subscription-charges.ts';

export type StatementSubscription = Subscription & {
  customerNumber: string;
  /** null where the customer's data policy is pseudonymous */
  customerName: string | null;
  articleCode: string;
  articleName: string;
};

export interface StatementLine {
  lineType: 'charge' | 'adjustment';
  chargedPeriod: Period;
  subscriptionRef: string;
  customerNumber: string;
  customerName: string | null;
  articleCode: string;
  articleName: string;
  /**
   * The span charged. On an adjustment line: the span the charged period owes now, so both null
   * (and days 0) when it owes nothing any more, e.g. after a reversal.
   */
  from: IsoDate | null;
  to: IsoDate | null;
  days: number;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
}

export interface Statement {
  period: Period;
  lines: StatementLine[];
  totalCents: number;
}

export interface StatementInput {
  period: Period;
  mode: StatementMode;
  subscriptions: StatementSubscription[];
  adjustments: Adjustment[];
}

function customerFields(sub: StatementSubscription) {
  const { customerNumber, customerName, articleCode, articleName } = sub;
  return { subscriptionRef: sub.ref, customerNumber, customerName, articleCode, articleName };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Code-unit order rather than a locale collation: the same on every machine, and the ERP sees
// the lines in the order the PDF shows them.
function compareLines(a: StatementLine, b: StatementLine): number {
  return (
    compareText(a.customerNumber, b.customerNumber) ||
    compareText(a.subscriptionRef, b.subscriptionRef) ||
    comparePeriods(a.chargedPeriod, b.chargedPeriod)
  );
}

export function buildStatement({ period, mode, subscriptions, adjustments }: StatementInput): Statement {
  const lines: StatementLine[] = [];
  for (const sub of subscriptions) {
    const charge = chargeFor(sub, period, mode);
    if (charge) lines.push({ lineType: 'charge', chargedPeriod: period, ...customerFields(sub), ...charge });
  }

  const byRef = new Map(subscriptions.map((s) => [s.ref, s]));
  for (const adjustment of adjustments) {
    const sub = byRef.get(adjustment.subscriptionRef);
    if (!sub) throw new Error(`Adjustment for unknown subscription ${adjustment.subscriptionRef}`);
    if (comparePeriods(adjustment.chargedPeriod, period) >= 0) {
      throw new Error(`Adjustment for ${adjustment.chargedPeriod} on the statement for ${period}: only earlier periods are adjusted`);
    }
    const owed = adjustment.owedNow;
    lines.push({
      lineType: 'adjustment',
      chargedPeriod: adjustment.chargedPeriod,
      ...customerFields(sub),
      from: owed?.from ?? null,
      to: owed?.to ?? null,
      days: owed?.days ?? 0,
      quantity: owed?.quantity ?? sub.quantity,
      unitPriceCents: owed?.unitPriceCents ?? sub.unitPriceCents,
      amountCents: adjustment.amountCents,
    });
  }

  lines.sort(compareLines);
  return { period, lines, totalCents: sumCents(lines) };
}

function sumCents(lines: StatementLine[]): number {
  return lines.reduce((sum, line) => sum + line.amountCents, 0);
}

export interface CustomerGroup {
  customerNumber: string;
  customerName: string | null;
  lines: StatementLine[];
  subtotalCents: number;
}

/** Lines per customer, in the order the customers first appear, each with its subtotal. */
export function groupByCustomer(lines: StatementLine[]): CustomerGroup[] {
  const groups = new Map<string, CustomerGroup>();
  for (const line of lines) {
    let group = groups.get(line.customerNumber);
    if (!group) {
      group = { customerNumber: line.customerNumber, customerName: null, lines: [], subtotalCents: 0 };
      groups.set(line.customerNumber, group);
    }
    group.customerName ??= line.customerName;
    group.lines.push(line);
    group.subtotalCents += line.amountCents;
  }
  return [...groups.values()];
}
