import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { login, startTestPanel, type Agent, type TestPanel } from './support/portal.ts';
import type { Panel } from '../admin/panel.ts';
import { importDocument, type ImportResult } from '../services/erp-import.ts';
import { systemActor } from '../services/system-actor.ts';
import { AuditEvent, Membership, Organization, ProductGroupGrant, Subscription, User } from '../models/index.ts';
import { databaseRows } from './support/db-scan.ts';

const FIXTURE = new URL('./fixtures/erp-demo.json', import.meta.url);
const TABLES = ['organizations', 'users', 'memberships', 'articles', 'subscriptions', 'audit_events'] as const;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

async function fixture(): Promise<Record<string, unknown[]>> {
  return JSON.parse(await fs.readFile(FIXTURE, 'utf8'));
}

function counts(created: number[], updated: number[] = [0, 0, 0, 0, 0, 0]) {
  const sections = ['organizations', 'users', 'articles', 'subscriptions', 'memberships', 'tickets', 'grants'];
  return Object.fromEntries(sections.map((s, i) => [s, { created: created[i] ?? 0, updated: updated[i] ?? 0 }]));
}

function errorsOf(result: ImportResult): string[] {
  assert.equal(result.ok, false, 'the import must be rejected');
  return result.ok ? [] : result.errors;
}

const sub = (ref: string, extra: Record<string, unknown> = {}) => ({
  ref, reseller: 'reseller-a', customer: 'customer-a1', article: 'OFF-SUB-M', quantity: 1, start: '2026-03-01', termMonths: 12, ...extra,
});

