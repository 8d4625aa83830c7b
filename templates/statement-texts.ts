// Wording of the itemized statement (PDF and e-mail), German and English; the number and date
// formats are templates/formats.ts.
// PDF strings must stay within WinAnsi (Latin-1 plus a few), the encoding of the built-in fonts.
import type { Period } from '../reports/calendar.ts';
import { formatMoney, formatPeriodLong, formatPeriodShort, languageFor, type Language } from './formats.ts';

export interface StatementTexts {
  language: Language;
  title: string;
  periodLabel: string;
  issuedOnLabel: string;
  resellerRefLabel: string;
  resellerNumberLabel: string;
  customer: (customerNumber: string, customerName: string | null) => string;
  continued: string;
  columns: {
    subscription: string;
    article: string;
    from: string;
    to: string;
    days: string;
    quantity: string;
    unitPrice: string;
    amount: string;
  };
  adjustmentFor: (chargedPeriod: Period) => string;
  adjustmentNote: string;
  subtotal: (customerNumber: string) => string;
  total: string;
  noLines: string;
  page: (page: number, pages: number) => string;
}

const TEXTS: Record<Language, StatementTexts> = {
  de: {
    language: 'de',
    title: 'Einzelkostenaufstellung',
    periodLabel: 'Abrechnungszeitraum',
    issuedOnLabel: 'Erstellt am',
    resellerRefLabel: 'Partner',
    resellerNumberLabel: 'Kundennummer',
    customer: (number, name) => (name ? `Kunde ${number} – ${name}` : `Kunde ${number}`),
    continued: '(Fortsetzung)',
    columns: {
      subscription: 'Abonnement',
      article: 'Artikel',
      from: 'Von',
      to: 'Bis',
      days: 'Tage',
      quantity: 'Menge',
      unitPrice: 'Einzelpreis',
      amount: 'Betrag',
    },
    adjustmentFor: (period) => `Korrektur ${formatPeriodShort(period)}`,
    adjustmentNote:
      'Korrektur: Nachberechnung oder Gutschrift zu einem bereits abgerechneten Zeitraum (z. B. Storno oder rückwirkende Kündigung).',
    subtotal: (number) => `Zwischensumme Kunde ${number}`,
    total: 'Gesamtsumme',
    noLines: 'Für diesen Zeitraum fallen keine Positionen an.',
    page: (page, pages) => `Seite ${page} von ${pages}`,
  },
  en: {
    language: 'en',
    title: 'Itemized statement',
    periodLabel: 'Billing period',
    issuedOnLabel: 'Issued on',
    resellerRefLabel: 'Partner',
    resellerNumberLabel: 'Customer number',
    customer: (number, name) => (name ? `Customer ${number} – ${name}` : `Customer ${number}`),
    continued: '(continued)',
    columns: {
      subscription: 'Subscription',
      article: 'Article',
      from: 'From',
      to: 'To',
      days: 'Days',
      quantity: 'Qty',
      unitPrice: 'Unit price',
      amount: 'Amount',
    },
    adjustmentFor: (period) => `Adjustment ${formatPeriodShort(period)}`,
    adjustmentNote:
      'Adjustment: additional charge or credit for a period already invoiced (e.g. a reversal or a backdated termination).',
    subtotal: (number) => `Subtotal customer ${number}`,
    total: 'Total',
    noLines: 'There are no items for this period.',
    page: (page, pages) => `Page ${page} of ${pages}`,
  },
};

export function statementTexts(locale: string | null | undefined): StatementTexts {
  return TEXTS[languageFor(locale)];
}

export interface StatementEmailInput {
  locale: string | null | undefined;
  period: Period;
  resellerName: string;
  totalCents: number;
  currency: string;
}

export function statementEmail({ locale, period, resellerName, totalCents, currency }: StatementEmailInput): {
  subject: string;
  body: string;
} {
  const language = languageFor(locale);
  const month = formatPeriodLong(period, language);
  const total = formatMoney(totalCents, currency, language);
  if (language === 'de') {
    return {
      subject: `Einzelkostenaufstellung ${month} – ${resellerName}`,
      body: [
        'Guten Tag,',
        '',
        `anbei erhalten Sie die Einzelkostenaufstellung für ${month} (${resellerName}) als PDF und als CSV-Datei.`,
        'Sie ergänzt die Sammelrechnung, die Sie gesondert erhalten.',
        '',
        `Gesamtsumme: ${total}`,
        '',
        'Mit freundlichen Grüßen',
        'Ihr Lizenzportal',
        '',
      ].join('\n'),
    };
  }
  return {
    subject: `Itemized statement ${month} – ${resellerName}`,
    body: [
      'Hello,',
      '',
      `please find attached the itemized statement for ${month} (${resellerName}) as a PDF and as a CSV file.`,
      'It accompanies the collective invoice, which you receive separately.',
      '',
      `Total: ${total}`,
      '',
      'Kind regards',
      'Your license portal',
      '',
    ].join('\n'),
  };
}
