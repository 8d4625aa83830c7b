/**
 * What any text the portal stores may hold, wherever it comes from (panel forms, the ERP import):
 * a bounded length, no control characters, and for keys a plain alphabet. One place, so the panel
 * and the import cannot drift apart.
 */
import { msg, type Message } from '../../templates/messages.ts';

/** The longest free text (names, addresses, reasons) a field takes. */
export const TEXT_MAX = 2000;

/**
 * Keys that reach CSV exports, statements and other systems (refs, customer numbers, article and
 * ticket codes, license keys, versions): letters, digits and . _ / - only, starting with a letter or
 * digit, so no spreadsheet formula (= + - @) or markup hides in them.
 */
export const CODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

/** PostgreSQL cannot store NUL in text; other control characters have no place in a field (tab, line breaks aside). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Why a (trimmed) text cannot be stored, or null. */
export function textProblem(text: string): Message | null {
  if (text.length > TEXT_MAX) return msg('textTooLong', { max: TEXT_MAX });
  if (CONTROL.test(text)) return msg('controlCharacters');
  return null;
}

/** Why a (trimmed) text is not a key, or null. */
export function codeProblem(text: string): Message | null {
  return CODE.test(text) ? null : msg('codeRule');
}
