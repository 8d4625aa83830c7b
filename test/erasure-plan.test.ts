import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERASED_TEXT, planErasure, pseudonymFor, scrubJson, subjectHash, type SubjectHoldings } from '../models/domain/erasure-plan.ts';
import { approvalProblem, executionProblem, parseSubject } from '../models/domain/erasure-workflow.ts';
import { english } from './support/english.ts';

const retention = {
  statements: { years: 10, legalBasis: '§ 147 AO / § 257 HGB' },
  statement_lines: { years: 10, legalBasis: '§ 147 AO / § 257 HGB' },
};

function orgHoldings(overrides: Partial<SubjectHoldings> = {}): SubjectHoldings {
  return {
    kind: 'org',
    organization: {
      id: 7, ref: 'cust-7', name: 'Müller Maschinenbau', customerNumber: 'C-7', dataPolicy: 'full',
      contactEmail: 'it@mueller.test', billingEmail: null, street: 'Ahornweg 3', zip: '34117', city: 'Kassel', country: 'DE',
      supportContact: null, hasLogo: true,
    },
    users: [
      { id: 1, email: 'anna@mueller.test', name: 'Anna Müller', membershipOrgIds: [7] },
      { id: 2, email: 'consultant@partner.test', name: 'Paul Partner', membershipOrgIds: [7, 3] },
    ],
    membershipIds: [11, 12],
    sessions: [{ sid: 's-anna', userId: 1, email: 'anna@mueller.test' }, { sid: 's-paul', userId: 2, email: 'consultant@partner.test' }],
    auditEvents: [
      { id: '100', userId: 1, details: { fields: ['name'] } },
      { id: '101', userId: 2, details: { note: 'called Anna Müller at it@MUELLER.test' } },
    ],
    licenses: [{ id: 5, organizationId: 7, device: 'Laptop Anna' }, { id: 6, organizationId: 9, device: 'set up for anna@mueller.test' }],
    customPropertyValueIds: [40],
    invitations: [
      { id: 60, organizationId: 7, email: 'new@elsewhere.test' }, { id: 61, organizationId: 3, email: 'anna@mueller.test' },
      { id: 62, organizationId: 3, email: 'consultant@partner.test' },
    ],
    statements: [],
    statementLines: [{ id: 300, issuedOn: '2026-02-28', retainUntil: null }, { id: 301, issuedOn: '2026-03-31', retainUntil: '2036-03-31' }],
    texts: [{ table: 'statement_runs', column: 'error', id: 4, text: 'mailbox it@mueller.test unavailable' }],
    statementMessageIds: ['<statement-1@portal>'],
    outboxFiles: [
      { name: 'a.eml', text: 'To: it@mueller.test\r\n' }, { name: 'b.eml', text: 'To: other@x.test\r\n' },
      { name: 'c.eml', text: 'Message-ID: <statement-1@portal>\r\nTo: billing@reseller.test\r\n' },
    ],
    webhookDeliveryIds: [70, 71],
    ...overrides,
  };
}