describe('ERP import against PostgreSQL', () => {
  let portal: TestPanel;
  let panel: Panel;
  const rowCounts = async () => {
    const [row] = await portal.sequelize.query<Record<string, string>>(
      `select ${TABLES.map((t) => `(select count(*) from ${t}) as ${t}`).join(', ')}`, { type: QueryTypes.SELECT });
    return row;
  };

  before(async () => {
    portal = await startTestPanel();
    panel = portal.panel;
  });
  after(() => portal.close());

  it('imports the demo document: organizations in the tree, users without password, subscriptions priced from their articles', async () => {
    const result = await importDocument(portal.sequelize, await systemActor(), await fixture());
    assert.deepEqual(result, { ok: true, counts: counts([4, 2, 3, 7, 2]) });
    const vendor = await Organization.findOne({ where: { ref: 'vendor' } });
    const reseller = await Organization.findOne({ where: { ref: 'erp-reseller-nord' } });
    assert.equal(reseller?.parentId, vendor?.id, 'a parent-less channel organization hangs below the vendor');
    assert.equal(reseller?.statementMode, 'prorated');
    assert.equal(reseller?.billingEmail, 'buchhaltung@nordlicht.erp.test');
    const praxis = await Organization.findOne({ where: { ref: 'erp-customer-praxis' } });
    assert.equal(praxis?.parentId, reseller?.id);
    assert.equal(praxis?.customerNumber, 'ERP-K-50002');
    assert.equal(praxis?.dataPolicy, 'pseudonymous');
    const alpen = await Organization.findOne({ where: { ref: 'erp-customer-alpen' } });
    assert.deepEqual([alpen?.street, alpen?.zip, alpen?.city, alpen?.country, alpen?.locale], ['Seestrasse 8', '8002', 'Zürich', 'CH', 'en']);

    const inga = await User.findOne({ where: { email: 'inga.nord@nordlicht.erp.test' } });
    assert.equal(inga?.passwordHash, null, 'imported people are invited later, they get no password');
    const membership = await Membership.findOne({ where: { userId: inga!.id } });
    assert.deepEqual([membership?.organizationId, membership?.role], [reseller?.id, 'admin']);

    const byRef = new Map((await Subscription.findAll({ where: { resellerId: reseller!.id } })).map((s) => [s.ref, s]));
    assert.equal(byRef.size, 7);
    assert.deepEqual([byRef.get('erp-sub-1002')?.unitPriceCents, byRef.get('erp-sub-1002')?.interval], [2200, 'month']);
    assert.deepEqual([byRef.get('erp-sub-1003')?.unitPriceCents, byRef.get('erp-sub-1003')?.interval], [24000, 'year'], 'default price is the article\'s; interval comes from the article');
    assert.deepEqual([byRef.get('erp-sub-1004')?.terminatedOn, byRef.get('erp-sub-1004')?.termMonths], ['2026-01-20', 3]);
    assert.deepEqual([byRef.get('erp-sub-1005')?.cancelledOn, byRef.get('erp-sub-1005')?.cancelReason], ['2026-02-20', 'exchange']);
    assert.equal(byRef.get('erp-sub-1007')?.unitPriceCents, 0);

    const audit = await AuditEvent.findOne({ where: { action: 'erp.import' }, order: [['id', 'DESC']] });
    assert.deepEqual(audit?.details, { counts: counts([4, 2, 3, 7, 2]), view: 'vendor' });
    assert.equal(audit?.organizationId, vendor?.id);
    assert.doesNotMatch(JSON.stringify(audit?.toJSON()), /nordlicht|petersen|Hafen/i, 'the audit trail holds counts, not personal data');
  });

  it('re-importing the same document updates in place: same counts as updates, no duplicates, nothing changed', async () => {
    const before = await rowCounts();
    const stamp = await Subscription.findOne({ where: { ref: 'erp-sub-1001' } });
    const result = await importDocument(portal.sequelize, await systemActor(), await fixture());
    assert.deepEqual(result, { ok: true, counts: counts([0, 0, 0, 0, 0], [4, 2, 3, 7, 2]) });
    const afterCounts = await rowCounts();
    assert.deepEqual(afterCounts, { ...before, audit_events: String(Number(before.audit_events) + 1) });
    const again = await Subscription.findOne({ where: { ref: 'erp-sub-1001' } });
    assert.deepEqual(again?.get('updatedAt'), stamp?.get('updatedAt'), 'an unchanged row is not rewritten');
  });

  it('a re-import carries corrections: a late termination, a reversal, and a cleared termination', async () => {
    const doc = await fixture();
    const subs = doc.subscriptions as Array<Record<string, unknown>>;
    Object.assign(subs.find((s) => s.ref === 'erp-sub-1001')!, { terminatedOn: '2026-02-10' });
    Object.assign(subs.find((s) => s.ref === 'erp-sub-1002')!, { cancelledOn: '2026-02-15', cancelReason: 'reversal' });
    delete subs.find((s) => s.ref === 'erp-sub-1004')!.terminatedOn;
    const result = await importDocument(portal.sequelize, await systemActor(), doc);
    assert.equal(result.ok, true);
    const get = async (ref: string) => (await Subscription.findOne({ where: { ref } }))!;
    assert.equal((await get('erp-sub-1001')).terminatedOn, '2026-02-10');
    assert.deepEqual([(await get('erp-sub-1002')).cancelledOn, (await get('erp-sub-1002')).cancelReason], ['2026-02-15', 'reversal']);
    assert.equal((await get('erp-sub-1004')).terminatedOn, null, 'the row is the ERP\'s whole truth: no terminatedOn means not terminated');
    await importDocument(portal.sequelize, await systemActor(), await fixture());
  });

  it('one bad subscription among good rows: nothing is written and every problem is listed', async () => {
    const before = await rowCounts();
    const result = await importDocument(portal.sequelize, await systemActor(), {
      organizations: [{ ref: 'erp-new-customer', name: 'New Customer GmbH', views: ['customer'], parent: 'reseller-a', customerNumber: 'ERP-K-60001' }],
      users: [{ email: 'new@new-customer.erp.test', memberships: [{ org: 'erp-new-customer', role: 'admin' }] }],
      articles: [{ code: 'ERP-NEW-M', name: 'New monthly', kind: 'subscription', interval: 'month', priceCents: 100, currency: 'EUR' }],
      subscriptions: [
        sub('erp-new-1', { customer: 'erp-new-customer', article: 'ERP-NEW-M' }),
        sub('erp-new-2', { customer: 'erp-new-customer', article: 'ERP-NOPE', start: '2026-04-31' }),
        sub('erp-new-3', { reseller: 'reseller-zz', customer: 'erp-new-customer' }),
      ],
    });
    assert.deepEqual(errorsOf(result), [
      'subscriptions[1].start: "2026-04-31" is not a calendar date (YYYY-MM-DD)',
      'subscriptions[1].article: unknown article "ERP-NOPE" (neither in this document nor in the portal)',
      'subscriptions[2].reseller: unknown organization "reseller-zz" (neither in this document nor in the portal)',
    ]);
    assert.deepEqual(await rowCounts(), before, 'no row was written, not even the audit event');
    assert.equal(await Organization.count({ where: { ref: 'erp-new-customer' } }), 0);
  });

  it('references rows already in the portal, with their views, intervals and prices', async () => {
    const result = await importDocument(portal.sequelize, await systemActor(), { subscriptions: [sub('erp-db-1', { quantity: 3 })] });
    assert.deepEqual(result, { ok: true, counts: counts([0, 0, 0, 1, 0]) });
    const row = await Subscription.findOne({ where: { ref: 'erp-db-1' } });
    assert.deepEqual([row?.unitPriceCents, row?.interval, row?.quantity], [1490, 'month', 3]);

    const errors = errorsOf(await importDocument(portal.sequelize, await systemActor(), {
      subscriptions: [
        sub('erp-db-2', { reseller: 'customer-a1', customer: 'reseller-b' }),
        sub('erp-db-3', { article: 'OFF-DEMO' }),
        sub('erp-db-4', { article: 'OFF-NFR', unitPriceCents: 100 }),
      ],
      users: [{ email: 'sneaky@erp.test', memberships: [{ org: 'vendor', role: 'admin' }] }],
    }));
    assert.deepEqual(errors, [
      'users[0].memberships[0].org: memberships in the vendor organization are not imported',
      'subscriptions[0].reseller: "customer-a1" does not hold the reseller view',
      'subscriptions[0].customer: "reseller-b" does not hold the customer view',
      'subscriptions[1].article: "OFF-DEMO" has no billing interval; a subscription needs a monthly or yearly article',
      'subscriptions[2].unitPriceCents: subscriptions of nfr articles are never charged and must be 0, got 100',
    ]);
  });

  it('refuses what collides with the portal: the vendor organization, a taken customer number, a reseller change, a parent cycle', async () => {
    const before = await rowCounts();
    const errors = errorsOf(await importDocument(portal.sequelize, await systemActor(), {
      organizations: [
        { ref: 'vendor', name: 'Renamed', views: ['reseller'] },
        { ref: 'erp-dup-number', name: 'Dup', views: ['customer'], parent: 'reseller-a', customerNumber: 'C-1001' },
      ],
      subscriptions: [sub('SUB-B1-1', { reseller: 'reseller-a', customer: 'customer-b1' })],
    }));
    assert.deepEqual(errors, [
      'organizations[0].ref: "vendor" is the vendor organization, which is not imported',
      'organizations[1].customerNumber: "C-1001" already belongs to organization "customer-a1"',
      'subscriptions[0].reseller: subscription "SUB-B1-1" belongs to reseller "reseller-b"; a subscription cannot move to another reseller, cancel it and import a new one',
    ]);
    const cycle = errorsOf(await importDocument(portal.sequelize, await systemActor(), {
      organizations: [{ ref: 'distributor', name: 'Demo Distribution AG', views: ['distributor'], parent: 'reseller-a' }],
    }));
    assert.deepEqual(cycle, ['organizations[0].parent: "distributor" would end up below itself through its parents in the portal']);
    assert.deepEqual(await rowCounts(), before);
  });

  it('two imports at once run one after the other: no duplicates, no crash', async () => {
    const doc = {
      organizations: [{ ref: 'erp-twin', name: 'Twin GmbH', views: ['customer'], parent: 'reseller-b', customerNumber: 'ERP-K-70001' }],
      subscriptions: [sub('erp-twin-1', { reseller: 'reseller-b', customer: 'erp-twin' })],
    };
    const results = await Promise.all([importDocument(portal.sequelize, await systemActor(), doc), importDocument(portal.sequelize, await systemActor(), doc)]);
    const orgCounts = results.map((r) => (r.ok ? r.counts.organizations : null));
    assert.deepEqual(orgCounts.sort((a, b) => (b?.created ?? 0) - (a?.created ?? 0)), [{ created: 1, updated: 0 }, { created: 0, updated: 1 }]);
    assert.equal(await Organization.count({ where: { ref: 'erp-twin' } }), 1);
    assert.equal(await Subscription.count({ where: { ref: 'erp-twin-1' } }), 1);
  });

  it('a duplicate written by someone else during the import is a clear error, and nothing is imported', async () => {
    const before = await rowCounts();
    const other = await portal.sequelize.transaction();
    await portal.sequelize.query(`insert into organizations (ref, name, views) values ('erp-race', 'Race', '{customer}')`, { transaction: other });
    const importing = importDocument(portal.sequelize, await systemActor(), { organizations: [{ ref: 'erp-race', name: 'Race', views: ['customer'], parent: 'reseller-a' }] });
    // The import's insert waits on the other transaction's uncommitted row; commit once it does.
    for (;;) {
      const [waiting] = await portal.sequelize.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'insert into "organizations"%'`, { type: QueryTypes.SELECT });
      if (Number(waiting.n) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await other.commit();
    const errors = errorsOf(await importing);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^Key \(ref\)=\(erp-race\) already exists\. Another change wrote the same key while the import ran; nothing was imported, run it again\.$/);
    assert.deepEqual(await rowCounts(), { ...before, organizations: String(Number(before.organizations) + 1) }, 'only the other writer\'s row');
  });

  describe('npm run cli -- import', () => {
    const cli = (...args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'bin/cli.ts', 'import', ...args], {
        cwd: ROOT, env: { ...process.env, DATABASE_URL: portal.db.url, DATA_DIR: portal.dataDir },
      }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
    });

    it('prints the counts and exits 0', async () => {
      const file = path.join(portal.dataDir, 'cli-ok.json');
      await fs.writeFile(file, JSON.stringify({
        organizations: [{ ref: 'erp-cli-customer', name: 'CLI Kunde', views: ['customer'], parent: 'reseller-a', customerNumber: 'ERP-K-80001' }],
        subscriptions: [sub('erp-cli-1', { customer: 'erp-cli-customer' })],
      }));
      const run = await cli(file);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, [
        `Imported ${file}:`,
        '  organizations: 1 created, 0 updated', '  users: 0 created, 0 updated', '  articles: 0 created, 0 updated', '  grants: 0 created, 0 updated',
        '  subscriptions: 1 created, 0 updated', '  tickets: 0 created, 0 updated', '  memberships: 0 created, 0 updated',
        // The summary line; no progress line, as the output is a pipe and not a terminal.
        'import: 2 created, 0 updated', '',
      ].join('\n'));
      assert.equal(await Subscription.count({ where: { ref: 'erp-cli-1' } }), 1);
    });

    it('prints every problem and exits 2, writing nothing', async () => {
      const before = await rowCounts();
      const file = path.join(portal.dataDir, 'cli-bad.json');
      await fs.writeFile(file, JSON.stringify({ subscriptions: [sub('erp-cli-2', { quantity: 0 }), sub('erp-cli-3', { customer: 'erp-nobody' })] }));
      const run = await cli(file);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, [
        `${file}: rejected, nothing was imported (2 problems):`,
        '  subscriptions[0].quantity: must be a whole number from 1 to 2147483647, got 0',
        '  subscriptions[1].customer: unknown organization "erp-nobody" (neither in this document nor in the portal)', '',
      ].join('\n'));
      assert.deepEqual(await rowCounts(), before);
    });

    it('explains a missing file and a file that is not JSON, exit 2', async () => {
      const missing = await cli(path.join(portal.dataDir, 'nope.json'));
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /^Cannot read .*nope\.json: no such file\n$/);
      const file = path.join(portal.dataDir, 'broken.json');
      await fs.writeFile(file, '{"organizations": [');
      const broken = await cli(file);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /broken\.json: not valid JSON: /);
      const usage = await cli();
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /Usage: npm run cli -- import <file\.json>/);
    });
  });

  describe('panel action', () => {
    const ACTION = '/admin/api/resources/organizations/actions/import';
    const doc = JSON.stringify({
      organizations: [{ ref: 'erp-panel-customer', name: 'Panel Kunde', views: ['customer'], parent: 'reseller-b', customerNumber: 'ERP-K-90001' }],
      subscriptions: [sub('erp-panel-1', { reseller: 'reseller-b', customer: 'erp-panel-customer' })],
    });

    it('imports for vendor staff and reports the counts; an invalid document lists its problems', async () => {
      const agent = await login(panel.app, 'vendor@demo.test');
      const response = await agent.post(ACTION).field('document', doc);
      assert.equal(response.status, 200);
      assert.equal(response.body.notice.type, 'success', JSON.stringify(response.body));
      assert.match(response.body.notice.message, /organizations: 1 angelegt, 0 geändert · users: 0 angelegt/);
      assert.deepEqual(response.body.counts.subscriptions, { created: 1, updated: 0 });
      const vendorUser = await User.findOne({ where: { email: 'vendor@demo.test' } });
      const audit = await AuditEvent.findOne({ where: { action: 'erp.import' }, order: [['id', 'DESC']] });
      assert.equal(audit?.userId, vendorUser?.id, 'the audit event names who imported');

      const upload = await agent.post(ACTION).attach('document', Buffer.from(doc), 'erp.json');
      assert.deepEqual(upload.body.counts.organizations, { created: 0, updated: 1 }, 'an uploaded file works the same');

      const bad = await agent.post(ACTION).field('document', JSON.stringify({ subscriptions: [sub('erp-panel-2', { start: '2026-13-01' })] }));
      assert.equal(bad.body.notice.type, 'error');
      assert.deepEqual(bad.body.errors, ['subscriptions[0].start: "2026-13-01" is not a calendar date (YYYY-MM-DD)']);
      const notJson = await agent.post(ACTION).field('document', '{oops');
      assert.equal(notJson.body.notice.type, 'error');
      assert.match(notJson.body.notice.message, /^Das Dokument ist fehlerhaft: not valid JSON: /);
    });

    it('is refused to a reseller and changes nothing', async () => {
      // After the login, which is audited.
      const agent = await login(panel.app, 'reseller-a@demo.test');
      const before = await rowCounts();
      const response = await agent.post(ACTION).field('document', doc.replaceAll('erp-panel', 'erp-sneaky').replace('ERP-K-90001', 'ERP-K-90002'));
      assert.ok(response.status === 403 || response.body.notice?.type === 'error', `refused: ${response.status} ${JSON.stringify(response.body)}`);
      if (response.status !== 403) assert.equal(response.body.notice.message, 'forbiddenError');
      assert.deepEqual(await rowCounts(), before);
      assert.equal(await Organization.count({ where: { ref: 'erp-sneaky-customer' } }), 0);
    });
  });

  describe('grants and exchanges', () => {
    const ACTION = '/admin/api/resources/organizations/actions/import';
    const EXCLUDED = ['sessions', 'login_failures'];
    const reseller = { ref: 'erp-grant-reseller', name: 'Grant Reseller GmbH', views: ['reseller'], parent: 'distributor' };
    const customer = { ref: 'erp-grant-customer', name: 'Grant Kunde KG', views: ['customer'], parent: 'erp-grant-reseller', customerNumber: 'ERP-K-77771' };
    const exchange = (replacementStart: string) => [
      sub('erp-grant-old', { reseller: 'erp-grant-reseller', customer: 'erp-grant-customer', start: '2026-01-01', cancelledOn: '2026-05-01', cancelReason: 'exchange', replacedBy: 'erp-grant-new' }),
      sub('erp-grant-new', { reseller: 'erp-grant-reseller', customer: 'erp-grant-customer', start: replacementStart }),
    ];
    let vendor: Agent;
    const post = async (doc: unknown) => vendor.post(ACTION).field('document', JSON.stringify(doc));
    /** The import is refused with exactly `errors`, and no table changed (sessions aside). */
    const refused = async (doc: unknown, errors: string[]) => {
      const before = await databaseRows(portal.sequelize, EXCLUDED);
      const response = await post(doc);
      assert.equal(response.body.notice?.type, 'error', JSON.stringify(response.body));
      assert.deepEqual(response.body.errors, errors);
      assert.deepEqual(await databaseRows(portal.sequelize, EXCLUDED), before, 'nothing was written');
    };

    before(async () => {
      vendor = await login(panel.app, 'vendor@demo.test');
      // The story starts with a distributor holding no grant (the demo's holds Office Suite and Security whole).
      const distributor = (await Organization.findOne({ where: { ref: 'distributor' } }))!;
      await ProductGroupGrant.destroy({ where: { organizationId: distributor.id } });
    });

    it('refuses a grant wider than its distributor holds, and a replacement starting on another day, naming each path; nothing is written', async () => {
      await refused({
        organizations: [reseller, customer],
        // Passed on before the distributor's own grant in the document: the import orders them.
        grants: [
          { organization: 'erp-grant-reseller', productGroup: 'Office Suite', grantedBy: 'distributor', demoDays: [14, 60], maxSeats: 200 },
          { organization: 'distributor', productGroup: 'Office Suite', demoDays: [14, 30], maxSeats: 100 },
          { organization: 'reseller-b', productGroup: 'Security', grantedBy: 'distributor' },
        ],
        subscriptions: exchange('2026-05-02'),
      }, [
        'grants[0].demoDays: may only hold 14, 30 for Office Suite at Demo Distribution AG',
        'grants[0].maxSeats: must be between 1 and 100 for Office Suite at Demo Distribution AG',
        'grants[2].grantedBy: "distributor" holds no grant of Security to pass on',
        'subscriptions[0].replacedBy: the replacement starts on 2 May 2026, the exchange is on 1 May 2026; an exchange ends the subscription on the day its replacement starts',
      ]);
      await refused({ grants: [{ organization: 'reseller-a', productGroup: 'Office Suite', grantedBy: 'distributor' }] },
        ['grants[0].grantedBy: "distributor" holds no grant of Office Suite to pass on']);
      await refused({ subscriptions: [sub('erp-grant-lonely', { cancelledOn: '2026-05-01', cancelReason: 'exchange', replacedBy: 'erp-nowhere' })] },
        ['subscriptions[0].replacedBy: unknown subscription "erp-nowhere" (neither in this document nor in the portal)']);
    });

    it('stores the vendor\'s grant, the distributor\'s narrower one and the exchange\'s replacement; importing it again changes nothing', async () => {
      const doc = {
        organizations: [reseller, customer],
        grants: [
          { organization: 'erp-grant-reseller', productGroup: 'Office Suite', grantedBy: 'distributor', demoDays: [14], maxSeats: 20 },
          { organization: 'distributor', productGroup: 'Office Suite', demoDays: [14, 30], maxSeats: 100 },
        ],
        subscriptions: exchange('2026-05-01'),
      };
      const response = await post(doc);
      assert.equal(response.body.notice?.type, 'success', JSON.stringify(response.body));
      assert.deepEqual(response.body.counts.grants, { created: 2, updated: 0 });
      const ids = Object.fromEntries((await Organization.findAll({ where: { ref: ['distributor', 'erp-grant-reseller'] } })).map((o) => [o.ref, o.id]));
      const grants = (await ProductGroupGrant.findAll({ where: { organizationId: Object.values(ids) }, order: [['id', 'ASC']] }))
        .map((g) => [g.organizationId, g.grantedById, g.demoDays, g.minSeats, g.maxSeats, g.termMonths, g.articleKinds]);
      assert.deepEqual(grants, [
        [ids.distributor, null, [14, 30], null, 100, null, null],
        [ids['erp-grant-reseller'], ids.distributor, [14], null, 20, null, null],
      ]);
      const [old, replacement] = await Promise.all(['erp-grant-old', 'erp-grant-new'].map((ref) => Subscription.findOne({ where: { ref } })));
      assert.equal(old!.replacedById, replacement!.id);
      const before = await databaseRows(portal.sequelize, [...EXCLUDED, 'audit_events']);
      const again = await post(doc);
      assert.deepEqual(again.body.counts.grants, { created: 0, updated: 2 });
      assert.deepEqual(await databaseRows(portal.sequelize, [...EXCLUDED, 'audit_events']), before);
    });
  });
});
