// Statement assembly, CSV, texts and PDF. The PDF is checked through `pdftotext -layout`
// (poppler-utils), i.e. by what a reader of the document actually sees.
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { buildStatement, groupByCustomer, type Statement } from '../reports/statement-lines.ts';
import { STATEMENT_CSV_HEADER, statementCsv } from '../reports/statement-csv.ts';
import { renderStatementPdf, type StatementPdfInput } from '../reports/statement-pdf.ts';
import { statementEmail } from '../templates/statement-texts.ts';
import { formatDate, formatMoney, languageFor } from '../templates/formats.ts';
import { statementSubscription } from './support/subscriptions.ts';

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'statement-pdf-'));
  try {
    const file = join(dir, 'statement.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('pdftotext not found: apt-get install -y poppler-utils');
    }
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A 2×2 red PNG built by hand, so the test needs no image file.
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = [0, 255, 0, 0, 255, 0, 0]; // filter byte + two red pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([...row, ...row]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('buildStatement', () => {
  const subscriptions = [
    statementSubscription({ ref: 'S-2', customerNumber: 'K-200', customerName: 'Beta GmbH' }),
    // Mar 10..31 = 22 days; 3100 × 22 / 31 = 2200
    statementSubscription({ ref: 'S-3', customerNumber: 'K-100', start: '2024-03-10' }),
    statementSubscription({ ref: 'S-1', customerNumber: 'K-100', cancelledOn: '2024-02-10', cancelReason: 'reversal' }),
    statementSubscription({ ref: 'S-4', customerNumber: 'K-100', unitPriceCents: 0 }),
  ];
  const statement = buildStatement({
    period: '2024-03',
    mode: 'prorated',
    subscriptions,
    adjustments: [
      { subscriptionRef: 'S-1', chargedPeriod: '2024-02', owedNow: null, owedCents: 0, chargedCents: 3100, amountCents: -3100 },
      { subscriptionRef: 'S-1', chargedPeriod: '2024-01', owedNow: null, owedCents: 0, chargedCents: 3100, amountCents: -3100 },
    ],
  });

  it('sorts by customer number, subscription, charged period and leaves out zero lines', () => {
    assert.deepEqual(
      statement.lines.map((l) => [l.customerNumber, l.subscriptionRef, l.chargedPeriod, l.lineType, l.amountCents]),
      [
        ['K-100', 'S-1', '2024-01', 'adjustment', -3100],
        ['K-100', 'S-1', '2024-02', 'adjustment', -3100],
        ['K-100', 'S-3', '2024-03', 'charge', 2200],
        ['K-200', 'S-2', '2024-03', 'charge', 3100],
      ],
    );
  });

  it('totals the lines and marks voided adjustments with no span', () => {
    // −3100 − 3100 + 2200 + 3100 = −900
    assert.equal(statement.totalCents, -900);
    assert.deepEqual([statement.lines[0].from, statement.lines[0].to, statement.lines[0].days], [null, null, 0]);
  });

  it('groups per customer with subtotals', () => {
    assert.deepEqual(
      groupByCustomer(statement.lines).map((g) => [g.customerNumber, g.customerName, g.lines.length, g.subtotalCents]),
      [['K-100', null, 3, -4000], ['K-200', 'Beta GmbH', 1, 3100]],
    );
  });

  it('refuses an adjustment for the statement period itself', () => {
    assert.throws(() =>
      buildStatement({
        period: '2024-03',
        mode: 'prorated',
        subscriptions,
        adjustments: [{ subscriptionRef: 'S-2', chargedPeriod: '2024-03', owedNow: null, owedCents: 0, chargedCents: 1, amountCents: -1 }],
      }),
    );
  });
});

