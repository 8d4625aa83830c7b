/**
 * The product-group frame (CodeMeter: "the vendor sets the frame, the reseller acts inside it").
 * A product group holds the allowed values: demo days (a list), seats (min–max), subscription
 * terms in months (a list) and the article kinds it carries. A grant gives a channel organization
 * the group, optionally narrower (a null value: as the granter holds it); a grant passed on by a
 * distributor is bounded by what the distributor holds, up to the vendor's grant. The effective
 * frame of an organization is the group ∩ its grant ∩ every grant up the granting chain.
 *
 * Pure: each check returns the refusals shown to the caller, naming the allowed values and whose
 * frame it is ("seats must be between 1 and 50 for Office Suite at Reseller B Ltd").
 */
import { addDays, addMonthsClamped, type IsoDate } from '../../reports/calendar.ts';
import { msg, type Message } from '../../templates/messages.ts';
import type { FrameWhere } from '../../templates/messages-en.ts';

export interface Frame {
  demoDays: number[];
  minSeats: number;
  /** null: no upper limit. */
  maxSeats: number | null;
  termMonths: number[];
  articleKinds: string[];
}

/** What a grant narrows; null: as the granter holds it. */
export interface Narrowing {
  demoDays: number[] | null;
  minSeats: number | null;
  maxSeats: number | null;
  termMonths: number[] | null;
  articleKinds: string[] | null;
}

/** A grant of one product group: who holds it and who passed it on (null: the vendor). */
export interface GrantLink extends Narrowing {
  organizationId: number;
  grantedById: number | null;
}

/** Whose frame a value is checked against, for the refusal: the group and the holding organization (none: the group itself). */
export type FrameLabel = FrameWhere;

/** A refusal of one input field; `message` is the whole sentence shown to the caller. */
export interface FrameProblem {
  field: string;
  message: Message;
}

const sorted = <T extends number | string>(values: readonly T[]): T[] =>
  [...new Set(values)].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));

const within = <T>(held: T[], narrowed: readonly T[] | null): T[] => (narrowed === null ? held : held.filter((value) => narrowed.includes(value)));

const lowest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

/** The group's own values as a frame (lists sorted, duplicates dropped). */
export function groupFrame(group: Frame): Frame {
  return { ...group, demoDays: sorted(group.demoDays), termMonths: sorted(group.termMonths), articleKinds: sorted(group.articleKinds) };
}

/** The frame held after one grant: every value the holder has that the grant leaves. */
export function narrow(frame: Frame, grant: Narrowing): Frame {
  return {
    demoDays: within(frame.demoDays, grant.demoDays),
    minSeats: Math.max(frame.minSeats, grant.minSeats ?? frame.minSeats),
    maxSeats: lowest(frame.maxSeats, grant.maxSeats),
    termMonths: within(frame.termMonths, grant.termMonths),
    articleKinds: within(frame.articleKinds, grant.articleKinds),
  };
}

/**
 * The grants from `organizationId` up to the vendor's, for one product group: its own grant, the
 * grant of whoever passed it on, and so on. Null when the organization holds no grant, or when a
 * granter in the chain no longer holds the group: nothing is passed on that is not held.
 */
export function grantChain(grantsOfGroup: readonly GrantLink[], organizationId: number): GrantLink[] | null {
  const byHolder = new Map(grantsOfGroup.map((grant) => [grant.organizationId, grant]));
  const chain: GrantLink[] = [];
  let holder = organizationId;
  for (;;) {
    const grant = byHolder.get(holder);
    if (!grant || chain.includes(grant)) return null;
    chain.push(grant);
    if (grant.grantedById === null) return chain;
    holder = grant.grantedById;
  }
}

/** group ∩ each grant of the chain (in any order: intersection does not care). */
export function effectiveFrame(group: Frame, chain: readonly Narrowing[]): Frame {
  return chain.reduce(narrow, groupFrame(group));
}

/** The seat range the frame allows, said for `field`; null when no count fits (min above max). */
function seatRange(frame: Frame, field: string, at: FrameLabel): Message | null {
  if (frame.maxSeats !== null && frame.minSeats > frame.maxSeats) return null;
  return frame.maxSeats === null ? msg('seatsAtLeast', { field, min: frame.minSeats, at }) : msg('seatsBetween', { field, min: frame.minSeats, max: frame.maxSeats, at });
}

/** A seat count (a license's seats, a subscription's quantity) inside the frame's min–max. */
export function seatsProblem(frame: Frame, seats: number, label: FrameLabel, field = 'seats'): FrameProblem | null {
  if (seats >= frame.minSeats && (frame.maxSeats === null || seats <= frame.maxSeats)) return null;
  return { field, message: seatRange(frame, field, label) ?? msg('noSeatsAllowed', { field, at: label }) };
}

