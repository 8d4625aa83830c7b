/**
 * Who may move an erasure request on, and when it is due. Each check returns the refusal the caller
 * sees, or null when the step may go ahead.
 */
import type { SubjectKind } from './erasure-plan.ts';
import { msg, type Message } from '../../templates/messages.ts';

export type ErasureStatus = 'requested' | 'approved' | 'executed' | 'rejected';

export interface Caller { id: number; email: string; isDpo: boolean }
export interface RequestState { id: number; status: ErasureStatus; requestedBy: number | null; dueAt: Date | null }

const DAY_MS = 86_400_000;

export function notDpo(caller: Caller | null, email: string): Message | null {
  if (!caller) return msg('noUserWithEmail', { email });
  if (!caller.isDpo) return msg('notADpo', { email: caller.email });
  return null;
}

export function parseSubject(spec: string): { kind: SubjectKind; key: string } | null {
  const match = /^(org|user):(.+)$/.exec(spec.trim());
  if (!match || match[2].trim() === '') return null;
  return { kind: match[1] as SubjectKind, key: match[1] === 'user' ? match[2].trim().toLowerCase() : match[2].trim() };
}

export function approvalProblem(request: RequestState, approver: Caller, fourEyes: boolean): Message | null {
  if (request.status !== 'requested') return msg('erasureNotRequested', { id: request.id, status: request.status });
  if (fourEyes && request.requestedBy === approver.id) {
    return msg('fourEyes', { id: request.id });
  }
  return null;
}

export function rejectionProblem(request: RequestState): Message | null {
  return request.status === 'requested' || request.status === 'approved'
    ? null : msg('noLongerRejected', { id: request.id, status: request.status });
}

/** `immediately`: a DPO executes at once instead of waiting for the grace period. */
export function executionProblem(request: RequestState, now: Date, immediately: boolean): Message | null {
  if (request.status === 'executed') return msg('executedAlready', { id: request.id });
  if (request.status !== 'approved') return msg('approveFirst', { id: request.id, status: request.status });
  if (!immediately && request.dueAt && request.dueAt.getTime() > now.getTime()) {
    return msg('erasureDue', { id: request.id, due: request.dueAt.toISOString() });
  }
  return null;
}

export function dueAt(approvedAt: Date, graceDays: number): Date {
  return new Date(approvedAt.getTime() + graceDays * DAY_MS);
}
