import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { parentsFirst, parseImportJson, validateImportDocument, type KnownRows } from '../models/domain/import-document.ts';

const reseller = { ref: 'erp-r', name: 'Reseller', views: ['reseller'] };
const customer = { ref: 'erp-c', name: 'Customer', views: ['customer'], parent: 'erp-r', customerNumber: 'K-1' };
const monthly = { code: 'M', name: 'Monthly', kind: 'subscription', interval: 'month', priceCents: 1000, currency: 'EUR' };
const sub = { ref: 'erp-s', reseller: 'erp-r', customer: 'erp-c', article: 'M', quantity: 2, start: '2026-01-31', termMonths: 12 };

function errorsOf(json: unknown, known?: KnownRows): string[] {
  const result = validateImportDocument(json, known);
  assert.equal(result.ok, false, 'the document must be rejected');
  return result.ok ? [] : result.errors;
}

function docOf(json: unknown, known?: KnownRows) {
  const result = validateImportDocument(json, known);
  assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
  return result;
}

describe('ERP import document validation', () => {
  it('accepts the demo fixture and needs nothing from the database', () => {
    const json = JSON.parse(fs.readFileSync(new URL('./fixtures/erp-demo.json', import.meta.url), 'utf8'));
    const result = docOf(json);
    assert.deepEqual(result.needs, { organizations: [], articles: [], productGroups: [] });
    assert.equal(result.doc.subscriptions.length, 7);
  });

  it('fills the defaults and normalizes empty values', () => {
    const { doc } = docOf({
      organizations: [reseller, { ...customer, billingEmail: '', contactEmail: ' IT@Example.COM ' }],
      users: [{ email: ' Anna@Example.com ' }],
      articles: [{ ...monthly, interval: null }, { ...monthly, code: 'Y', interval: 'year' }],
      subscriptions: [{ ...sub, article: 'Y' }],
    });
    const [r, c] = doc.organizations;
    assert.deepEqual(r, {
      ref: 'erp-r', name: 'Reseller', views: ['reseller'], parent: null, customerNumber: null, dataPolicy: 'full',
      statementMode: 'prorated', billingEmail: null, locale: 'de', address: { street: null, zip: null, city: null, country: null }, contactEmail: null,
    });
    assert.equal(c.billingEmail, null, 'an empty string is no value');
    assert.equal(c.contactEmail, 'it@example.com');
    assert.deepEqual(doc.users[0], { email: 'anna@example.com', name: null, memberships: [] });
    assert.equal(doc.articles[0].interval, null);
    assert.deepEqual(doc.subscriptions[0], {
      ...sub, article: 'Y', autoRenew: true, unitPriceCents: null, terminatedOn: null, cancelledOn: null, cancelReason: null, replacedBy: null,
    });
  });

  it('lists every problem at once, each with its JSON path', () => {
    const errors = errorsOf({
      organizations: [{ ...reseller, statementMode: 'monthly', address: { country: 'UK' } }, { ...customer, views: [] }],
      users: [{ email: 'not-an-address', memberships: [{ org: 'erp-r', role: 'owner' }] }],
      articles: [{ ...monthly, priceCents: 9.5, currency: 'EURO' }],
      subscriptions: [{ ...sub, quantity: 0, start: '2026-02-30', termMonths: '12', autoRenew: 'yes' }],
    });
    assert.deepEqual(errors.sort(), [
      'articles[0].currency: "EURO" is not an ISO 4217 currency code (e.g. EUR, CHF, USD)',
      'articles[0].priceCents: must be a whole number from 0 to 2147483647, got 9.5',
      'organizations[0].address.country: "UK" is not an ISO 3166-1 alpha-2 country code (e.g. DE, AT, GB)',
      'organizations[0].statementMode: must be one of prorated, cutoff, got "monthly"',
      'organizations[1].views: must be a non-empty list of distributor, reseller, service_provider, system_integrator, partner, customer, got []',
      'subscriptions[0].autoRenew: must be true or false, got "yes"',
      'subscriptions[0].quantity: must be a whole number from 1 to 2147483647, got 0',
      'subscriptions[0].start: "2026-02-30" is not a calendar date (YYYY-MM-DD)',
      'subscriptions[0].termMonths: must be a whole number from 1 to 2147483647, got "12"',
      'users[0].email: "not-an-address" is not an e-mail address',
      'users[0].memberships[0].role: must be one of admin, member, guest, got "owner"',
    ]);
  });

  it('rejects unknown keys and sections instead of dropping them', () => {
    const errors = errorsOf({
      organisations: [],
      organizations: [{ ...reseller, statmentMode: 'cutoff', address: { street: 'x', postcode: '1' } }],
      subscriptions: [{ ...sub, endDate: '2026-12-31' }],
      articles: [monthly],
    });
    assert.equal(errors.length, 4, errors.join('\n'));
    assert.ok(errors.includes('organisations: unknown section (expected organizations, users, articles, grants, subscriptions, tickets)'));
    assert.ok(errors.some((e) => e.startsWith('organizations[0].statmentMode: unknown key (expected ref, name, views,')));
    assert.ok(errors.some((e) => e.startsWith('organizations[0].address.postcode: unknown key')));
    assert.ok(errors.some((e) => e.startsWith('subscriptions[0].endDate: unknown key')));
  });

  it('requires the required fields and rejects a document that is not an object', () => {
    assert.deepEqual(errorsOf([]), ['(document): must be an object with organizations, users, articles, grants, subscriptions, tickets']);
    assert.deepEqual(errorsOf({ subscriptions: 'none' }), ['subscriptions: must be a list']);
    const errors = errorsOf({ organizations: [{}], articles: [{}], subscriptions: [{}], users: [{}, 'x'] });
    for (const expected of [
      'organizations[0].ref: is required', 'organizations[0].name: is required',
      'articles[0].code: is required', 'articles[0].kind: is required (one of full, demo, subscription, nfr, alm)', 'articles[0].priceCents: is required', 'articles[0].currency: is required',
      'subscriptions[0].reseller: is required', 'subscriptions[0].start: is required (YYYY-MM-DD)', 'subscriptions[0].termMonths: is required',
      'users[0].email: is required', 'users[1]: must be an object, got "x"',
    ]) assert.ok(errors.includes(expected), `missing: ${expected}\n${errors.join('\n')}`);
  });

  it('checks the subscription lifecycle dates and the cancellation reason', () => {
    const errors = errorsOf({
      organizations: [reseller, customer], articles: [monthly],
      subscriptions: [
        { ...sub, ref: 's1', terminatedOn: '2026-01-30', cancelledOn: '2026-01-01', cancelReason: 'reversal' },
        { ...sub, ref: 's2', cancelledOn: '2026-03-01' },
        { ...sub, ref: 's3', cancelReason: 'exchange' },
        { ...sub, ref: 's4', cancelledOn: '2026-03-01', cancelReason: 'refund' },
      ],
    });
    assert.deepEqual(errors, [
      'subscriptions[0].terminatedOn: "2026-01-30" is before start "2026-01-31"',
      'subscriptions[0].cancelledOn: "2026-01-01" is before start "2026-01-31"',
      'subscriptions[1].cancelReason: is required with cancelledOn (reversal or exchange)',
      'subscriptions[2].cancelReason: is only allowed with cancelledOn',
      'subscriptions[3].cancelReason: must be one of reversal, exchange, got "refund"',
    ]);
    const ok = docOf({ organizations: [reseller, customer], articles: [monthly], subscriptions: [{ ...sub, terminatedOn: '2026-01-31', cancelledOn: '2028-02-29', cancelReason: 'exchange' }] });
    assert.equal(ok.doc.subscriptions[0].cancelledOn, '2028-02-29', 'a leap day is a calendar date');
  });

  it('reads grants: channel organizations, a distributor passing on, the frame\'s values; every problem with its path', () => {
    const distributor = { ref: 'erp-d', name: 'Distributor', views: ['distributor'] };
    const known: KnownRows = { organizations: new Map(), articles: new Map(), productGroups: new Map([['Office Suite', {}]]) };
    const errors = errorsOf({
      organizations: [distributor, { ...reseller, parent: 'erp-d' }, customer],
      grants: [
        { organization: 'erp-c', productGroup: 'Office Suite' },
        { organization: 'erp-r', productGroup: 'Office Suite', grantedBy: 'erp-c', demoDays: [0, 14], minSeats: 5, maxSeats: 2, articleKinds: ['boat'] },
        { organization: 'erp-r', productGroup: 'Office Suite', grantedBy: 'erp-r', termMonths: '12' },
        { organization: 'erp-d', productGroup: 'Gaming', seats: 3 },
      ],
    }, known);
    assert.deepEqual(errors.sort(), [
      'grants[0].organization: "erp-c" is no channel organization (distributor, reseller, service_provider, system_integrator, partner); a product group is granted to one',
      'grants[1].articleKinds: must be a list of full, demo, subscription, nfr, alm, got ["boat"]',
      'grants[1].demoDays: must be a list of whole numbers from 1, got [0,14]',
      'grants[1].grantedBy: "erp-c" does not hold the distributor view; only a distributor passes a group on',
      'grants[1].maxSeats: must be at least minSeats (5), got 2',
      'grants[2].grantedBy: an organization does not grant itself',
      'grants[2].productGroup: duplicate "erp-r / Office Suite" (also at grants[1])',
      'grants[2].termMonths: must be a list of whole numbers from 1, got "12"',
      'grants[3].productGroup: unknown product group "Gaming" (product groups are made in the portal)',
      'grants[3].seats: unknown key (expected organization, productGroup, grantedBy, demoDays, minSeats, maxSeats, termMonths, articleKinds)',
    ]);
    const { doc, needs } = docOf({
      organizations: [distributor, { ...reseller, parent: 'erp-d' }],
      grants: [{ organization: 'erp-d', productGroup: 'Office Suite' }, { organization: 'erp-r', productGroup: 'Office Suite', grantedBy: 'erp-d', demoDays: [30, 14, 30], maxSeats: 50 }],
    });
    assert.deepEqual(needs.productGroups, ['Office Suite']);
    assert.deepEqual(doc.grants[1], { organization: 'erp-r', productGroup: 'Office Suite', grantedBy: 'erp-d', demoDays: [30, 14], minSeats: null, maxSeats: 50, termMonths: null, articleKinds: null });
  });

  it('names an exchange\'s replacement only with cancelReason exchange, never itself', () => {
    const errors = errorsOf({
      organizations: [reseller, customer], articles: [monthly],
      subscriptions: [
        { ...sub, ref: 's1', cancelledOn: '2026-03-01', cancelReason: 'reversal', replacedBy: 's2' },
        { ...sub, ref: 's2', replacedBy: 's3' },
        { ...sub, ref: 's3', cancelledOn: '2026-03-01', cancelReason: 'exchange', replacedBy: 's3' },
      ],
    });
    assert.deepEqual(errors, [
      'subscriptions[0].replacedBy: is only allowed with cancelReason "exchange"',
      'subscriptions[1].replacedBy: is only allowed with cancelReason "exchange"',
      'subscriptions[2].replacedBy: a subscription cannot replace itself',
    ]);
  });

  it('reads ticket pools and single tickets: a code in any typed form is stored canonical, a pool has a count', () => {
    const { doc, needs } = docOf({
      organizations: [reseller, customer],
      articles: [monthly],
      tickets: [
        { pool: 'PO-1', article: 'M', holder: 'erp-r', count: 10000 },
        { code: 'bcdfg hjkmp qrtvw xy234 6789b', article: 'M', holder: 'erp-c' },
        { code: 'BCDFG-HJKMP-QRTVW-XY234-6789C', article: 'DEMO', holder: 'reseller-a', count: 1 },
      ],
    });
    assert.deepEqual(doc.tickets, [
      { code: null, pool: 'PO-1', article: 'M', holder: 'erp-r', count: 10000 },
      { code: 'BCDFG-HJKMP-QRTVW-XY234-6789B', pool: null, article: 'M', holder: 'erp-c', count: 1 },
      { code: 'BCDFG-HJKMP-QRTVW-XY234-6789C', pool: null, article: 'DEMO', holder: 'reseller-a', count: 1 },
    ]);
    assert.deepEqual(needs, { organizations: ['reseller-a'], articles: ['DEMO'], productGroups: [] });
  });

  it('refuses tickets that are neither one code nor one pool, bad codes and counts, duplicates, holders without pools', () => {
    const errors = errorsOf({
      organizations: [reseller, customer, { ref: 'erp-p', name: 'Partner', views: ['partner'] }],
      articles: [monthly],
      tickets: [
        { article: 'M', holder: 'erp-r' },
        { code: 'BCDFG-HJKMP-QRTVW-XY234-6789B', pool: 'PO-1', article: 'M', holder: 'erp-r' },
        { code: 'BCDFG-HJKMP-QRTVW-XY234-6789O', article: 'M', holder: 'erp-r' },
        { code: 'BCDFG-HJKMP-QRTVW-XY234-6789C', article: 'M', holder: 'erp-r', count: 3 },
        { pool: 'PO-2', article: 'M', holder: 'erp-r' },
        { pool: 'PO-3', article: 'M', holder: 'erp-r', count: 10001 },
        { pool: 'PO-4', article: 'M', holder: 'erp-r', count: 0 },
        { pool: 'PO-5', article: 'M', holder: 'erp-p', count: 1 },
        { pool: 'PO-5', article: 'X', holder: 'erp-r', count: 1, price: 3 },
        { code: 'bcdfg-hjkmp-qrtvw-xy234-6789b', article: 'M', holder: 'erp-c' },
      ],
    }, { organizations: new Map(), articles: new Map(), productGroups: new Map() });
    assert.deepEqual(errors.sort(), [
      'tickets[0].code: or pool is required: a ticket by its code, or a pool by the ERP\'s reference with a count',
      'tickets[1].pool: is not allowed with code: a row is one ticket by its code or one pool',
      `tickets[2].code: "BCDFG-HJKMP-QRTVW-XY234-6789O" holds "O", which no ticket code contains (they use BCDFGHJKMPQRTVWXY2346789)`,
      'tickets[3].count: is only for a pool (a code is one ticket), got 3',
      'tickets[4].count: is required for a pool: how many tickets it holds',
      'tickets[5].count: must be at most 10000 per pool, got 10001',
      'tickets[6].count: must be a whole number from 1 to 2147483647, got 0',
      'tickets[7].holder: "erp-p" holds no ticket pools (views distributor, reseller, service_provider, system_integrator, customer do)',
      'tickets[8].article: unknown article "X" (neither in this document nor in the portal)',
      'tickets[8].pool: duplicate "PO-5" (also at tickets[7])',
      'tickets[8].price: unknown key (expected code, pool, article, holder, count)',
      'tickets[9].code: duplicate "BCDFG-HJKMP-QRTVW-XY234-6789B" (also at tickets[1])',
    ].sort());
  });

  it('a ticket pool held by the vendor organization is refused', () => {
    const known: KnownRows = { organizations: new Map([['vendor', { views: ['vendor'] }]]), articles: new Map([['DEMO', { kind: 'demo', interval: null, priceCents: 0 }]]), productGroups: new Map() };
    assert.deepEqual(errorsOf({ tickets: [{ pool: 'PO-V', article: 'DEMO', holder: 'vendor', count: 5 }] }, known),
      ['tickets[0].holder: "vendor" holds no ticket pools (views distributor, reseller, service_provider, system_integrator, customer do)']);
  });

  it('reports duplicate references inside one document', () => {
    const errors = errorsOf({
      organizations: [reseller, customer, { ...customer, ref: 'erp-c2' }, { ...reseller }],
      users: [{ email: 'a@example.com' }, { email: 'A@example.com', memberships: [{ org: 'erp-r', role: 'admin' }, { org: 'erp-r', role: 'guest' }] }],
      articles: [monthly, monthly],
      subscriptions: [sub, sub],
    });
    assert.deepEqual(errors.sort(), [
      'articles[1].code: duplicate "M" (also at articles[0])',
      'organizations[2].customerNumber: duplicate "K-1" (also at organizations[1])',
      'organizations[3].ref: duplicate "erp-r" (also at organizations[0])',
      'subscriptions[1].ref: duplicate "erp-s" (also at subscriptions[0])',
      'users[1].email: duplicate "a@example.com" (also at users[0])',
      'users[1].memberships[1].org: duplicate "erp-r" (also at users[1].memberships[0])',
    ]);
  });

  it('checks references inside the document: views, billing interval, free articles, parents', () => {
    const errors = errorsOf({
      organizations: [reseller, customer, { ref: 'erp-a', name: 'A', views: ['partner'], parent: 'erp-b' }, { ref: 'erp-b', name: 'B', views: ['partner'], parent: 'erp-a' }, { ref: 'erp-self', name: 'S', views: ['partner'], parent: 'erp-self' }],
      articles: [{ ...monthly, code: 'FULL', interval: null }, { ...monthly, code: 'NFR', kind: 'nfr', priceCents: 100 }],
      subscriptions: [
        { ...sub, ref: 's1', reseller: 'erp-c', customer: 'erp-r', article: 'FULL' },
        { ...sub, ref: 's2', article: 'NFR', unitPriceCents: 5 },
      ],
    });
    assert.deepEqual(errors, [
      'organizations[4].parent: an organization cannot be its own parent',
      'organizations[2].parent: the parents form a cycle: erp-a → erp-b → erp-a',
      'articles[1].priceCents: an article of kind nfr is never charged and must be priced 0, got 100',
      'subscriptions[0].reseller: "erp-c" does not hold the reseller view',
      'subscriptions[0].customer: "erp-r" does not hold the customer view',
      'subscriptions[0].article: "FULL" has no billing interval; a subscription needs a monthly or yearly article',
      'subscriptions[1].unitPriceCents: subscriptions of nfr articles are never charged and must be 0, got 5',
    ]);
  });

  it('keeps personal data out of pseudonymous organizations', () => {
    const errors = errorsOf({ organizations: [{ ref: 'p', name: 'Customer 1', views: ['customer'], dataPolicy: 'pseudonymous', contactEmail: 'a@b.de', address: { city: 'Kassel' } }] });
    assert.deepEqual(errors, [
      'organizations[0].customerNumber: is required for a pseudonymous organization (the customer number is all that is recorded)',
      'organizations[0].address.city: is not recorded for a pseudonymous organization (dataPolicy "pseudonymous")',
      'organizations[0].contactEmail: is not recorded for a pseudonymous organization (dataPolicy "pseudonymous")',
    ]);
  });

  it('names the references it needs from the database, then resolves them against the database rows', () => {
    const json = { users: [{ email: 'x@example.com', memberships: [{ org: 'vendor', role: 'admin' }, { org: 'reseller-a', role: 'member' }] }], subscriptions: [{ ...sub, reseller: 'reseller-a', customer: 'customer-a1', article: 'OFF-SUB-M' }] };
    const first = docOf(json);
    assert.deepEqual(first.needs, { organizations: ['customer-a1', 'reseller-a', 'vendor'], articles: ['OFF-SUB-M'], productGroups: [] });
    const known: KnownRows = {
      organizations: new Map([['vendor', { views: ['vendor'] }], ['reseller-a', { views: ['reseller', 'service_provider'] }]]),
      articles: new Map([['OFF-SUB-M', { kind: 'demo', interval: 'month', priceCents: 0 }]]), productGroups: new Map(),
    };
    assert.deepEqual(errorsOf({ ...json, subscriptions: [{ ...json.subscriptions[0], unitPriceCents: 1 }] }, known), [
      'users[0].memberships[0].org: memberships in the vendor organization are not imported',
      'subscriptions[0].customer: unknown organization "customer-a1" (neither in this document nor in the portal)',
      'subscriptions[0].unitPriceCents: subscriptions of demo articles are never charged and must be 0, got 1',
    ]);
  });

  it('orders organizations parents first', () => {
    const { doc } = docOf({ organizations: [customer, { ...customer, ref: 'erp-c2', customerNumber: 'K-2', parent: 'erp-d' }, { ...reseller, ref: 'erp-d', views: ['distributor'] }, reseller] });
    assert.deepEqual(parentsFirst(doc.organizations).map((o) => o.ref), ['erp-r', 'erp-c', 'erp-d', 'erp-c2']);
  });

  it('explains text that is not JSON', () => {
    const parsed = parseImportJson('{"organizations": [');
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.error, /^not valid JSON: /);
    assert.deepEqual(parseImportJson('\uFEFF{}'), { ok: true, json: {} });
  });
});
