// Numbers, money, dates and lists as German or English text: statements, mails and the panel.
// Formatting is done by hand rather than with Intl: output must not depend on the ICU data the
// Node build ships, and money stays integer cents all the way to the string.
import { parseIsoDate, parsePeriod, type IsoDate, type Period } from '../reports/calendar.ts';

export type Language = 'de' | 'en';

export function languageFor(locale: string | null | undefined): Language {
  return locale?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

const MONTHS: Record<Language, string[]> = {
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const SEPARATORS: Record<Language, { thousands: string; decimal: string }> = {
  de: { thousands: '.', decimal: ',' },
  en: { thousands: ',', decimal: '.' },
};

/** A whole number with its thousands separator: de "10.000", en "10,000". */
export function formatCount(count: number, language: Language): string {
  if (!Number.isSafeInteger(count)) throw new RangeError(`A count must be an integer, got ${count}`);
  return String(count).replace(/\B(?=(\d{3})+$)/g, SEPARATORS[language].thousands);
}

/** de: "-1.234,56 EUR"; en: "EUR -1,234.56". */
export function formatMoney(cents: number, currency: string, language: Language): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Money must be integer cents, got ${cents}`);
  const { decimal } = SEPARATORS[language];
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = formatCount(Math.floor(abs / 100), language);
  const amount = `${sign}${units}${decimal}${String(abs % 100).padStart(2, '0')}`;
  return language === 'de' ? `${amount} ${currency}` : `${currency} ${amount}`;
}

/** de: "31.01.2024"; en: "31 Jan 2024" (day first, month spelled: unambiguous on both sides of the Atlantic). */
export function formatDate(date: IsoDate, language: Language): string {
  const { year, month, day } = parseIsoDate(date);
  if (language === 'de') return `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
  return `${day} ${MONTHS.en[month - 1].slice(0, 3)} ${year}`;
}

/** "März 2024" / "March 2024". */
export function formatPeriodLong(period: Period, language: Language): string {
  const { year, month } = parsePeriod(period);
  return `${MONTHS[language][month - 1]} ${year}`;
}

/** "03/2024" in both languages. */
export function formatPeriodShort(period: Period): string {
  const { year, month } = parsePeriod(period);
  return `${String(month).padStart(2, '0')}/${year}`;
}


/** de: "31.01.2024, 14:05"; en: "31 Jan 2024, 14:05": the instant's wall-clock time in `timeZone` (24 h in both). */
export function formatDateTime(instant: Date, language: Language, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${formatDate(`${part('year')}-${part('month')}-${part('day')}`, language)}, ${part('hour')}:${part('minute')}`;
}

/** A list of values with their unit: "14, 30, 60 days" / "14, 30, 60 Tage"; an empty list is "–". */
export function formatList(values: readonly (string | number)[], unit = ''): string {
  if (values.length === 0) return '–';
  return `${values.join(', ')}${unit ? ` ${unit}` : ''}`;
}
