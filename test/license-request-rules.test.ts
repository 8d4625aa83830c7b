import { it } from 'node:test';
import assert from 'node:assert/strict';
import { answerProblem, messageProblem, threadOf, threadSide } from '../models/domain/license-requests.ts';
import { english } from './support/english.ts';

it('a message is a non-empty text of at most 2000 characters without control characters', () => {
  assert.equal(messageProblem('Please quote 20 more seats.'), null);
  assert.equal(messageProblem('  line one\nline two  '), null);
  assert.equal(messageProblem('x'.repeat(2000)), null);
  assert.match(english(messageProblem('x'.repeat(2001))), /at most 2000/);
  assert.match(english(messageProblem('   ')), /empty/);
  assert.match(english(messageProblem(undefined)), /text/);
  assert.match(english(messageProblem(['a'])), /text/);
  assert.match(english(messageProblem('bell\u0007')), /control/);
});

it('an offer request is answered once', () => {
  assert.equal(answerProblem({ answeredAt: null }), null);
  assert.match(english(answerProblem({ answeredAt: new Date('2026-11-01T10:00:00Z') })), /answered already/);
});

it('a reply belongs to the thread of the message it answers', () => {
  assert.equal(threadOf({ id: 7, threadId: null }), 7);
  assert.equal(threadOf({ id: 9, threadId: 7 }), 7);
});

it('a support thread is written by its two sides and vendor staff only', () => {
  const thread = { organizationId: 10, handlerOrganizationId: 4 };
  assert.equal(threadSide({ organizationId: 10, view: 'customer' }, thread), null);
  assert.equal(threadSide({ organizationId: 4, view: 'reseller' }, thread), null);
  assert.equal(threadSide({ organizationId: 1, view: 'vendor' }, thread), null);
  assert.match(english(threadSide({ organizationId: 2, view: 'distributor' }, thread)), /Only the license holder/);
  assert.match(english(threadSide({ organizationId: 10, view: 'customer', inherited: true }, thread)), /behalf/);
});
