import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../models/domain/policy.ts';
import {
  assignProblem, mayHoldTickets, passDownProblem, redeemProblem, redemptionTerms, ticketCountProblem, type TicketState,
} from '../models/domain/ticket-rules.ts';
import { english } from './support/english.ts';
import { msg } from '../templates/messages.ts';

const HOLDER = 10;
const actor = (view: Actor['view'], role: Actor['role'] = 'member', extra: Partial<Actor> = {}): Actor => ({ userId: 7, organizationId: HOLDER, view, role, ...extra });
const open: TicketState = { status: 'open', organizationId: HOLDER, assignedUserId: null };
const assignedToMe: TicketState = { status: 'assigned', organizationId: HOLDER, assignedUserId: 7 };
const assignedToOther: TicketState = { status: 'assigned', organizationId: HOLDER, assignedUserId: 8 };
const redeemed: TicketState = { status: 'redeemed', organizationId: HOLDER, assignedUserId: 7, licenseId: 99 };
const heldBelow: TicketState = { ...open, organizationId: 11 };
const below = { isHolder: false, belowHolder: true, holdsTickets: true };
const status = (refusal: { status: number } | null) => refusal?.status ?? null;

describe('ticket rules', () => {
  it('pools are held by channel organizations and customers, not partners or the vendor', () => {
    assert.equal(mayHoldTickets(['reseller']), true);
    assert.equal(mayHoldTickets(['customer']), true);
    assert.equal(mayHoldTickets(['partner', 'service_provider']), true);
    assert.equal(mayHoldTickets(['partner']), false);
    assert.equal(mayHoldTickets(['vendor']), false);
  });

  it('generates 1 to 10,000 tickets at once', () => {
    for (const ok of [1, 10_000]) assert.equal(ticketCountProblem(ok), null);
    for (const bad of [0, 10_001, 2.5, -1, Number.NaN]) assert.equal(english(ticketCountProblem(bad)), 'must be a whole number from 1 to 10000.');
  });

  it('passes down an open ticket of its own pool to an organization below the holder', () => {
    assert.equal(passDownProblem(actor('reseller'), open, below), null);
    assert.equal(passDownProblem(actor('vendor', 'member', { organizationId: 1 }), open, below), null, 'vendor staff anywhere');
    assert.deepEqual(passDownProblem(actor('reseller'), heldBelow, below), {
      status: 403, message: msg('onlyHolder', { step: 'passDown' }),
    });
    assert.equal(status(passDownProblem(actor('reseller'), assignedToMe, below)), 409);
    assert.match(english(passDownProblem(actor('reseller'), redeemed, below)!.message), /redeemed into license #99; it cannot be passed down/);
    assert.deepEqual(passDownProblem(actor('reseller'), open, { ...below, isHolder: true }),
      { status: 422, field: 'organizationId', message: msg('heldAlready') });
    assert.equal(passDownProblem(actor('reseller'), open, { ...below, belowHolder: false })?.field, 'organizationId');
    assert.match(english(passDownProblem(actor('reseller'), open, { ...below, holdsTickets: false })!.message), /holds no ticket pools/);
  });

  it('assigns to a member or admin of the holder; reassigning someone else\'s ticket is an admin\'s', () => {
    const member = { userId: 8, roleInHolder: 'member' as const };
    assert.equal(assignProblem(actor('customer'), open, member), null);
    assert.equal(assignProblem(actor('customer'), open, { userId: 8, roleInHolder: 'admin' }), null);
    assert.deepEqual(assignProblem(actor('customer'), open, { userId: 8, roleInHolder: 'guest' }),
      { status: 422, field: 'userId', message: msg('guestOnlyReads') });
    assert.equal(assignProblem(actor('customer'), open, { userId: 8, roleInHolder: null })?.status, 422);
    assert.equal(status(assignProblem(actor('customer'), heldBelow, member)), 403);
    assert.equal(status(assignProblem(actor('customer'), redeemed, member)), 409);
    assert.equal(status(assignProblem(actor('customer'), assignedToOther, member)), 409, 'the same user again');
    assert.equal(status(assignProblem(actor('customer'), assignedToOther, { userId: 7, roleInHolder: 'member' })), 403, 'a member takes no one else\'s ticket');
    assert.equal(assignProblem(actor('customer', 'admin'), assignedToOther, { userId: 7, roleInHolder: 'member' }), null);
    assert.equal(assignProblem(actor('customer'), assignedToMe, member), null, 'a member hands its own ticket on');
    assert.equal(assignProblem(actor('vendor', 'member', { organizationId: 1 }), assignedToOther, { userId: 7, roleInHolder: 'member' }), null);
  });

  it('takes a ticket back (no user): the assignee or an admin, only an assigned one', () => {
    const back = { userId: null, roleInHolder: null };
    assert.equal(assignProblem(actor('customer'), assignedToMe, back), null);
    assert.equal(status(assignProblem(actor('customer'), assignedToOther, back)), 403);
    assert.equal(assignProblem(actor('customer', 'admin'), assignedToOther, back), null);
    assert.deepEqual(assignProblem(actor('customer', 'admin'), open, back), { status: 409, field: 'userId', message: msg('notAssigned') });
  });

  it('redeems once, by the holder\'s own users: an assigned ticket by its user or an admin', () => {
    assert.equal(redeemProblem(actor('customer'), open), null);
    assert.equal(redeemProblem(actor('customer'), assignedToMe), null);
    assert.equal(status(redeemProblem(actor('customer'), assignedToOther)), 403);
    assert.equal(redeemProblem(actor('customer', 'admin'), assignedToOther), null);
    assert.equal(status(redeemProblem(actor('customer', 'admin'), redeemed)), 409);
    assert.equal(status(redeemProblem(actor('reseller', 'admin'), heldBelow)), 403, 'the reseller reads its customer\'s tickets, the customer redeems them');
    assert.match(english(redeemProblem(actor('customer', 'admin', { inherited: true }), open)!.message), /do not hold its view/);
  });

  it('makes the license from the article and its frame', () => {
    const today = '2026-11-25';
    assert.deepEqual(redemptionTerms({ kind: 'full' }, null, today), { ok: true, terms: { kind: 'full', seats: 1, expiresOn: null } });
    assert.deepEqual(redemptionTerms({ kind: 'subscription' }, { minSeats: 5, demoDays: [] }, today), { ok: true, terms: { kind: 'subscription', seats: 5, expiresOn: null } });
    assert.deepEqual(redemptionTerms({ kind: 'nfr' }, { minSeats: 0, demoDays: [30] }, today), { ok: true, terms: { kind: 'nfr', seats: 1, expiresOn: null } });
    // The shortest demo the frame allows; today is its first day.
    assert.deepEqual(redemptionTerms({ kind: 'demo' }, { minSeats: 1, demoDays: [30, 14, 60] }, today), { ok: true, terms: { kind: 'demo', seats: 1, expiresOn: '2026-12-08' } });
    assert.deepEqual(redemptionTerms({ kind: 'demo' }, { minSeats: 1, demoDays: [1] }, today), { ok: true, terms: { kind: 'demo', seats: 1, expiresOn: today } });
    assert.equal(redemptionTerms({ kind: 'demo' }, { minSeats: 1, demoDays: [] }, today).ok, false);
    assert.equal(redemptionTerms({ kind: 'demo' }, null, today).ok, false);
  });
});
