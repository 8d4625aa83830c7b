// The statement as CSV for the vendor's ERP (csv-cells.ts: RFC 4180, formula-leading text cells
// neutralised, as the file is also opened in spreadsheets). Keys cannot start that way (models/domain/text-rules.ts CODE),
// so the values the ERP matches on are written exactly as stored; numbers (negative amounts of
// adjustments) stay numbers. The customer name is left out on purpose: the ERP keys on customer
// numbers and needs no personal data.
import type { Period } from './calendar.ts';
import type { StatementLine } from './statement-lines.ts';
import { csvText } from './csv-cells.ts';

export type StatementCsvRow = StatementLine & { period: Period; resellerRef: string };

export const STATEMENT_CSV_HEADER =
  'period,reseller_ref,customer_number,subscription_ref,article_code,line_type,charged_period,from,to,days,quantity,unit_price_cents,amount_cents';

export function statementCsv(rows: StatementCsvRow[]): string {
  return csvText(STATEMENT_CSV_HEADER, rows.map((r) => [
    r.period, r.resellerRef, r.customerNumber, r.subscriptionRef, r.articleCode, r.lineType, r.chargedPeriod,
    r.from, r.to, r.days, r.quantity, r.unitPriceCents, r.amountCents,
  ]));
}
