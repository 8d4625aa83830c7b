/**
 * The floor of target 3: what a statement run cannot do with less. One set-based SQL computes every
 * line of the period (the charge rules of reports/subscription-charges.ts for a first run, where no
 * earlier statement needs adjusting), then per reseller a bare pdfkit document with the same rows
 * and page count streams into a mail with the CSV, sent through nodemailer to the same SMTP server.
 */
import nodemailer from 'nodemailer';
import PDFDocument from 'pdfkit';
import type pg from 'pg';
import { periodEnd, periodStart, type Period } from '../reports/calendar.ts';
import { statementPageCount } from '../reports/statement-pdf.ts';
import type { StatementLine } from '../reports/statement-lines.ts';
import { STATEMENT_CSV_HEADER } from '../reports/statement-csv.ts';

// termStart(n) = start + (n-1)·term months (PostgreSQL clamps the day like addMonthsClamped);
// the term containing the termination is found from the month difference and corrected once
// either way, as termContaining does.
const LINES_SQL = `
with p as (select $1::date as first_, $2::date as last_, extract(day from $2::date)::int as month_days),
t as (
  select s.*, r.statement_mode, p.*,
         case when s.terminated_on is not null then greatest(1, floor(((extract(year from s.terminated_on) - extract(year from s.start_date)) * 12
                  + extract(month from s.terminated_on) - extract(month from s.start_date)) / s.term_months)::int + 1) end as n0
  from subscriptions s join organizations r on r.id = s.reseller_id, p
  where s.cancel_reason is distinct from 'reversal' and s.start_date <= p.last_),
t1 as (select t.*, case when n0 > 1 and (start_date + make_interval(months => (n0 - 1) * term_months))::date > terminated_on then n0 - 1 else n0 end as n1 from t),
t2 as (select t1.*, case when (start_date + make_interval(months => n1 * term_months))::date <= terminated_on then n1 + 1 else n1 end as n2 from t1),
e as (select t2.*, least(cancelled_on,
                         (start_date + make_interval(months => n2 * term_months))::date,
                         case when not auto_renew then (start_date + make_interval(months => term_months))::date end) as end_ from t2),
y as (select e.*, (start_date + make_interval(years => (extract(year from first_) - extract(year from start_date))::int))::date as ys,
             (start_date + make_interval(years => (extract(year from first_) - extract(year from start_date))::int + 1))::date as nys from e),
c as (
  select y.*,
    case when interval = 'year' then ys
         when statement_mode = 'cutoff' then first_ else greatest(start_date, first_) end as from_,
    case when interval = 'year' then least(end_, nys) - 1
         when statement_mode = 'cutoff' then last_ else least(end_ - 1, last_) end as to_
  from y
  where case when interval = 'year' then extract(month from start_date) = extract(month from first_) and ys <= last_ and ys >= start_date and (end_ is null or ys < end_)
             when statement_mode = 'cutoff' then end_ is null or last_ < end_
             else coalesce(end_ - 1, last_) >= greatest(start_date, first_) end),
a as (
  select c.*, (to_ - from_ + 1) as days,
         case when interval = 'year' then (unit_price_cents::bigint * quantity * (to_ - from_ + 1) * 2 + (nys - ys)) / (2 * (nys - ys))
              else (unit_price_cents::bigint * quantity * (to_ - from_ + 1) * 2 + month_days) / (2 * month_days) end as amount
  from c)
select a.reseller_id as "resellerId", a.ref as "subscriptionRef", coalesce(o.customer_number, o.ref, 'ORG-' || o.id) as "customerNumber",
       case when o.data_policy = 'full' then o.name end as "customerName", ar.code as "articleCode", ar.name as "articleName",
       a.from_::text as "from", a.to_::text as "to", a.days, a.quantity, a.unit_price_cents as "unitPriceCents", a.amount::int as "amountCents"
from a join organizations o on o.id = a.customer_id join articles ar on ar.id = a.article_id
where a.amount <> 0
order by a.reseller_id, coalesce(o.customer_number, o.ref, 'ORG-' || o.id) collate "C", a.ref collate "C"`;

export interface FloorReseller { id: number; ref: string; name: string; billingEmail: string | null; address: { street: string; zip: string; city: string; country: string } | null }

type FloorLine = Omit<StatementLine, 'lineType' | 'chargedPeriod'> & { resellerId: number };

