import bcrypt from 'bcryptjs';
import { msg, type Message } from '../templates/messages.ts';

const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  // Compare against a throwaway hash when there is none, so unknown users cost the same time.
  return bcrypt.compare(password, hash ?? '$2b$10$invalidinvalidinvalidinuJ0X1y6m8oQe6B3m1b4Vd8n7Xl0Eq2');
}

/**
 * bcrypt reads the first 72 bytes of a password and ignores the rest: a longer one would let in
 * every password that starts the same. Letters with accents and symbols take 2 to 4 bytes.
 */
const MAX_BYTES = 72;

export function passwordProblem(password: unknown): Message | null {
  if (typeof password !== 'string' || password.length < 10) return msg('passwordTooShort');
  if (Buffer.byteLength(password, 'utf8') > MAX_BYTES) return msg('passwordTooLong');
  if (password.includes('\u0000')) return msg('passwordControl');
  return null;
}
