/**
 * The frame rules (models/domain/frame.ts) and the booking/exchange rules
 * (models/domain/subscription-rules.ts) against hand-worked cases, at the boundary values.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  effectiveFrame, grantChain, grantProblems, issuedExpiry, licenseProblems, listProblem, narrow, seatsProblem, subscriptionProblems,
  type Frame, type FrameProblem, type GrantLink, type Narrowing,
} from '../models/domain/frame.ts';
import { bookingStartProblem, replacementProblem, termIntervalProblem } from '../models/domain/subscription-rules.ts';
import { english } from './support/english.ts';

/** A frame problem as the API reads it (English). */
const said = (problem: FrameProblem | null) => problem && { field: problem.field, message: english(problem.message) };

const OFFICE: Frame = { demoDays: [60, 14, 30], minSeats: 1, maxSeats: 500, termMonths: [36, 1, 12, 24], articleKinds: ['subscription', 'demo', 'nfr'] };
const AS_GRANTER: Narrowing = { demoDays: null, minSeats: null, maxSeats: null, termMonths: null, articleKinds: null };
const link = (organizationId: number, grantedById: number | null, narrowing: Partial<Narrowing> = {}): GrantLink => ({ ...AS_GRANTER, ...narrowing, organizationId, grantedById });
const B = { group: 'Office Suite', holder: 'Reseller B Ltd' };

// Reseller B: Office Suite narrowed by the vendor to demo days 14, 30 and seats 1–50.
const resellerB = effectiveFrame(OFFICE, [link(4, null, { demoDays: [14, 30], maxSeats: 50 })]);

describe('the effective frame', () => {
  it('is the group where a grant narrows nothing (lists sorted)', () => {
    assert.deepEqual(effectiveFrame(OFFICE, [link(3, null)]), {
      demoDays: [14, 30, 60], minSeats: 1, maxSeats: 500, termMonths: [1, 12, 24, 36], articleKinds: ['demo', 'nfr', 'subscription'],
    });
  });

  it('is group ∩ grant: reseller B holds demo days 14, 30 and seats 1–50, terms and kinds as the group', () => {
    assert.deepEqual(resellerB, { demoDays: [14, 30], minSeats: 1, maxSeats: 50, termMonths: [1, 12, 24, 36], articleKinds: ['demo', 'nfr', 'subscription'] });
  });

  it('is group ∩ grant ∩ the granting chain', () => {
    // Distributor (from the vendor): demo 30, 60; seats 5–200; terms 12, 24. Reseller (from the
    // distributor): demo 14, 30 (14 is not the distributor's); max 300 (above the distributor's 200); kinds subscription, full.
    const chain = grantChain([
      link(2, null, { demoDays: [30, 60], minSeats: 5, maxSeats: 200, termMonths: [12, 24] }),
      link(3, 2, { demoDays: [14, 30], maxSeats: 300, articleKinds: ['subscription', 'full'] }),
      link(9, null, { demoDays: [14] }),
    ], 3);
    assert.deepEqual(chain?.map((grant) => grant.organizationId), [3, 2]);
    assert.deepEqual(effectiveFrame(OFFICE, chain!), { demoDays: [30], minSeats: 5, maxSeats: 200, termMonths: [12, 24], articleKinds: ['subscription'] });
  });

  it('a narrower grant keeps the higher minimum and the lower maximum; an unlimited group takes the grant\'s maximum', () => {
    assert.deepEqual(narrow({ ...OFFICE, maxSeats: null }, { ...AS_GRANTER, minSeats: 10, maxSeats: 20 }).minSeats, 10);
    assert.equal(narrow({ ...OFFICE, maxSeats: null }, { ...AS_GRANTER, maxSeats: 20 }).maxSeats, 20);
    assert.equal(narrow({ ...OFFICE, maxSeats: null }, AS_GRANTER).maxSeats, null);
  });

  it('no chain without the organization\'s own grant, when a granter no longer holds the group, or in a cycle', () => {
    assert.equal(grantChain([link(2, null)], 3), null);
    assert.equal(grantChain([link(3, 2)], 3), null, 'the distributor holds nothing it could have passed on');
    assert.equal(grantChain([link(3, 2), link(2, 3)], 3), null);
    assert.deepEqual(grantChain([link(3, null)], 3)?.length, 1);
  });
});

