/**
 * The one-time link that creates the first vendor admin of a production installation. Pure: the
 * setup page and the production start ask these; the database only holds the token's hash.
 */
import { invitationExpiry } from './invitation-rules.ts';

/** Why a setup link does not work (or null while it does). `done`: a vendor admin exists, setup is over. */
export type SetupProblem = 'done' | 'unknown' | 'expired';

/**
 * A vendor admin ends the setup whatever the link; otherwise the link must be stored (by its hash)
 * and younger than `days` (the invitation lifetime).
 */
export function setupProblem(stored: { createdAt: Date } | null, vendorAdminExists: boolean, now: Date, days: number): SetupProblem | null {
  if (vendorAdminExists) return 'done';
  if (!stored) return 'unknown';
  if (invitationExpiry(stored.createdAt, days).getTime() <= now.getTime()) return 'expired';
  return null;
}
