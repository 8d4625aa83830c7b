// An issued statement as its PDF and CSV, rendered from the stored rows every time: no file is
// kept, so nothing personal hides in a stored binary after an erasure. The same rows give the
// same bytes (the PDF's dates come from issued_at, not the clock), and only the statement's own
// rows are read: the reseller's letterhead is the copy taken at issue time, never the
// organization as it is now, so an issued statement never changes.
import type { Readable } from 'node:stream';
import { QueryTypes, type Sequelize } from 'sequelize';
import { renderStatementPdf } from '../../reports/statement-pdf.ts';
import { statementCsv, type StatementCsvRow } from '../../reports/statement-csv.ts';
import type { StatementLine } from '../../reports/statement-lines.ts';
import type { Period } from '../../reports/calendar.ts';
import { cents } from './reseller-billing-data.ts';
import { calendarDateIn } from '../../models/domain/vendor-time.ts';

export interface StoredStatement {
  id: number;
  resellerId: number;
  period: Period;
  currency: string;
  locale: 'de' | 'en';
  resellerRef: string | null;
  resellerName: string;
  resellerCustomerNumber: string | null;
  resellerStreet: string | null;
  resellerZip: string | null;
  resellerCity: string | null;
  resellerCountry: string | null;
  /** The billing address the statement was issued to. */
  billingEmail: string | null;
  /** Where the latest (re)send goes. */
  mailTo: string | null;
  totalCents: number;
  issuedAt: Date;
  messageId: string;
  lines: StatementLine[];
}

const STATEMENT_COLUMNS = `s.id, s.reseller_id as "resellerId", s.period, s.currency, s.locale, s.reseller_ref as "resellerRef",
  s.reseller_name as "resellerName", s.reseller_customer_number as "resellerCustomerNumber",
  s.reseller_street as "resellerStreet", s.reseller_zip as "resellerZip", s.reseller_city as "resellerCity",
  s.reseller_country as "resellerCountry", s.billing_email as "billingEmail", s.mail_to as "mailTo",
  s.total_cents::text as "totalCents", s.issued_at as "issuedAt", s.message_id as "messageId"`;

type LineRow = Omit<StatementLine, 'amountCents'> & { statementId: number; amountCents: string };

async function withLines(sequelize: Sequelize, rows: Array<Omit<StoredStatement, 'lines' | 'totalCents'> & { totalCents: string }>): Promise<StoredStatement[]> {
  if (rows.length === 0) return [];
  const lines = await sequelize.query<LineRow>(`
    select statement_id as "statementId", line_type as "lineType", charged_period as "chargedPeriod",
           subscription_ref as "subscriptionRef", customer_number as "customerNumber", customer_name as "customerName",
           article_code as "articleCode", article_name as "articleName", from_date::text as "from", to_date::text as "to",
           days, quantity, unit_price_cents as "unitPriceCents", amount_cents::text as "amountCents"
    from statement_lines where statement_id in (:ids) order by statement_id, id`,
  { replacements: { ids: rows.map((r) => r.id) }, type: QueryTypes.SELECT });
  return rows.map((row) => ({
    ...row,
    totalCents: cents(row.totalCents),
    lines: lines.filter((l) => l.statementId === row.id).map(({ statementId: _, amountCents, ...line }) => ({ ...line, amountCents: cents(amountCents) })),
  }));
}

export async function loadStoredStatement(sequelize: Sequelize, id: number): Promise<StoredStatement | null> {
  const rows = await sequelize.query<Omit<StoredStatement, 'lines' | 'totalCents'> & { totalCents: string }>(
    `select ${STATEMENT_COLUMNS} from statements s where s.id = :id`, { replacements: { id }, type: QueryTypes.SELECT });
  return (await withLines(sequelize, rows))[0] ?? null;
}

/** Every statement of the period, in reseller order, as the ERP export reads them. */
export async function loadPeriodStatements(sequelize: Sequelize, period: Period): Promise<StoredStatement[]> {
  const rows = await sequelize.query<Omit<StoredStatement, 'lines' | 'totalCents'> & { totalCents: string }>(
    `select ${STATEMENT_COLUMNS} from statements s where s.period = :period order by s.reseller_ref nulls last, s.id`,
    { replacements: { period }, type: QueryTypes.SELECT });
  return withLines(sequelize, rows);
}

export function csvRows(statement: StoredStatement): StatementCsvRow[] {
  return statement.lines.map((line) => ({ ...line, period: statement.period, resellerRef: statement.resellerRef ?? '' }));
}

export function statementFileName(statement: StoredStatement, extension: 'pdf' | 'csv'): string {
  const ref = (statement.resellerRef ?? `reseller-${statement.resellerId}`).replace(/[^A-Za-z0-9._-]+/g, '_');
  return `statement-${ref}-${statement.period}.${extension}`;
}

export function renderStatementCsv(statement: StoredStatement): Buffer {
  return Buffer.from(statementCsv(csvRows(statement)), 'utf8');
}

/** The letterhead as issued; the logo's bytes are read here only, not with every statement listed. The PDF streams. */
export async function renderStoredStatementPdf(sequelize: Sequelize, statement: StoredStatement, timeZone: string): Promise<Readable> {
  const [issued] = await sequelize.query<{ logo: Buffer | null }>('select reseller_logo as logo from statements where id = :id',
    { replacements: { id: statement.id }, type: QueryTypes.SELECT });
  const { resellerStreet: street, resellerZip: zip, resellerCity: city, resellerCountry: country } = statement;
  const address = street && zip && city && country ? { street, zip, city, country } : null;
  return renderStatementPdf({
    statement: { period: statement.period, lines: statement.lines, totalCents: statement.totalCents },
    reseller: { name: statement.resellerName, ref: statement.resellerRef ?? '', customerNumber: statement.resellerCustomerNumber, address },
    locale: statement.locale,
    logo: issued?.logo ?? null,
    issuedOn: calendarDateIn(new Date(statement.issuedAt), timeZone),
    currency: statement.currency,
  });
}