describe('checks at the boundary values', () => {
  it('seats: min-1 and max+1 refused naming the range, min and max allowed', () => {
    assert.deepEqual(said(seatsProblem(resellerB, 0, B)), { field: 'seats', message: 'seats must be between 1 and 50 for Office Suite at Reseller B Ltd' });
    assert.equal(seatsProblem(resellerB, 1, B), null);
    assert.equal(seatsProblem(resellerB, 50, B), null);
    assert.deepEqual(said(seatsProblem(resellerB, 51, B)), { field: 'seats', message: 'seats must be between 1 and 50 for Office Suite at Reseller B Ltd' });
    assert.equal(seatsProblem({ ...resellerB, maxSeats: null }, 100000, B), null);
    assert.equal(english(seatsProblem({ ...resellerB, minSeats: 5, maxSeats: null }, 4, B)?.message), 'seats must be at least 5 for Office Suite at Reseller B Ltd');
    assert.equal(english(seatsProblem({ ...resellerB, minSeats: 60 }, 55, B)?.message), 'seats: no seat count is allowed for Office Suite at Reseller B Ltd');
    assert.equal(english(seatsProblem(resellerB, 51, B, 'quantity')?.message), 'quantity must be between 1 and 50 for Office Suite at Reseller B Ltd');
  });

  it('lists: a listed value allowed, an unlisted one refused naming the list', () => {
    assert.equal(listProblem(resellerB.demoDays, 14, B, 'demoDays'), null);
    assert.equal(listProblem(resellerB.demoDays, 30, B, 'demoDays'), null);
    assert.equal(english(listProblem(resellerB.demoDays, 60, B, 'demoDays')?.message), 'demoDays must be one of 14 or 30 for Office Suite at Reseller B Ltd');
    assert.equal(english(listProblem(resellerB.demoDays, 15, B, 'demoDays')?.message), 'demoDays must be one of 14 or 30 for Office Suite at Reseller B Ltd');
    assert.equal(english(listProblem([], 12, B, 'termMonths')?.message), 'termMonths: no value is allowed for Office Suite at Reseller B Ltd');
  });

  it('a license: the kind carried and issued by the channel, seats, demo days for a demo only', () => {
    assert.deepEqual(licenseProblems(resellerB, { kind: 'demo', seats: 1, demoDays: 30 }, B), []);
    assert.deepEqual(licenseProblems(resellerB, { kind: 'demo', seats: 51, demoDays: 60 }, B).map((p) => english(p.message)), [
      'seats must be between 1 and 50 for Office Suite at Reseller B Ltd', 'demoDays must be one of 14 or 30 for Office Suite at Reseller B Ltd',
    ]);
    assert.deepEqual(licenseProblems(resellerB, { kind: 'demo', seats: 1, demoDays: null }, B).map(said), [
      { field: 'demoDays', message: 'demoDays is required for a demo license: one of 14 or 30 for Office Suite at Reseller B Ltd' },
    ]);
    assert.deepEqual(licenseProblems(resellerB, { kind: 'full', seats: 1, demoDays: 30 }, B).map((p) => english(p.message)), [
      'articleId: full articles are not allowed for Office Suite at Reseller B Ltd (allowed kinds: demo, nfr, subscription)', 'demoDays: only a demo license has demo days',
    ]);
    assert.match(english(licenseProblems(resellerB, { kind: 'subscription', seats: 1, demoDays: null }, B)[0].message), /book the subscription instead/);
    assert.match(english(licenseProblems(resellerB, { kind: 'nfr', seats: 1, demoDays: null }, B)[0].message), /given by the vendor/);
    assert.deepEqual(licenseProblems({ ...resellerB, articleKinds: ['alm', 'full'] }, { kind: 'alm', seats: 50, demoDays: null }, B), []);
  });

  it('a subscription: a subscription article, the quantity as seats, a listed term', () => {
    const twoTerms = { ...resellerB, termMonths: [1, 12] };
    assert.deepEqual(subscriptionProblems(twoTerms, { kind: 'subscription', quantity: 50, termMonths: 12 }, B), []);
    assert.deepEqual(subscriptionProblems(twoTerms, { kind: 'subscription', quantity: 1, termMonths: 1 }, B), []);
    assert.deepEqual(subscriptionProblems(twoTerms, { kind: 'subscription', quantity: 0, termMonths: 6 }, B).map(said), [
      { field: 'quantity', message: 'quantity must be between 1 and 50 for Office Suite at Reseller B Ltd' },
      { field: 'termMonths', message: 'termMonths must be one of 1 or 12 for Office Suite at Reseller B Ltd' },
    ]);
    assert.equal(subscriptionProblems(twoTerms, { kind: 'demo', quantity: 1, termMonths: 12 }, B)[0].field, 'articleId');
    assert.match(english(subscriptionProblems({ ...twoTerms, articleKinds: ['demo'] }, { kind: 'subscription', quantity: 1, termMonths: 12 }, B)[0].message),
      /subscription articles are not allowed for Office Suite at Reseller B Ltd \(allowed kinds: demo\)/);
  });

  it('a grant passes on at most what the granter holds', () => {
    const distributor = effectiveFrame(OFFICE, [link(2, null, { demoDays: [30, 60], minSeats: 5, maxSeats: 200, termMonths: [12], articleKinds: ['subscription'] })]);
    const D = { group: 'Office Suite', holder: 'Demo Distribution AG' };
    const refused = (narrowing: Partial<Narrowing>) => grantProblems(distributor, { ...AS_GRANTER, ...narrowing }, D).map((p) => english(p.message));
    assert.deepEqual(refused({}), [], 'as the distributor holds it');
    assert.deepEqual(refused({ demoDays: [30, 60], minSeats: 5, maxSeats: 200, termMonths: [12], articleKinds: ['subscription'] }), [], 'all of it');
    assert.deepEqual(refused({ demoDays: [30], minSeats: 200, maxSeats: 200 }), [], 'the boundaries themselves');
    assert.deepEqual(refused({ demoDays: [14, 30] }), ['demoDays may only hold 30, 60 for Office Suite at Demo Distribution AG']);
    assert.deepEqual(refused({ minSeats: 4 }), ['minSeats must be between 5 and 200 for Office Suite at Demo Distribution AG']);
    assert.deepEqual(refused({ maxSeats: 201 }), ['maxSeats must be between 5 and 200 for Office Suite at Demo Distribution AG']);
    assert.deepEqual(refused({ maxSeats: 4 }), ['maxSeats must be between 5 and 200 for Office Suite at Demo Distribution AG']);
    assert.deepEqual(refused({ minSeats: 10, maxSeats: 9 }), ['maxSeats must be at least minSeats (10)']);
    assert.deepEqual(refused({ termMonths: [12, 24] }), ['termMonths may only hold 12 for Office Suite at Demo Distribution AG']);
    assert.deepEqual(refused({ articleKinds: ['demo'] }), ['articleKinds may only hold subscription for Office Suite at Demo Distribution AG']);
    // The vendor's grant is bounded by the group itself.
    assert.deepEqual(grantProblems(effectiveFrame(OFFICE, []), { ...AS_GRANTER, maxSeats: 501 }, { group: 'Office Suite', holder: null }).map((p) => english(p.message)),
      ['maxSeats must be between 1 and 500 for Office Suite']);
  });

  it('expiry: a demo after its days, an annual license after a year (clamped), a full license never', () => {
    assert.equal(issuedExpiry('demo', '2026-11-26', 30), '2026-12-25', 'today is the first of its 30 days');
    assert.equal(issuedExpiry('demo', '2026-12-20', 14), '2027-01-02');
    assert.equal(issuedExpiry('alm', '2026-11-26', null), '2027-11-26');
    assert.equal(issuedExpiry('alm', '2028-02-29', null), '2029-02-28');
    assert.equal(issuedExpiry('full', '2026-11-26', null), null);
  });
});