export function floorLinesSql(period: Period): { text: string; values: string[] } {
  return { text: LINES_SQL, values: [periodStart(period), periodEnd(period)] };
}

export async function floorResellers(sql: pg.Pool): Promise<Map<number, FloorReseller>> {
  const rows = await sql.query(`select id, ref, name, billing_email as "billingEmail", street, zip, city, country
    from organizations where 'reseller' = any(views)`);
  return new Map(rows.rows.map((r) => [r.id, { ...r, address: r.street ? { street: r.street, zip: r.zip, city: r.city, country: r.country } : null }]));
}

/** Every line of the period per reseller, in statement order. */
export async function floorLines(sql: pg.Pool, period: Period): Promise<Map<number, FloorLine[]>> {
  const { rows } = await sql.query<FloorLine>(floorLinesSql(period));
  const byReseller = new Map<number, FloorLine[]>();
  for (const row of rows) {
    const lines = byReseller.get(row.resellerId) ?? [];
    lines.push(row);
    byReseller.set(row.resellerId, lines);
  }
  return byReseller;
}

/** The page count the portal's layout gives each reseller's statement (worked out before the floor is timed). */
export function floorPageCounts(lines: Map<number, FloorLine[]>, resellers: Map<number, FloorReseller>, period: Period): Map<number, number> {
  const pages = new Map<number, number>();
  for (const [id, list] of lines) {
    const reseller = resellers.get(id)!;
    const statementLines = list.map((l) => ({ ...l, lineType: 'charge' as const, chargedPeriod: period }));
    pages.set(id, statementPageCount({
      statement: { period, lines: statementLines, totalCents: statementLines.reduce((sum, l) => sum + l.amountCents, 0) },
      reseller: { name: reseller.name, ref: reseller.ref, address: reseller.address }, locale: 'de', issuedOn: periodEnd(period),
    }));
  }
  return pages;
}

const COLUMN_X = [40, 114, 248, 302, 356, 382, 410, 475];

function barePdf(lines: FloorLine[], pages: number): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', margin: 40 });
  const perPage = Math.ceil(lines.length / pages);
  for (let page = 0; page < pages; page++) {
    if (page > 0) doc.addPage();
    doc.font('Helvetica').fontSize(8);
    lines.slice(page * perPage, (page + 1) * perPage).forEach((line, i) => {
      const cells = [line.subscriptionRef, `${line.articleCode} ${line.articleName}`, line.from, line.to, line.days, line.quantity, line.unitPriceCents, line.amountCents];
      cells.forEach((cell, c) => doc.text(String(cell), COLUMN_X[c], 60 + i * 12, { lineBreak: false }));
    });
    doc.text(`${page + 1} / ${pages}`, 500, 800, { lineBreak: false });
  }
  doc.end();
  return doc;
}

function bareCsv(lines: FloorLine[], period: Period, resellerRef: string): string {
  return [STATEMENT_CSV_HEADER, ...lines.map((l) => [period, resellerRef, l.customerNumber, l.subscriptionRef, l.articleCode, 'charge', period,
    l.from, l.to, l.days, l.quantity, l.unitPriceCents, l.amountCents].join(','))].map((r) => `${r}\n`).join('');
}

/** The timed floor: the SQL, then per reseller the PDF and CSV mailed. Returns per reseller the lines' total. */
export async function floorRun(sql: pg.Pool, period: Period, smtpUrl: string, resellers: Map<number, FloorReseller>, pages: Map<number, number>): Promise<Map<number, number>> {
  const lines = await floorLines(sql, period);
  const transport = nodemailer.createTransport({ url: smtpUrl, ignoreTLS: true });
  const totals = new Map<number, number>();
  try {
    for (const [id, list] of lines) {
      const reseller = resellers.get(id)!;
      totals.set(id, list.reduce((sum, l) => sum + l.amountCents, 0));
      if (!reseller.billingEmail) continue;
      await transport.sendMail({
        from: 'portal@localhost', to: reseller.billingEmail, subject: `Statement ${period} – ${reseller.name}`, text: `Total ${totals.get(id)}`,
        attachments: [
          { filename: 'statement.pdf', content: barePdf(list, pages.get(id)!), contentType: 'application/pdf' },
          { filename: 'statement.csv', content: bareCsv(list, period, reseller.ref), contentType: 'text/csv; charset=utf-8' },
        ],
      });
    }
  } finally {
    transport.close();
  }
  return totals;
}
