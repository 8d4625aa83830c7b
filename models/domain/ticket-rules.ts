/**
 * What may happen to a ticket (an activation voucher for an article) on its way from the vendor to
 * a license: generated into a pool of a channel organization, passed down the tree, assigned to a
 * user of the holding organization, redeemed once into a license of that organization. Pure: each
 * check returns the refusal (status, message, the field it concerns) or null. Which views and roles
 * may run each operation at all is the policy's (policy.ts TICKET_OPERATIONS); these rules decide
 * per ticket.
 *
 * - The holder acts on its pool: a channel organization reaching a customer's tickets reads them
 *   but neither moves, assigns nor redeems them. Vendor staff pass down and assign anywhere.
 * - Pass down: only an open ticket, to an organization strictly below the holder that holds pools.
 * - Assign: to a member or admin of the holding organization (a guest only reads); a ticket assigned
 *   to someone else is reassigned or taken back (no user) by an admin only.
 * - Redeem: by the holding organization's own users (not a channel user acting in its customer's
 *   context, who does not hold the customer's view); an assigned ticket by its user or an admin.
 */
import type { Actor } from './policy.ts';
import { roleAtLeast, type Role } from './roles.ts';
import type { IsoDate } from '../../reports/calendar.ts';
import { demoLastDay } from './frame.ts';
import { msg, type Message } from '../../templates/messages.ts';

/** At most this many tickets are generated in one call (one transaction). */
export const MAX_GENERATED_TICKETS = 10_000;

/** Views whose organizations hold ticket pools: a partner manages its customers' people, not their licenses. */
export const TICKET_HOLDER_VIEWS = ['distributor', 'reseller', 'service_provider', 'system_integrator', 'customer'] as const;

export type TicketStatus = 'open' | 'assigned' | 'redeemed';

export interface TicketState {
  status: TicketStatus;
  /** The holder. */
  organizationId: number;
  assignedUserId: number | null;
  licenseId?: number | null;
}

export interface TicketRefusal {
  status: 403 | 409 | 422;
  message: Message;
  /** The input field the refusal concerns. */
  field?: string;
}

const refuse = (status: TicketRefusal['status'], message: Message, field?: string): TicketRefusal => ({ status, message, ...(field && { field }) });

export function mayHoldTickets(views: readonly string[]): boolean {
  return views.some((view) => (TICKET_HOLDER_VIEWS as readonly string[]).includes(view));
}

/** Why `count` tickets cannot be generated in one call, or null. */
export function ticketCountProblem(count: number): Message | null {
  return Number.isInteger(count) && count >= 1 && count <= MAX_GENERATED_TICKETS ? null : msg('ticketCount', { max: MAX_GENERATED_TICKETS });
}

/** The holder acts on its pool; vendor staff anywhere. */
function notHolder(actor: Actor, ticket: TicketState, step: TicketStep): TicketRefusal | null {
  if (actor.view === 'vendor' || ticket.organizationId === actor.organizationId) return null;
  return refuse(403, msg('onlyHolder', { step }));
}

/** The ticket operation a refusal speaks of. */
type TicketStep = 'passDown' | 'assign' | 'redeem';

function redeemed(ticket: TicketState, step: TicketStep): TicketRefusal | null {
  return ticket.status === 'redeemed' ? refuse(409, msg('ticketRedeemed', { license: ticket.licenseId ?? null, step })) : null;
}

export interface PassDownTarget {
  /** The organization asked for is the holder itself. */
  isHolder: boolean;
  /** It lies below the holder in the tree. */
  belowHolder: boolean;
  /** Its views include one that holds pools (TICKET_HOLDER_VIEWS). */
  holdsTickets: boolean;
}

export function passDownProblem(actor: Actor, ticket: TicketState, target: PassDownTarget): TicketRefusal | null {
  const problem = notHolder(actor, ticket, 'passDown') ?? redeemed(ticket, 'passDown');
  if (problem) return problem;
  if (ticket.status === 'assigned') return refuse(409, msg('takeBackFirst'));
  if (target.isHolder) return refuse(422, msg('heldAlready'), 'organizationId');
  if (!target.belowHolder) return refuse(422, msg('chooseBelowHolder'), 'organizationId');
  if (!target.holdsTickets) return refuse(422, msg('holdsNoPools', { views: TICKET_HOLDER_VIEWS }), 'organizationId');
  return null;
}

export interface Assignee {
  /** null: take the ticket back (it is open again). */
  userId: number | null;
  /** The user's role in the holding organization itself (a membership there), or null when it has none. */
  roleInHolder: Role | null;
}

export function assignProblem(actor: Actor, ticket: TicketState, assignee: Assignee): TicketRefusal | null {
  const problem = notHolder(actor, ticket, 'assign') ?? redeemed(ticket, 'assign');
  if (problem) return problem;
  const admin = actor.view === 'vendor' || roleAtLeast(actor.role, 'admin');
  if (assignee.userId === null) {
    if (ticket.status !== 'assigned') return refuse(409, msg('notAssigned'), 'userId');
    if (!admin && ticket.assignedUserId !== actor.userId) return refuse(403, msg('onlyAdminTakesBack'), 'userId');
    return null;
  }
  if (ticket.status === 'assigned' && ticket.assignedUserId === assignee.userId) return refuse(409, msg('assignedToThisUser'), 'userId');
  if (ticket.status === 'assigned' && !admin && ticket.assignedUserId !== actor.userId) {
    return refuse(403, msg('onlyAdminReassigns'), 'userId');
  }
  if (assignee.roleInHolder === null) return refuse(422, msg('chooseHolderUser'), 'userId');
  if (!roleAtLeast(assignee.roleInHolder, 'member')) return refuse(422, msg('guestOnlyReads'), 'userId');
  return null;
}

export function redeemProblem(actor: Actor, ticket: TicketState): TicketRefusal | null {
  if (actor.inherited) {
    return refuse(403, msg('redeemFromHolder'));
  }
  const problem = notHolder(actor, ticket, 'redeem') ?? redeemed(ticket, 'redeem');
  if (problem) return problem;
  if (ticket.status === 'assigned' && ticket.assignedUserId !== actor.userId && !roleAtLeast(actor.role, 'admin')) {
    return refuse(403, msg('assignedToAnother'));
  }
  return null;
}

export interface RedeemedArticle { kind: 'full' | 'demo' | 'subscription' | 'nfr' | 'alm' }
/** The vendor's frame for the article (its product group), where it has one. */
export interface ArticleFrame { minSeats: number; demoDays: number[] }
export interface LicenseTerms { kind: RedeemedArticle['kind']; seats: number; expiresOn: IsoDate | null }

/**
 * The license a ticket becomes: the article's kind, the frame's least number of seats (1 without
 * a frame), and for a demo the shortest demo duration the frame allows: `today` is its first day,
 * `expiresOn` its last (a 14-day demo redeemed on the 1st runs to the 14th).
 */
export function redemptionTerms(article: RedeemedArticle, frame: ArticleFrame | null, today: IsoDate): { ok: true; terms: LicenseTerms } | { ok: false; problem: Message } {
  const seats = Math.max(1, frame?.minSeats ?? 1);
  if (article.kind !== 'demo') return { ok: true, terms: { kind: article.kind, seats, expiresOn: null } };
  const days = (frame?.demoDays ?? []).filter((d) => Number.isInteger(d) && d > 0);
  if (days.length === 0) return { ok: false, problem: msg('noDemoDuration') };
  return { ok: true, terms: { kind: 'demo', seats, expiresOn: demoLastDay(today, Math.min(...days)) } };
}
