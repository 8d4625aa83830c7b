import bcrypt from 'bcryptjs';

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

export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string' || password.length < 10) return 'A password needs at least 10 characters.';
  if (Buffer.byteLength(password, 'utf8') > MAX_BYTES) return 'A password may have at most 72 characters (fewer with accents or symbols, which count 2 to 4).';
  if (password.includes('\u0000')) return 'A password cannot contain control characters.';
  return null;
}
