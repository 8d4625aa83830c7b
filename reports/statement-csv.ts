// The statement as CSV for the vendor's ERP (RFC 4180 quoting, LF line endings, trailing LF).
// The file is also opened in spreadsheets, which run a cell starting with = + - @ (or a tab or
// carriage return) as a formula: such a text cell is written with a leading apostrophe, the
// spreadsheets' mark for "text". Keys cannot start that way (models/domain/text-rules.ts CODE),
// so the values the ERP matches on are written exactly as stored; numbers (negative amounts of
// adjustments) stay numbers. The customer name is left out on purpose: the ERP keys on customer
// numbers and needs no personal data.
import type { Period } from './calendar.ts';
import type { StatementLine } from './statement-lines.ts';

export type StatementCsvRow = StatementLine & { period: Period; resellerRef: string };

export const STATEMENT_CSV_HEADER =
  'period,reseller_ref,customer_number,subscription_ref,article_code,line_type,charged_period,from,to,days,quantity,unit_price_cents,amount_cents';

/** A text cell a spreadsheet would run as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

function field(value: string | number | null): string {
  const raw = value === null ? '' : String(value);
  const text = typeof value === 'string' && FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function statementCsv(rows: StatementCsvRow[]): string {
  const records = rows.map((r) =>
    [
      r.period,
      r.resellerRef,
      r.customerNumber,
      r.subscriptionRef,
      r.articleCode,
      r.lineType,
      r.chargedPeriod,
      r.from,
      r.to,
      r.days,
      r.quantity,
      r.unitPriceCents,
      r.amountCents,
    ]
      .map(field)
      .join(','),
  );
  return [STATEMENT_CSV_HEADER, ...records].map((record) => `${record}\n`).join('');
}
