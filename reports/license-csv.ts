// The license report as CSV for spreadsheet users: UTF-8 with a byte order mark (so Excel reads the
// umlauts), RFC 4180 quoting, formula-leading text cells neutralised (csv-cells.ts), headers in the
// reader's language, one row per license. Pure: the rows come from services/license-report.ts.
import { csvCell } from './csv-cells.ts';
import { licenseReportTexts } from '../templates/license-report-texts.ts';

export interface LicenseReportRow {
  licenseKey: string;
  organizationName: string;
  customerNumber: string | null;
  articleCode: string;
  articleName: string;
  kind: string;
  status: string;
  seats: number;
  device: string | null;
  /** YYYY-MM-DD in the vendor's time zone. */
  createdOn: string;
  expiresOn: string | null;
  serviceUntil: string | null;
  /** The values of the report's custom property columns, in their order (empty: none). */
  properties?: Array<string | null>;
}

export const BOM = '\uFEFF';

/** The cells of a row in the order of the header (the PDF shows the same columns). */
export function licenseCells(row: LicenseReportRow): Array<string | number | null> {
  return [row.licenseKey, row.organizationName, row.customerNumber, `${row.articleCode} ${row.articleName}`, row.kind, row.status,
    row.seats, row.device, row.createdOn, row.expiresOn, row.serviceUntil, ...(row.properties ?? [])];
}

export function licenseCsv(rows: LicenseReportRow[], locale: string | null | undefined, propertyColumns: string[] = []): string {
  const { columns } = licenseReportTexts(locale);
  const header = [...Object.values(columns), ...propertyColumns].map(csvCell).join(',');
  return BOM + [header, ...rows.map((row) => licenseCells(row).map(csvCell).join(','))].map((line) => `${line}\r\n`).join('');
}
