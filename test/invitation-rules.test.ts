import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { english } from './support/english.ts';
import { createHash } from 'node:crypto';
import { invitationExpiry, invitationProblems, normalizeEmail, roleAfterAcceptance, tokenHash, tokenProblem } from '../models/domain/invitation-rules.ts';

const reach = new Set([10, 11]);
const draft = { email: ' New.Person@Example.test ', organizationId: '11', role: 'member' };

describe('who may invite whom', () => {
  it('an admin invites into an organization within reach with at most their own role', () => {
    assert.deepEqual(invitationProblems({ role: 'admin', reachableOrgIds: reach }, draft), {});
    assert.deepEqual(invitationProblems({ role: 'admin', reachableOrgIds: reach }, { ...draft, role: 'admin' }), {});
    assert.deepEqual(invitationProblems({ role: 'admin', reachableOrgIds: 'all' }, { ...draft, organizationId: 999 }), {});
  });

  it('members and guests invite nobody, at any role', () => {
    for (const role of ['member', 'guest'] as const) {
      for (const invited of ['admin', 'member', 'guest']) {
        assert.equal(english(invitationProblems({ role, reachableOrgIds: reach }, { ...draft, role: invited }).role), 'Only an organization admin invites people.');
      }
    }
  });

  it('refuses an organization out of reach, an unknown role and a malformed address', () => {
    assert.equal(english(invitationProblems({ role: 'admin', reachableOrgIds: reach }, { ...draft, organizationId: 12 }).organizationId), 'Choose an organization you manage.');
    assert.equal(english(invitationProblems({ role: 'admin', reachableOrgIds: reach }, { ...draft, organizationId: '' }).organizationId), 'Choose an organization you manage.');
    assert.equal(english(invitationProblems({ role: 'admin', reachableOrgIds: 'all' }, { ...draft, organizationId: 'x' }).organizationId), 'Choose an organization you manage.');
    assert.equal(english(invitationProblems({ role: 'admin', reachableOrgIds: reach }, { ...draft, role: 'owner' }).role), 'Choose admin, member or guest.');
    for (const email of ['', 'no-at-sign', 'two@@x.test', 'a@b', 'sp ace@x.test', 42]) {
      assert.equal(english(invitationProblems({ role: 'admin', reachableOrgIds: reach }, { ...draft, email }).email), 'Enter a valid e-mail address.', String(email));
    }
    assert.equal(normalizeEmail(draft.email), 'new.person@example.test');
  });
});

describe('registration links', () => {
  const now = new Date('2026-05-10T12:00:00Z');

  it('works while unused and unexpired; expires after the configured days', () => {
    const expiresAt = invitationExpiry(now, 7);
    assert.equal(expiresAt.toISOString(), '2026-05-17T12:00:00.000Z');
    assert.equal(tokenProblem({ acceptedAt: null, expiresAt }, now), null);
    assert.equal(tokenProblem({ acceptedAt: null, expiresAt }, new Date('2026-05-17T11:59:59Z')), null);
    assert.equal(tokenProblem({ acceptedAt: null, expiresAt }, new Date('2026-05-17T12:00:00Z')), 'expired');
  });

  it('is refused once used or when unknown (never issued, or revoked)', () => {
    assert.equal(tokenProblem({ acceptedAt: now, expiresAt: invitationExpiry(now, 7) }, now), 'used');
    assert.equal(tokenProblem(null, now), 'unknown');
  });

  it('is stored as its SHA-256 only', () => {
    assert.equal(tokenHash('abc'), createHash('sha256').update('abc').digest('hex'));
    assert.match(tokenHash('abc'), /^[0-9a-f]{64}$/);
  });

  it('gives a newcomer the invited role, raises a lesser membership, never lowers one', () => {
    assert.equal(roleAfterAcceptance(null, 'guest'), 'guest');
    assert.equal(roleAfterAcceptance('guest', 'member'), 'member');
    assert.equal(roleAfterAcceptance('admin', 'member'), null);
    assert.equal(roleAfterAcceptance('member', 'member'), null);
  });
});
