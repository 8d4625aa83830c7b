// The statement as CSV for the vendor's ERP (RFC 4180 quoting, LF line endings, trailing LF), text
// cells a spreadsheet would run as formulas neutralised (csv-cell.ts). Keys cannot start that way (models/domain/text-rules.ts CODE),
// so the values the ERP matches on are written exactly as stored; numbers (negative amounts of
// adjustments) stay numbers. The customer name is left out on purpose: the ERP keys on customer
// numbers and needs no personal data.
import type { Period } from './calendar.ts';
import type { StatementLine } from './statement-lines.ts';
import { csvCell } from './csv-cell.ts';

export type StatementCsvRow = StatementLine & { period: Period; resellerRef: string };

export const STATEMENT_CSV_HEADER =
  'period,reseller_ref,customer_number,subscription_ref,article_code,line_type,charged_period,from,to,days,quantity,unit_price_cents,amount_cents';

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
      .map(csvCell)
      .join(','),
  );
  return [STATEMENT_CSV_HEADER, ...records].map((record) => `${record}\n`).join('');
}
