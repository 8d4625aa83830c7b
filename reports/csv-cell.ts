// One CSV cell (RFC 4180 quoting). Files are also opened in spreadsheets, which run a cell starting
// with = + - @ (or a tab or carriage return) as a formula: such a text cell is written with a
// leading apostrophe, the spreadsheets' mark for "text". Numbers stay numbers.

/** A text cell a spreadsheet would run as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  const raw = value === null ? '' : String(value);
  const text = typeof value === 'string' && FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
