// The license report as a landscape A4 PDF, streamed: pages are written as the rows come, so a
// report of many thousand licenses is never held in memory whole. It carries the logo of the
// organization it is for (services/license-report.ts picks it: the organization's own, else the
// nearest one above it that has one) at the top left, as the statement does.
//
// Text is placed at computed coordinates without pdfkit's line wrapper (which would add pages on
// its own); each page carries "page n" (a total would need every page buffered).
import PDFDocument from 'pdfkit';
import { formatDate } from '../templates/formats.ts';
import { licenseReportTexts, type LicenseReportTexts } from '../templates/license-report-texts.ts';
import { licenseCells, type LicenseReportRow } from './license-csv.ts';
import { winAnsi } from './pdf-text.ts';
import type { IsoDate } from './calendar.ts';

export interface LicenseReportPdfInput {
  organization: { name: string; ref: string | null };
  logo: Buffer | null;
  locale: string | null | undefined;
  /** The filters as the reader chose them, printed under the title ("kind: demo"). */
  filters: Array<{ name: keyof LicenseReportTexts['filterNames']; value: string }>;
  propertyColumns: string[];
  rows: LicenseReportRow[];
  createdOn: IsoDate;
}

const PAGE = { width: 841.89, height: 595.28 }; // A4 landscape in points
const MARGIN = 30;
const CONTENT_BOTTOM = PAGE.height - 45;
const FOOTER_Y = PAGE.height - 30;
const ROW = 12;
const SIZE = 7;
const PAD = 2;
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' };
// Widths of the fixed columns (licenseCells order); property columns share what is left.
const FIXED = [120, 110, 60, 120, 46, 42, 28, 70, 48, 48, 48];

class ReportLayout {
  private y = MARGIN;
  private page = 1;
  private readonly texts: LicenseReportTexts;
  private readonly widths: number[];
  private readonly headers: string[];

  constructor(private readonly doc: PDFKit.PDFDocument, private readonly input: LicenseReportPdfInput) {
    this.texts = licenseReportTexts(input.locale);
    const fixedTotal = FIXED.reduce((a, b) => a + b, 0);
    const left = PAGE.width - 2 * MARGIN - fixedTotal;
    const extra = input.propertyColumns.length;
    // Many property columns narrow every column instead of running off the page.
    const scale = extra > 0 && left < extra * 50 ? (PAGE.width - 2 * MARGIN) / (fixedTotal + extra * 50) : 1;
    this.widths = [...FIXED.map((w) => w * scale), ...input.propertyColumns.map(() => (extra > 0 ? Math.max(left, extra * 50 * scale) / extra : 0))];
    this.headers = [...Object.values(this.texts.columns), ...input.propertyColumns];
  }

  render(): void {
    this.letterhead();
    if (this.input.rows.length === 0) {
      this.write(this.texts.noRows, MARGIN, this.y, FONT.regular, 10);
    } else {
      this.tableHeader();
      for (const row of this.input.rows) {
        if (this.y + ROW > CONTENT_BOTTOM) this.newPage();
        this.cells(licenseCells(row).map((c) => (c === null ? '' : String(c))), FONT.regular);
      }
    }
    this.footer();
  }

  private write(text: string, x: number, y: number, font: string, size: number): void {
    this.doc.font(font).fontSize(size).fillColor('#000000').text(winAnsi(text), x, y, { lineBreak: false });
  }

  private fitted(text: string, width: number, font: string): string {
    const safe = winAnsi(text);
    this.doc.font(font).fontSize(SIZE);
    if (this.doc.widthOfString(safe) <= width) return safe;
    let cut = safe;
    while (cut.length > 0 && this.doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
    return `${cut}…`;
  }

  private letterhead(): void {
    const { logo, organization, filters, rows, createdOn } = this.input;
    if (logo) {
      this.doc.image(logo, MARGIN, this.y, { fit: [150, 60] });
      this.y += 68;
    }
    this.write(this.texts.title, MARGIN, this.y, FONT.bold, 16);
    this.y += 22;
    const label = organization.ref ? `${organization.name} (${organization.ref})` : organization.name;
    this.write(`${this.texts.forLabel}: ${label} · ${formatDate(createdOn, this.texts.language)} · ${this.texts.count(rows.length)}`, MARGIN, this.y, FONT.regular, 9);
    this.y += 13;
    if (filters.length > 0) {
      const text = filters.map((f) => `${this.texts.filterNames[f.name]}: ${f.value}`).join(', ');
      this.write(`${this.texts.filtersLabel}: ${text}`, MARGIN, this.y, FONT.regular, 9);
      this.y += 13;
    }
    this.y += 6;
  }

  private cells(values: string[], font: string): void {
    let x = MARGIN;
    values.forEach((value, i) => {
      this.write(this.fitted(value, this.widths[i] - 2 * PAD, font), x + PAD, this.y, font, SIZE);
      x += this.widths[i];
    });
    this.y += ROW;
  }

  private tableHeader(): void {
    this.doc.rect(MARGIN, this.y - 2, PAGE.width - 2 * MARGIN, ROW + 1).fill('#e6e6e6');
    this.cells(this.headers, FONT.bold);
    this.y += 2;
  }

  private footer(): void {
    this.write(this.texts.page(this.page), PAGE.width - MARGIN - 60, FOOTER_Y, FONT.regular, SIZE);
  }

  private newPage(): void {
    this.footer();
    this.doc.addPage();
    this.page += 1;
    this.y = MARGIN;
    this.tableHeader();
  }
}

/** The report as a pdfkit document already ended: pipe it where it goes (an HTTP response, a file). */
export function licenseReportPdf(input: LicenseReportPdfInput): PDFKit.PDFDocument {
  const texts = licenseReportTexts(input.locale);
  const doc = new PDFDocument({
    size: 'A4', layout: 'landscape',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: PAGE.height - CONTENT_BOTTOM },
    info: { Title: `${texts.title} – ${input.organization.name}` },
  });
  new ReportLayout(doc, input).render();
  doc.end();
  return doc;
}
