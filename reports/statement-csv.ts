// The statement as CSV for the vendor's ERP (RFC 4180 quoting, LF line endings, trailing LF).
// Values are written exactly as stored, without spreadsheet formula escaping: a machine reads
// this file, and an escaped value would no longer match the reference it names. The customer
// name is left out on purpose: the ERP keys on customer numbers and needs no personal data.
import type { Period } from './calendar.ts';
import type { StatementLine } from './statement-lines.ts';

export type StatementCsvRow = StatementLine & { period: Period; resellerRef: string };

export const STATEMENT_CSV_HEADER =
  'period,reseller_ref,customer_number,subscription_ref,article_code,line_type,charged_period,from,to,days,quantity,unit_price_cents,amount_cents';

function field(value: string | number | null): string {
  const text = value === null ? '' : String(value);
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
