// CSV for spreadsheets and ERPs (RFC 4180 quoting, LF line endings, trailing LF). A spreadsheet runs
// a cell starting with = + - @ (or a tab or carriage return) as a formula: such a text cell is
// written with a leading apostrophe, the spreadsheets' mark for "text". Numbers stay numbers.

export type CsvValue = string | number | null;

/** A text cell a spreadsheet would run as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  const raw = value === null ? '' : String(value);
  const text = typeof value === 'string' && FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line and one line per record. */
export function csvText(header: string, records: CsvValue[][]): string {
  return [header, ...records.map((record) => record.map(csvCell).join(','))].map((line) => `${line}\n`).join('');
}
