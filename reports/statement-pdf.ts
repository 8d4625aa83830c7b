// The itemized statement as an A4 PDF for people: lines grouped per customer with subtotals,
// adjustments marked, a grand total and "page x of y" on every page.
//
// Text is placed at computed coordinates without pdfkit's line wrapper: the wrapper adds pages on
// its own when text nears the bottom margin, which would fight the explicit pagination here (and
// the footer lives below that margin).
//
// The document is streamed: each page leaves memory once it is full. "Page x of y" needs y before
// the first page is finished, so the layout runs twice: a dry pass that only moves the cursor
// (pagination depends on line counts, never on text widths) counts the pages, then the real pass.
import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { dayNumber, periodEnd, periodStart, type IsoDate } from './calendar.ts';
import { groupByCustomer, type CustomerGroup, type Statement, type StatementLine } from './statement-lines.ts';
import { formatDate, formatMoney, formatPeriodLong } from '../templates/formats.ts';
import { statementTexts, type StatementTexts } from '../templates/statement-texts.ts';
import { winAnsi } from './pdf-text.ts';

export interface ResellerAddress {
  street: string;
  zip: string;
  city: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
}

export interface StatementPdfInput {
  statement: Statement;
  reseller: { name: string; ref: string; customerNumber?: string | null; address?: ResellerAddress | null };
  locale: string | null | undefined;
  /** PNG or JPEG */
  logo?: Buffer | null;
  issuedOn: IsoDate;
  /** ISO 4217; a statement is in one currency. */
  currency?: string;
}

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = { left: 40, right: 40, top: 40 };
const CONTENT_BOTTOM = PAGE.height - 60;
const FOOTER_Y = PAGE.height - 40;
const ROW = 12;
const SIZE = 8;
const CELL_PAD = 3;
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' };

type ColumnKey = keyof StatementTexts['columns'];
const COLUMNS: Array<{ key: ColumnKey; width: number; align: 'left' | 'right' }> = [
  { key: 'subscription', width: 74, align: 'left' },
  { key: 'article', width: 134, align: 'left' },
  { key: 'from', width: 54, align: 'left' },
  { key: 'to', width: 54, align: 'left' },
  { key: 'days', width: 26, align: 'right' },
  { key: 'quantity', width: 28, align: 'right' },
  { key: 'unitPrice', width: 65, align: 'right' },
  { key: 'amount', width: 80, align: 'right' },
];
const TABLE_WIDTH = COLUMNS.reduce((sum, c) => sum + c.width, 0);

class StatementLayout {
  private y = MARGIN.top;
  private page = 1;
  private readonly texts: StatementTexts;
  private readonly currency: string;

  /** Without a document the layout only paginates; `pageCount` is then what `render` counted. */
  constructor(
    private readonly doc: PDFKit.PDFDocument | null,
    private readonly input: StatementPdfInput,
    private readonly pageCount = 0,
  ) {
    this.texts = statementTexts(input.locale);
    this.currency = input.currency ?? 'EUR';
  }

  /** Lays the statement out; returns the number of pages. */
  render(): number {
    const { lines, totalCents } = this.input.statement;
    // The printed total must be what the lines add up to; a caller-side mismatch is not printed.
    const sum = lines.reduce((acc, line) => acc + line.amountCents, 0);
    if (sum !== totalCents) throw new Error(`Statement total ${totalCents} is not the sum of its lines (${sum})`);
    this.letterhead();
    const groups = groupByCustomer(this.input.statement.lines);
    if (groups.length === 0) {
      this.write(this.texts.noLines, MARGIN.left, this.y, FONT.regular, 10);
      this.y += ROW * 2;
    } else {
      this.tableHeader();
      for (const group of groups) this.customerGroup(group);
    }
    this.grandTotal();
    if (this.input.statement.lines.some((l) => l.lineType === 'adjustment')) this.adjustmentNote();
    this.pageNumber();
    return this.page;
  }

  private money(cents: number): string {
    return formatMoney(cents, this.currency, this.texts.language);
  }

  private write(text: string, x: number, y: number, font: string, size: number, color = '#000000'): void {
    if (!this.doc) return;
    this.doc.font(font).fontSize(size).fillColor(color).text(winAnsi(text), x, y, { lineBreak: false });
  }

