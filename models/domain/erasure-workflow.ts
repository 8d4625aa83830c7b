/**
 * Who may move an erasure request on, and when it is due. Each check returns the refusal the caller
 * sees, or null when the step may go ahead.
 */
import type { SubjectKind } from './erasure-plan.ts';

export type ErasureStatus = 'requested' | 'approved' | 'executed' | 'rejected';

export interface Caller { id: number; email: string; isDpo: boolean }
export interface RequestState { id: number; status: ErasureStatus; requestedBy: number | null; dueAt: Date | null }

const DAY_MS = 86_400_000;

export function notDpo(caller: Caller | null, email: string): string | null {
  if (!caller) return `No user with e-mail ${email}.`;
  if (!caller.isDpo) return `${caller.email} is not a data-protection officer; only a DPO may do this.`;
  return null;
}

export function parseSubject(spec: string): { kind: SubjectKind; key: string } | null {
  const match = /^(org|user):(.+)$/.exec(spec.trim());
  if (!match || match[2].trim() === '') return null;
  return { kind: match[1] as SubjectKind, key: match[1] === 'user' ? match[2].trim().toLowerCase() : match[2].trim() };
}

export function approvalProblem(request: RequestState, approver: Caller, fourEyes: boolean): string | null {
  if (request.status !== 'requested') return `Erasure request ${request.id} is ${request.status}; only a requested one can be approved.`;
  if (fourEyes && request.requestedBy === approver.id) {
    return `Four-eyes rule: erasure request ${request.id} must be approved by a DPO other than the one who filed it.`;
  }
  return null;
}

export function rejectionProblem(request: RequestState): string | null {
  return request.status === 'requested' || request.status === 'approved'
    ? null : `Erasure request ${request.id} is ${request.status}; it can no longer be rejected.`;
}

/** `immediately`: a DPO executes at once instead of waiting for the grace period. */
export function executionProblem(request: RequestState, now: Date, immediately: boolean): string | null {
  if (request.status === 'executed') return `Erasure request ${request.id} has already been executed.`;
  if (request.status !== 'approved') return `Erasure request ${request.id} is ${request.status}; it must be approved before it is executed.`;
  if (!immediately && request.dueAt && request.dueAt.getTime() > now.getTime()) {
    return `Erasure request ${request.id} is due on ${request.dueAt.toISOString()}.`;
  }
  return null;
}

export function dueAt(approvedAt: Date, graceDays: number): Date {
  return new Date(approvedAt.getTime() + graceDays * DAY_MS);
}