describe('statementCsv', () => {
  const base = buildStatement({ period: '2024-03', mode: 'prorated', subscriptions: [statementSubscription({ start: '2024-03-10' })], adjustments: [] }).lines[0];

  it('starts with the exact header and ends every record with LF', () => {
    assert.equal(
      STATEMENT_CSV_HEADER,
      'period,reseller_ref,customer_number,subscription_ref,article_code,line_type,charged_period,from,to,days,quantity,unit_price_cents,amount_cents',
    );
    const csv = statementCsv([{ ...base, period: '2024-03', resellerRef: 'R-1' }]);
    assert.equal(
      csv,
      `${STATEMENT_CSV_HEADER}\n2024-03,R-1,K-100,S-1,CM-ACT,charge,2024-03,2024-03-10,2024-03-31,22,1,3100,2200\n`,
    );
    assert.equal(statementCsv([]), `${STATEMENT_CSV_HEADER}\n`);
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and keeps values exact', () => {
    const csv = statementCsv([
      {
        ...base,
        period: '2024-03',
        resellerRef: 'R,1',
        customerNumber: 'K "7"',
        subscriptionRef: 'S\n1',
        articleCode: '=SUM(A1)',
        lineType: 'adjustment',
        chargedPeriod: '2024-02',
        from: null,
        to: null,
        days: 0,
        amountCents: -3100,
      },
    ]);
    assert.equal(csv.split('\n')[1], '2024-03,"R,1","K ""7""","S');
    assert.ok(csv.endsWith('1",\'=SUM(A1),adjustment,2024-02,,,0,1,3100,-3100\n'));
  });

  it('lets no text cell start a spreadsheet formula; numbers stay numbers', () => {
    const hostile = ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(1)', '\t=1', '\r=1'];
    const csv = statementCsv(hostile.map((text) => ({
      ...base, period: '2024-03', resellerRef: text, customerNumber: text, subscriptionRef: text, articleCode: text, amountCents: -3100,
    })));
    const cells = csv.trimEnd().split('\n').slice(1).map((record) => record.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    assert.equal(cells.length, hostile.length);
    for (const record of cells) {
      for (const cell of record.slice(1, 5)) assert.match(cell.replace(/^"/, ''), /^'/, `neutralized: ${JSON.stringify(cell)}`);
      assert.equal(record.at(-1), '-3100', 'a negative amount is a number');
    }
    assert.equal(cells[0][1], '"\'=HYPERLINK(""http://x"")"', 'quoted after neutralizing');
    assert.equal(cells[1][1], "'+1+1");
    assert.equal(cells[5][1], '"\'\r=1"');
  });
});

describe('statement texts', () => {
  it('picks German for any de locale, English otherwise', () => {
    assert.deepEqual(['de', 'de-AT', 'DE_ch', 'en-GB', 'fr', '', null, undefined].map(languageFor), ['de', 'de', 'de', 'en', 'en', 'en', 'en', 'en']);
  });

  it('formats money from integer cents', () => {
    assert.equal(formatMoney(123456, 'EUR', 'de'), '1.234,56 EUR');
    assert.equal(formatMoney(123456, 'EUR', 'en'), 'EUR 1,234.56');
    assert.equal(formatMoney(-5, 'EUR', 'de'), '-0,05 EUR');
    assert.equal(formatMoney(-123456789, 'EUR', 'en'), 'EUR -1,234,567.89');
    assert.equal(formatMoney(0, 'CHF', 'de'), '0,00 CHF');
    assert.equal(formatMoney(100000, 'EUR', 'de'), '1.000,00 EUR');
    assert.throws(() => formatMoney(1.5, 'EUR', 'de'), RangeError);
  });

  it('formats dates per language', () => {
    assert.equal(formatDate('2024-03-05', 'de'), '05.03.2024');
    assert.equal(formatDate('2024-03-05', 'en'), '5 Mar 2024');
  });

  it('writes the e-mail in the reseller language', () => {
    const de = statementEmail({ locale: 'de-DE', period: '2024-03', resellerName: 'Beispiel GmbH', totalCents: 123456, currency: 'EUR' });
    assert.equal(de.subject, 'Einzelkostenaufstellung März 2024 – Beispiel GmbH');
    assert.match(de.body, /Gesamtsumme: 1\.234,56 EUR/);
    const en = statementEmail({ locale: 'en', period: '2024-03', resellerName: 'Example Ltd', totalCents: 123456, currency: 'EUR' });
    assert.equal(en.subject, 'Itemized statement March 2024 – Example Ltd');
    assert.match(en.body, /Total: EUR 1,234\.56/);
  });
});

describe('renderStatementPdf', () => {
  // 300 monthly subscriptions of 10 customers (30 each), 1000 cents each, full March; plus a reversal
  // adjustment of −1000 for February on S-0000. Subtotal per customer 30 × 1000 = 30000, except
  // K-1000: 30000 − 1000 = 29000. Total 10 × 30000 − 1000 = 299000.
  const subscriptions = Array.from({ length: 300 }, (_, i) =>
    statementSubscription({
      ref: `S-${String(i).padStart(4, '0')}`,
      unitPriceCents: 1000,
      customerNumber: `K-${1000 + Math.floor(i / 30)}`,
      customerName: i < 30 ? 'Müller Maschinenbau GmbH' : null,
    }),
  );
  const statement: Statement = buildStatement({
    period: '2024-03',
    mode: 'cutoff',
    subscriptions,
    adjustments: [{ subscriptionRef: 'S-0000', chargedPeriod: '2024-02', owedNow: null, owedCents: 0, chargedCents: 1000, amountCents: -1000 }],
  });
  const input: StatementPdfInput = {
    statement,
    reseller: { name: 'Beispiel Reseller GmbH', ref: 'R-42', customerNumber: '100042', address: { street: 'Hauptstraße 1', zip: '10115', city: 'Berlin', country: 'DE' } },
    locale: 'de-DE',
    issuedOn: '2024-04-01',
  };

  it('precondition: the fixture adds up as computed by hand', () => {
    assert.equal(statement.lines.length, 301);
    assert.equal(statement.totalCents, 299000);
  });

  it('renders a German multi-page statement with customers, subtotals, total and page x of y on every page', async () => {
    const text = pdfText(await buffer(renderStatementPdf(input)));
    const pages = text.split('\f').filter((page) => page.trim() !== '');
    assert.ok(pages.length >= 4, `expected several pages, got ${pages.length}`);
    assert.match(pages[0], /Einzelkostenaufstellung März 2024/);
    assert.match(pages[0], /Beispiel Reseller GmbH/);
    assert.match(pages[0], /Kunde K-1000 – Müller Maschinenbau GmbH/);
    pages.forEach((page, i) => {
      assert.match(page, new RegExp(`Seite ${i + 1} von ${pages.length}`), `page number on page ${i + 1}`);
      assert.match(page, /Abonnement\s+Artikel\s+Von\s+Bis/, `table header on page ${i + 1}`);
    });
    for (let c = 1000; c < 1010; c += 1) assert.match(text, new RegExp(`Kunde K-${c}\\b`));
    assert.match(text, /Zwischensumme Kunde K-1000\s+290,00 EUR/);
    assert.match(text, /Zwischensumme Kunde K-1009\s+300,00 EUR/);
    assert.match(text, /Korrektur 02\/2024/);
    assert.match(text, /-10,00 EUR/);
    assert.match(text, /Gesamtsumme\s+2\.990,00 EUR/);
    for (let i = 0; i < 300; i += 1) assert.ok(text.includes(`S-${String(i).padStart(4, '0')}`), `line S-${i}`);
  });

  it('renders the English texts for other locales', async () => {
    const text = pdfText(await buffer(renderStatementPdf({ ...input, locale: 'en-GB' })));
    assert.match(text, /Itemized statement March 2024/);
    assert.match(text, /Customer K-1003/);
    assert.match(text, /Subtotal customer K-1003\s+EUR 300\.00/);
    assert.match(text, /Adjustment 02\/2024/);
    assert.match(text, /Total\s+EUR 2,990\.00/);
    assert.match(text, /Page 1 of \d+/);
  });

  it('renders the same bytes for the same input', async () => {
    const withLogo = { ...input, logo: tinyPng() };
    const [a, b] = await Promise.all([buffer(renderStatementPdf(withLogo)), buffer(renderStatementPdf(withLogo))]);
    assert.ok(a.equals(b));
    assert.ok(a.includes('/Subtype /Image'));
    assert.ok(a.includes('(D:20240401000000Z)'), 'creation date taken from issuedOn');
  });

  it('renders an empty statement with a zero total', async () => {
    const text = pdfText(await buffer(renderStatementPdf({ ...input, statement: { period: '2024-03', lines: [], totalCents: 0 } })));
    assert.match(text, /keine Positionen/);
    assert.match(text, /Gesamtsumme\s+0,00 EUR/);
    assert.match(text, /Seite 1 von 1/);
  });

  it('handles 1,000+ lines', async () => {
    const many = Array.from({ length: 1200 }, (_, i) =>
      statementSubscription({ ref: `S-${String(i).padStart(5, '0')}`, customerNumber: `K-${String(Math.floor(i / 7)).padStart(4, '0')}` }),
    );
    const big = buildStatement({ period: '2024-03', mode: 'cutoff', subscriptions: many, adjustments: [] });
    const text = pdfText(await buffer(renderStatementPdf({ ...input, statement: big })));
    const pages = text.split('\f').filter((page) => page.trim() !== '');
    assert.match(pages.at(-1)!, new RegExp(`Seite ${pages.length} von ${pages.length}`));
    // 1200 × 3100 = 3,720,000 cents
    assert.match(pages.at(-1)!, /Gesamtsumme\s+37\.200,00 EUR/);
  });
});