  // Numbers are never cut off; an amount too wide for its column is set smaller instead.
  private writeRight(text: string, right: number, y: number, font: string, size: number, maxWidth = Infinity): void {
    if (!this.doc) return;
    const safe = winAnsi(text);
    let fitSize = size;
    this.doc.font(font).fontSize(fitSize);
    while (this.doc.widthOfString(safe) > maxWidth && fitSize > 4) this.doc.fontSize((fitSize -= 0.5));
    this.write(safe, right - this.doc.widthOfString(safe), y, font, fitSize);
  }

  private fitted(text: string, width: number, font: string, size = SIZE): string {
    if (!this.doc) return text;
    const safe = winAnsi(text);
    this.doc.font(font).fontSize(size);
    if (this.doc.widthOfString(safe) <= width) return safe;
    let cut = safe;
    while (cut.length > 0 && this.doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
    return `${cut}…`;
  }

  private letterhead(): void {
    const { reseller, statement, logo, issuedOn } = this.input;
    const { texts } = this;
    if (logo) {
      this.doc?.image(logo, MARGIN.left, this.y, { fit: [150, 60] });
      this.y += 72;
    }
    this.write(`${texts.title} ${formatPeriodLong(statement.period, texts.language)}`, MARGIN.left, this.y, FONT.bold, 16);
    this.y += 26;
    const range = `${formatDate(periodStart(statement.period), texts.language)} – ${formatDate(periodEnd(statement.period), texts.language)}`;
    const facts: Array<[string, string]> = [
      [texts.periodLabel, range],
      [texts.resellerRefLabel, reseller.ref],
      ...(reseller.customerNumber ? [[texts.resellerNumberLabel, reseller.customerNumber] as [string, string]] : []),
      [texts.issuedOnLabel, formatDate(issuedOn, texts.language)],
    ];
    const addressLines = reseller.address
      ? [reseller.address.street, `${reseller.address.zip} ${reseller.address.city}`, reseller.address.country]
      : [];
    const top = this.y;
    const factsX = MARGIN.left + TABLE_WIDTH - 210;
    const addressWidth = factsX - MARGIN.left - 12;
    this.write(this.fitted(reseller.name, addressWidth, FONT.bold, 10), MARGIN.left, top, FONT.bold, 10);
    addressLines.forEach((line, i) =>
      this.write(this.fitted(line, addressWidth, FONT.regular, 9), MARGIN.left, top + 13 * (i + 1), FONT.regular, 9),
    );
    facts.forEach(([label, value], i) => {
      this.write(`${label}:`, factsX, top + 12 * i, FONT.regular, 9);
      this.write(this.fitted(value, 210 - 95, FONT.regular, 9), factsX + 95, top + 12 * i, FONT.regular, 9);
    });
    this.y = top + Math.max(13 * (addressLines.length + 1), 12 * facts.length) + 16;
  }

  private tableHeader(): void {
    this.doc?.rect(MARGIN.left, this.y - 2, TABLE_WIDTH, ROW + 2).fill('#e6e6e6');
    let x = MARGIN.left;
    for (const col of COLUMNS) {
      const label = this.texts.columns[col.key];
      if (col.align === 'right') this.writeRight(label, x + col.width - CELL_PAD, this.y, FONT.bold, SIZE);
      else this.write(label, x + CELL_PAD, this.y, FONT.bold, SIZE);
      x += col.width;
    }
    this.y += ROW + 4;
  }

  private runningHeader(): void {
    const { statement, reseller } = this.input;
    const heading = `${this.texts.title} ${formatPeriodLong(statement.period, this.texts.language)} – ${reseller.name}`;
    this.write(this.fitted(heading, TABLE_WIDTH, FONT.regular), MARGIN.left, this.y, FONT.regular, SIZE, '#555555');
    this.y += ROW + 6;
  }

  /** Starts a new page when `rows` more rows would not fit; returns whether it did. */
  private ensureRoom(rows: number): boolean {
    if (this.y + rows * ROW <= CONTENT_BOTTOM) return false;
    this.pageNumber();
    this.doc?.addPage();
    this.page += 1;
    this.y = MARGIN.top;
    this.runningHeader();
    this.tableHeader();
    return true;
  }

  private customerHeading(group: CustomerGroup, continued: boolean): void {
    const heading = this.texts.customer(group.customerNumber, group.customerName);
    const text = continued ? `${heading} ${this.texts.continued}` : heading;
    this.write(this.fitted(text, TABLE_WIDTH - 2 * CELL_PAD, FONT.bold, 9), MARGIN.left + CELL_PAD, this.y, FONT.bold, 9);
    this.y += ROW + 2;
  }

  private customerGroup(group: CustomerGroup): void {
    this.ensureRoom(3); // heading, at least one line, room to breathe
    this.customerHeading(group, false);
    for (const line of group.lines) {
      if (this.ensureRoom(1)) this.customerHeading(group, true);
      this.lineRow(line);
    }
    if (this.ensureRoom(1)) this.customerHeading(group, true);
    this.rule(this.y - 1, 0.5);
    this.writeRight(this.texts.subtotal(group.customerNumber), this.columnRight('unitPrice'), this.y + 1, FONT.bold, SIZE);
    this.writeRight(this.money(group.subtotalCents), this.columnRight('amount'), this.y + 1, FONT.bold, SIZE);
    this.y += ROW + 8;
  }

  private lineRow(line: StatementLine): void {
    const { texts } = this;
    const isAdjustment = line.lineType === 'adjustment';
    const font = isAdjustment ? FONT.italic : FONT.regular;
    const article = `${line.articleCode} ${line.articleName}`;
    const values: Record<ColumnKey, string> = {
      subscription: line.subscriptionRef,
      article: isAdjustment ? `${texts.adjustmentFor(line.chargedPeriod)}: ${article}` : article,
      from: line.from ? formatDate(line.from, texts.language) : '–',
      to: line.to ? formatDate(line.to, texts.language) : '–',
      days: line.from ? String(line.days) : '–',
      quantity: String(line.quantity),
      unitPrice: this.money(line.unitPriceCents),
      amount: this.money(line.amountCents),
    };
    let x = MARGIN.left;
    for (const col of COLUMNS) {
      const inner = col.width - 2 * CELL_PAD;
      if (col.align === 'right') this.writeRight(values[col.key], x + col.width - CELL_PAD, this.y, font, SIZE, inner);
      else this.write(this.fitted(values[col.key], inner, font), x + CELL_PAD, this.y, font, SIZE);
      x += col.width;
    }
    this.y += ROW;
  }

  private columnRight(key: ColumnKey): number {
    let right = MARGIN.left;
    for (const col of COLUMNS) {
      right += col.width;
      if (col.key === key) break;
    }
    return right - CELL_PAD;
  }

  private rule(y: number, lineWidth: number): void {
    this.doc?.moveTo(MARGIN.left, y).lineTo(MARGIN.left + TABLE_WIDTH, y).lineWidth(lineWidth).strokeColor('#000000').stroke();
  }

  private grandTotal(): void {
    this.ensureRoom(3);
    this.rule(this.y, 1);
    this.rule(this.y + 2, 1);
    this.y += 6;
    this.writeRight(this.texts.total, this.columnRight('unitPrice'), this.y, FONT.bold, 10);
    this.writeRight(this.money(this.input.statement.totalCents), this.columnRight('amount'), this.y, FONT.bold, 10);
    this.y += ROW + 8;
  }

  private adjustmentNote(): void {
    this.ensureRoom(2);
    this.write(this.texts.adjustmentNote, MARGIN.left, this.y, FONT.italic, 7, '#555555');
    this.y += ROW;
  }

  /** The footer of the page being finished. */
  private pageNumber(): void {
    this.writeRight(this.texts.page(this.page, this.pageCount), MARGIN.left + TABLE_WIDTH, FOOTER_Y, FONT.regular, SIZE);
  }
}

/** The pages the statement takes (the dry pass); throws when the total is not the sum of the lines. */
export function statementPageCount(input: StatementPdfInput): number {
  return new StatementLayout(null, input).render();
}

/**
 * The statement as a PDF stream, to be piped to its destination (a mail, a download). The same
 * input always gives the same bytes: the creation date (and with it pdfkit's document ID, a hash
 * of the metadata) is derived from `issuedOn`, not the clock, so a re-rendered statement can be
 * compared with the one that was sent. A total that is not the sum of the lines throws here,
 * before a byte is streamed.
 */
export function renderStatementPdf(input: StatementPdfInput): Readable {
  const pageCount = statementPageCount(input);
  const texts = statementTexts(input.locale);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN.top, left: MARGIN.left, right: MARGIN.right, bottom: PAGE.height - CONTENT_BOTTOM },
    info: {
      Title: `${texts.title} ${formatPeriodLong(input.statement.period, texts.language)} – ${input.reseller.name}`,
      CreationDate: new Date(dayNumber(input.issuedOn) * 86_400_000),
    },
  });
  new StatementLayout(doc, input, pageCount).render();
  doc.end();
  return doc;
}