describe('erasure plan', () => {
  it('deletes the members who belong only to the organization and keeps the others, minus their membership', () => {
    const plan = planErasure({ holdings: orgHoldings(), pseudonym: 'erased-abc', retention });
    assert.deepEqual(plan.deleteUserIds, [1]);
    assert.deepEqual(plan.deleteMembershipIds, [11, 12]);
    assert.deepEqual(plan.deleteSessionIds, ['s-anna']);
    assert.deepEqual(plan.deleteCustomPropertyValueIds, [40]);
    // Into the organization, and to the erased member elsewhere; the remaining member's invitation stays.
    assert.deepEqual(plan.deleteInvitationIds, [60, 61]);
    assert.equal(plan.summary.deleted.invitations, 2);
    assert.deepEqual(plan.deleteOutboxFiles, ['a.eml', 'c.eml']);
    // Webhook deliveries carry copies of the subject's rows: gone, and counted on the certificate.
    assert.deepEqual([plan.deleteWebhookDeliveryIds, plan.summary.deleted.webhookDeliveries], [[70, 71], 2]);
  });

  it('pseudonymizes the organization but keeps its pseudonymous keys', () => {
    const plan = planErasure({ holdings: orgHoldings(), pseudonym: 'erased-abc', retention });
    assert.deepEqual(plan.organization, {
      id: 7,
      values: { name: 'erased-abc', dataPolicy: 'pseudonymous', contactEmail: null, street: null, zip: null, city: null, country: null, logo: null, logoContentType: null },
    });
  });

  it('replaces a customer number that spells out the name', () => {
    const holdings = orgHoldings();
    holdings.organization!.customerNumber = 'MÜLLER MASCHINENBAU-01';
    const plan = planErasure({ holdings, pseudonym: 'erased-abc', retention });
    assert.equal(plan.organization!.values.customerNumber, 'erased-abc');
  });

  it('scrubs names and e-mails from audit details, devices and free text, case-insensitively, and unlinks erased users', () => {
    const plan = planErasure({ holdings: orgHoldings(), pseudonym: 'erased-abc', retention });
    assert.deepEqual(plan.auditEvents, [
      { id: '100', details: { fields: ['name'] }, unlinkUser: true },
      { id: '101', details: { note: 'called erased-abc at erased-abc' }, unlinkUser: false },
    ]);
    assert.deepEqual(plan.licenses, [{ id: 5, device: 'erased-abc-device-5' }, { id: 6, device: 'set up for erased-abc' }]);
    assert.deepEqual(plan.texts.map((t) => t.text), ['mailbox erased-abc unavailable']);
  });

  it('removes the subject\'s own request texts whole, scrubs mentions elsewhere, and counts each once', () => {
    const texts = [
      // Found as a mention and as the subject's own: removed whole, once.
      { table: 'offer_requests', column: 'message', id: '1', text: 'Anna Müller asks, call 0561 1' },
      { table: 'offer_requests', column: 'message', id: '1', text: 'Anna Müller asks, call 0561 1', own: true },
      { table: 'support_messages', column: 'message', id: '2', text: 'mobile 0170 9', own: true },
      // Already removed by an earlier run: nothing to do.
      { table: 'support_messages', column: 'message', id: '3', text: ERASED_TEXT, own: true },
      // Another organization's thread mentioning her: only the mention goes.
      { table: 'support_messages', column: 'message', id: '4', text: 'Anna Müller called us' },
    ];
    const plan = planErasure({ holdings: orgHoldings({ texts }), pseudonym: 'erased-abc', retention });
    assert.deepEqual(plan.texts.map((t) => [t.table, t.id, t.text]), [
      ['offer_requests', '1', ERASED_TEXT], ['support_messages', '2', ERASED_TEXT], ['support_messages', '4', 'erased-abc called us'],
    ]);
    assert.equal(plan.summary.deleted.requestTexts, 2);
    assert.equal(plan.summary.pseudonymized.freeTexts, 1);
  });

  it('restricts billing lines until issue date plus the configured years and keeps earlier retention ends', () => {
    const plan = planErasure({ holdings: orgHoldings(), pseudonym: 'erased-abc', retention: { ...retention, statement_lines: { years: 8, legalBasis: 'basis' } } });
    assert.deepEqual(plan.restrict, [{ table: 'statement_lines', id: 300, retainUntil: '2034-02-28' }]);
    assert.deepEqual(plan.summary.retained, [{ recordType: 'statement_lines', count: 2, retainUntil: '2036-03-31', legalBasis: 'basis' }]);
  });

  it('plans nothing for a subject that has already been erased', () => {
    const first = planErasure({ holdings: orgHoldings(), pseudonym: 'erased-abc', retention });
    const org = { ...orgHoldings().organization!, ...first.organization!.values, hasLogo: false } as NonNullable<SubjectHoldings['organization']>;
    const plan = planErasure({
      holdings: orgHoldings({
        organization: org, users: [], membershipIds: [], sessions: [], auditEvents: [], customPropertyValueIds: [], texts: [], outboxFiles: [], statementMessageIds: [],
        licenses: [{ id: 5, organizationId: 7, device: 'erased-abc-device-5' }],
        statementLines: [{ id: 300, issuedOn: '2026-02-28', retainUntil: '2036-02-28' }],
      }),
      pseudonym: 'erased-abc', retention,
    });
    assert.equal(plan.organization, null);
    assert.deepEqual([plan.licenses, plan.restrict, plan.auditEvents, plan.deleteUserIds], [[], [], [], []]);
  });

  it('erases a person: the user, all memberships and sessions; no organization changes', () => {
    const plan = planErasure({
      holdings: orgHoldings({ kind: 'user', organization: null, users: [{ id: 2, email: 'consultant@partner.test', name: 'Paul Partner', membershipOrgIds: [7, 3] }], statementLines: [] }),
      pseudonym: 'erased-p', retention,
    });
    assert.deepEqual(plan.deleteUserIds, [2]);
    assert.deepEqual(plan.deleteSessionIds, ['s-paul']);
    assert.equal(plan.organization, null);
  });

  it('hashes the subject with the installation salt, stable and case-insensitive', () => {
    const hash = subjectHash('salt-1', 'user', 'Anna@Mueller.test');
    assert.equal(hash, subjectHash('salt-1', 'user', 'anna@mueller.test'));
    assert.notEqual(hash, subjectHash('salt-2', 'user', 'anna@mueller.test'));
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.equal(pseudonymFor(hash), `erased-${hash.slice(0, 12)}`);
  });

  it('scrubs JSON keys and nested values', () => {
    assert.deepEqual(scrubJson({ 'anna@x.test': ['Anna Muster', 3] }, ['anna@x.test', 'Anna Muster'], 'P'), { P: ['P', 3] });
  });
});

describe('erasure workflow rules', () => {
  const dpoA = { id: 1, email: 'a@dpo.test', isDpo: true };
  const request = { id: 9, status: 'requested' as const, requestedBy: 1, dueAt: null };
  it('refuses self-approval only under the four-eyes rule', () => {
    assert.equal(approvalProblem(request, dpoA, false), null);
    assert.match(english(approvalProblem(request, dpoA, true)), /other than the one who filed it/);
    assert.equal(approvalProblem(request, { ...dpoA, id: 2 }, true), null);
  });
  it('executes only approved requests, after the grace period unless immediately', () => {
    assert.match(english(executionProblem(request, new Date(), true)), /must be approved/);
    const approved = { ...request, status: 'approved' as const, dueAt: new Date('2026-12-01T00:00:00Z') };
    assert.match(english(executionProblem(approved, new Date('2026-11-30T00:00:00Z'), false)), /due on/);
    assert.equal(executionProblem(approved, new Date('2026-11-30T00:00:00Z'), true), null);
    assert.match(english(executionProblem({ ...approved, status: 'executed' }, new Date(), true)), /already been executed/);
  });
  it('reads org:<ref> and user:<email> subjects', () => {
    assert.deepEqual(parseSubject('user: Anna@X.test'), { kind: 'user', key: 'anna@x.test' });
    assert.deepEqual(parseSubject('org:cust-7'), { kind: 'org', key: 'cust-7' });
    assert.equal(parseSubject('customer-7'), null);
  });
});
