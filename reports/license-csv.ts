// The license report as CSV for spreadsheet users: UTF-8 with a byte order mark (so Excel reads the
// umlauts), RFC 4180 quoting, formula-leading text cells neutralised (csv-cells.ts), headers in the
// reader's language, one row per license. Written as a stream of the rows' batches (from
// services/license-report.ts), so a file of any length takes one batch of memory.
import { Readable } from 'node:stream';
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

export function licenseCsvStream(batches: AsyncIterable<LicenseReportRow[]>, locale: string | null | undefined, propertyColumns: string[] = []): Readable {
  const { columns } = licenseReportTexts(locale);
  const line = (cells: Array<string | number | null>) => `${cells.map(csvCell).join(',')}\r\n`;
  return Readable.from((async function* lines() {
    yield BOM + line([...Object.values(columns), ...propertyColumns]);
    for await (const rows of batches) yield rows.map((row) => line(licenseCells(row))).join('');
  })());
}