/** One value of a list the frame allows (demo days, term months). */
export function listProblem(allowed: readonly number[], value: number, label: FrameLabel, field: string): FrameProblem | null {
  if (allowed.includes(value)) return null;
  return { field, message: allowed.length > 0 ? msg('mustBeOneOfFrame', { field, allowed, at: label }) : msg('noValueAllowed', { field, at: label }) };
}

/** The article's kind is one the frame carries. */
export function kindProblem(frame: Frame, kind: string, label: FrameLabel, field = 'articleId'): FrameProblem | null {
  if (frame.articleKinds.includes(kind)) return null;
  return { field, message: msg('kindNotAllowed', { field, kind, allowed: frame.articleKinds, at: label }) };
}

/** Kinds the channel issues through a license's `new`; the rest come another way. */
const ISSUED_ELSEWHERE: Record<string, 'subscriptionLicenseElsewhere' | 'nfrFromVendor'> = {
  subscription: 'subscriptionLicenseElsewhere',
  nfr: 'nfrFromVendor',
};

export interface LicenseRequest {
  kind: string;
  seats: number;
  /** The chosen demo duration; only a demo license has one. */
  demoDays: number | null;
}

/** A license the channel issues inside its frame: kind, seats and, for a demo, its days. */
export function licenseProblems(frame: Frame, request: LicenseRequest, label: FrameLabel): FrameProblem[] {
  const problems: Array<FrameProblem | null> = [];
  if (ISSUED_ELSEWHERE[request.kind]) problems.push({ field: 'articleId', message: msg(ISSUED_ELSEWHERE[request.kind], { field: 'articleId' }) });
  else problems.push(kindProblem(frame, request.kind, label));
  problems.push(seatsProblem(frame, request.seats, label));
  if (request.kind === 'demo') {
    problems.push(request.demoDays === null
      ? { field: 'demoDays', message: msg('demoDaysRequired', { allowed: frame.demoDays, at: label }) }
      : listProblem(frame.demoDays, request.demoDays, label, 'demoDays'));
  } else if (request.demoDays !== null) {
    problems.push({ field: 'demoDays', message: msg('demoDaysOnlyDemo') });
  }
  return problems.filter((problem): problem is FrameProblem => problem !== null);
}

export interface SubscriptionRequest {
  kind: string;
  quantity: number;
  termMonths: number;
}

/** A subscription booked inside the frame: a subscription article, the quantity as seats, a term of the list. */
export function subscriptionProblems(frame: Frame, request: SubscriptionRequest, label: FrameLabel): FrameProblem[] {
  const problems = [
    request.kind === 'subscription' ? kindProblem(frame, request.kind, label)
      : { field: 'articleId', message: msg('notASubscriptionArticle', { kind: request.kind }) },
    seatsProblem(frame, request.quantity, label, 'quantity'),
    listProblem(frame.termMonths, request.termMonths, label, 'termMonths'),
  ];
  return problems.filter((problem): problem is FrameProblem => problem !== null);
}

/**
 * A grant passes on at most what the granter holds (`held`: the granter's effective frame, or the
 * group for the vendor's grants): every value it names lies inside, and its seats stay a range.
 */
export function grantProblems(held: Frame, grant: Narrowing, label: FrameLabel): FrameProblem[] {
  const problems: FrameProblem[] = [];
  const subset = (field: 'demoDays' | 'termMonths' | 'articleKinds') => {
    const values = grant[field];
    const allowed = held[field] as readonly (number | string)[];
    if (values === null || values.every((value) => allowed.includes(value))) return;
    problems.push({ field, message: allowed.length > 0 ? msg('mayOnlyHoldFrame', { field, allowed, at: label }) : msg('noValueHeld', { field, at: label }) });
  };
  subset('demoDays');
  for (const field of ['minSeats', 'maxSeats'] as const) {
    const value = grant[field];
    if (value === null || (value >= held.minSeats && (held.maxSeats === null || value <= held.maxSeats))) continue;
    problems.push({ field, message: seatRange(held, field, label) ?? msg('noSeatsHeld', { field, at: label }) });
  }
  if (grant.minSeats !== null && grant.maxSeats !== null && grant.minSeats > grant.maxSeats && !problems.some((p) => p.field === 'maxSeats')) {
    problems.push({ field: 'maxSeats', message: msg('maxAtLeastMin', { min: grant.minSeats }) });
  }
  subset('termMonths');
  subset('articleKinds');
  return problems;
}

/** A demo's last day when it starts `today` and runs `days` days: today is its first (a 14-day demo from the 1st runs to the 14th). */
export function demoLastDay(today: IsoDate, days: number): IsoDate {
  return addDays(today, days - 1);
}

/** When a license issued today ends: a demo after its days (its last day), an annual (ALM) license after a year, a full one never. */
export function issuedExpiry(kind: string, today: IsoDate, demoDays: number | null): IsoDate | null {
  if (kind === 'demo' && demoDays !== null) return demoLastDay(today, demoDays);
  if (kind === 'alm') return addMonthsClamped(today, 12);
  return null;
}
