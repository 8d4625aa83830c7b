/**
 * Ticket (voucher) codes: `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`, 25 characters drawn with a CSPRNG from
 * an alphabet a person reads and types without doubt. It is the product-key alphabet: no vowels
 * (no words spelled by chance), none of 0/O, 1/I/L, 5/S, Z/2, U/V, A/4, N/M, E/3 … counted twice,
 * so 24 characters and 24^25 ≈ 2^114 codes. What a person types is read leniently (lower case,
 * spaces, dashes or none) and stored in the one canonical form.
 */
import { randomInt } from 'node:crypto';
import { msg, type Message } from '../../templates/messages.ts';

export const TICKET_CODE_ALPHABET = 'BCDFGHJKMPQRTVWXY2346789';
export const TICKET_CODE_LENGTH = 25;
export const TICKET_CODE_GROUP = 5;
/** The canonical form, for hints in messages. */
export const TICKET_CODE_FORMAT = 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX';

const CANONICAL = new RegExp(`^[${TICKET_CODE_ALPHABET}]{${TICKET_CODE_GROUP}}(-[${TICKET_CODE_ALPHABET}]{${TICKET_CODE_GROUP}}){${TICKET_CODE_LENGTH / TICKET_CODE_GROUP - 1}}$`);

/** A uniform integer in [0, max): crypto.randomInt by default; tests pass their own. */
export type Draw = (max: number) => number;

/** `groups` groups of five characters of the alphabet, joined by dashes. */
export function drawGroups(groups: number, draw: Draw = randomInt): string {
  let text = '';
  for (let i = 0; i < groups * TICKET_CODE_GROUP; i += 1) {
    if (i > 0 && i % TICKET_CODE_GROUP === 0) text += '-';
    text += TICKET_CODE_ALPHABET[draw(TICKET_CODE_ALPHABET.length)];
  }
  return text;
}

/** A new ticket code in the canonical form. */
export function drawTicketCode(draw: Draw = randomInt): string {
  return drawGroups(TICKET_CODE_LENGTH / TICKET_CODE_GROUP, draw);
}

/** A new key for what the portal makes: `prefix` and five groups of the same alphabet (≈ 2^114 keys). */
export function drawKey(prefix: 'LIC' | 'SUB', draw: Draw = randomInt): string {
  return `${prefix}-${drawGroups(5, draw)}`;
}

/** Whether `text` is a ticket code in the canonical form (as stored). */
export function isTicketCode(text: unknown): text is string {
  return typeof text === 'string' && CANONICAL.test(text);
}

/**
 * The canonical form of a code as a person typed or an ERP exported it (lower case, spaces or
 * dashes anywhere, or none), or null when it is not a ticket code.
 */
export function normalizeTicketCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 100) return null;
  const chars = input.toUpperCase().replace(/[\s-]/g, '');
  if (chars.length !== TICKET_CODE_LENGTH || [...chars].some((c) => !TICKET_CODE_ALPHABET.includes(c))) return null;
  return chars.match(new RegExp(`.{${TICKET_CODE_GROUP}}`, 'g'))!.join('-');
}

/** Why `input` is not a ticket code, or null. */
export function ticketCodeProblem(input: unknown): Message | null {
  if (normalizeTicketCode(input) !== null) return null;
  if (typeof input !== 'string') return msg('ticketCodeFormat', { format: TICKET_CODE_FORMAT });
  const chars = input.toUpperCase().replace(/[\s-]/g, '');
  const foreign = [...new Set([...chars].filter((c) => !TICKET_CODE_ALPHABET.includes(c)))];
  if (foreign.length > 0) return msg('ticketCodeForeign', { characters: foreign, alphabet: TICKET_CODE_ALPHABET });
  return msg('ticketCodeLength', { length: chars.length, expected: TICKET_CODE_LENGTH, format: TICKET_CODE_FORMAT });
}
