/**
 * Who may invite whom, and when a registration link still works. Pure: the panel and the
 * registration page ask these, the database only stores the outcome.
 */
import { createHash } from 'node:crypto';
import { isRole, mayGrantRole, roleAtLeast, type Role } from './roles.ts';
import { msg, type Message } from '../../templates/messages.ts';

export interface Inviter {
  /** The inviter's role in the active organization. */
  role: Role;
  /** The active organization and everything below it. */
  reachableOrgIds: Set<number> | 'all';
}

export interface InvitationDraft {
  email?: unknown;
  organizationId?: unknown;
  role?: unknown;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/**
 * Problems of an invitation as field → message; empty when it may be sent. Only an admin invites
 * (admins manage members), only into an organization within reach, and delegation never escalates:
 * the invited role is at most the inviter's own.
 */
export function invitationProblems(inviter: Inviter, draft: InvitationDraft): Record<string, Message> {
  const problems: Record<string, Message> = {};
  if (!roleAtLeast(inviter.role, 'admin')) problems.role = msg('onlyAdminInvites');
  else if (!isRole(draft.role)) problems.role = msg('chooseRole');
  else if (!mayGrantRole(inviter.role, draft.role)) problems.role = msg('atMostOwnRole');
  if (!EMAIL.test(normalizeEmail(draft.email))) problems.email = msg('enterEmail');
  const org = Number(draft.organizationId);
  const reachable = inviter.reachableOrgIds === 'all' ? Number.isSafeInteger(org) && org > 0 : inviter.reachableOrgIds.has(org);
  if (draft.organizationId === '' || draft.organizationId === null || draft.organizationId === undefined || !reachable) {
    problems.organizationId = msg('chooseManagedOrganization');
  }
  return problems;
}

/** The stored form of a registration token: its SHA-256, so the database never holds a working link. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function invitationExpiry(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 86_400_000);
}

export type TokenProblem = 'unknown' | 'used' | 'expired';

/** Why a registration link no longer works, or null while it does (unused and not expired). */
export function tokenProblem(invitation: { acceptedAt: Date | null; expiresAt: Date } | null, now: Date): TokenProblem | null {
  if (!invitation) return 'unknown';
  if (invitation.acceptedAt) return 'used';
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}

/**
 * The membership role after an accepted invitation: the invited role for a newcomer, a raise for
 * someone already a member with less, and no change (null) for someone who already has as much.
 */
export function roleAfterAcceptance(current: Role | null, invited: Role): Role | null {
  if (current === null) return invited;
  return roleAtLeast(current, invited) ? null : invited;
}
