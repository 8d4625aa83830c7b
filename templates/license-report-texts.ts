// Wording of the license report (CSV header, PDF), German and English. Dates use the statement's
// formats (formats.ts); PDF strings stay within WinAnsi.
import { languageFor, type Language } from './formats.ts';

export interface LicenseReportTexts {
  language: Language;
  title: string;
  /** Column headers, in the order of LICENSE_REPORT_COLUMNS (reports/license-csv.ts). */
  columns: Record<'licenseKey' | 'organization' | 'customerNumber' | 'article' | 'kind' | 'status' | 'seats' | 'device' | 'created' | 'expires' | 'serviceUntil', string>;
  forLabel: string;
  filtersLabel: string;
  filterNames: Record<'kind' | 'status' | 'created' | 'expires', string>;
  noRows: string;
  count: (n: number) => string;
  page: (n: number) => string;
}

const TEXTS: Record<Language, LicenseReportTexts> = {
  de: {
    language: 'de',
    title: 'Lizenzbericht',
    columns: {
      licenseKey: 'Lizenzschlüssel', organization: 'Organisation', customerNumber: 'Kundennummer', article: 'Artikel', kind: 'Art',
      status: 'Status', seats: 'Plätze', device: 'Gerät', created: 'Angelegt', expires: 'Läuft ab', serviceUntil: 'Service bis',
    },
    forLabel: 'Für',
    filtersLabel: 'Filter',
    filterNames: { kind: 'Art', status: 'Status', created: 'angelegt', expires: 'läuft ab' },
    noRows: 'Keine Lizenzen für diese Auswahl.',
    count: (n) => `${n} Lizenz${n === 1 ? '' : 'en'}`,
    page: (n) => `Seite ${n}`,
  },
  en: {
    language: 'en',
    title: 'License report',
    columns: {
      licenseKey: 'License key', organization: 'Organization', customerNumber: 'Customer number', article: 'Article', kind: 'Kind',
      status: 'Status', seats: 'Seats', device: 'Device', created: 'Created', expires: 'Expires', serviceUntil: 'Service until',
    },
    forLabel: 'For',
    filtersLabel: 'Filters',
    filterNames: { kind: 'kind', status: 'status', created: 'created', expires: 'expires' },
    noRows: 'No licenses for this selection.',
    count: (n) => `${n} license${n === 1 ? '' : 's'}`,
    page: (n) => `Page ${n}`,
  },
};

export function licenseReportTexts(locale: string | null | undefined): LicenseReportTexts {
  return TEXTS[languageFor(locale)];
}