describe('booking and exchange', () => {
  it('the channel books from today on; vendor staff may book back', () => {
    assert.equal(bookingStartProblem('2026-11-26', { today: '2026-11-26', byVendor: false }), null);
    assert.match(english(bookingStartProblem('2026-11-25', { today: '2026-11-26', byVendor: false })), /cannot be before today \(26 Nov 2026\)/);
    assert.equal(bookingStartProblem('2026-11-25', { today: '2026-11-26', byVendor: true }), null);
  });

  it('a yearly article runs whole years', () => {
    assert.equal(termIntervalProblem('year', 12), null);
    assert.equal(termIntervalProblem('year', 24), null);
    assert.match(english(termIntervalProblem('year', 13)), /whole number of years/);
    assert.equal(termIntervalProblem('month', 13), null);
  });

  it('the replacement: another subscription of the customer, not cancelled, starting on the exchange day', () => {
    const sub = { id: 1, customerId: 7 };
    const replacement = { id: 2, customerId: 7, startDate: '2026-12-01', cancelledOn: null };
    assert.equal(replacementProblem(sub, replacement, '2026-12-01'), null);
    assert.match(english(replacementProblem(sub, { ...replacement, id: 1 }, '2026-12-01')), /cannot replace itself/);
    assert.match(english(replacementProblem(sub, { ...replacement, customerId: 8 }, '2026-12-01')), /same customer/);
    assert.match(english(replacementProblem(sub, { ...replacement, cancelledOn: '2026-12-01' }, '2026-12-01')), /was cancelled/);
    assert.match(english(replacementProblem(sub, replacement, '2026-11-30')), /starts on 1 Dec 2026, the exchange is on 30 Nov 2026/);
    assert.match(english(replacementProblem(sub, replacement, '2026-12-02')), /starts on 1 Dec 2026/);
  });
});
