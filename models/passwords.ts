import bcrypt from 'bcryptjs';

const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  // Compare against a throwaway hash when there is none, so unknown users cost the same time.
  return bcrypt.compare(password, hash ?? '$2b$10$invalidinvalidinvalidinuJ0X1y6m8oQe6B3m1b4Vd8n7Xl0Eq2');
}

export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string' || password.length < 10) return 'A password needs at least 10 characters.';
  if (password.length > 72) return 'A password may have at most 72 characters.';
  return null;
}
