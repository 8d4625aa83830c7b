/**
 * The demo shows the product: after `npm run seed -- --demo` reseller A finds the statements of the
 * last three months in its Statements list, the DPO an open erasure request, vendor sales an offer
 * request; loading the demo again adds nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPanel, login, type TestPanel } from './support/portal.ts';
import { databaseRows } from './support/db-scan.ts';
import { lastThreePeriods, loadDemo } from '../services/demo-activity.ts';
import { ErasureRequest, OfferRequest, StatementRecord } from '../models/index.ts';

const NOW = new Date('2026-11-26T08:00:00Z');

describe('demo activity', () => {
  let portal: TestPanel;
  before(async () => {
    portal = await startTestPanel({}, { demo: false });
    await loadDemo(portal, NOW);
  });
  after(async () => { await portal.close(); });

  it('the last three months are the three before the current one, in the vendor\'s calendar', () => {
    assert.deepEqual(lastThreePeriods(NOW, 'Europe/Berlin'), ['2026-08', '2026-09', '2026-10']);
    // 23:30 UTC on 31 January is already February in Berlin.
    assert.deepEqual(lastThreePeriods(new Date('2026-01-31T23:30:00Z'), 'Europe/Berlin'), ['2025-11', '2025-12', '2026-01']);
  });

  it('reseller A sees its issued statements of the last three months in its Statements list', async () => {
    const agent = await login(portal.panel.app, 'reseller-a@demo.test');
    const response = await agent.get('/admin/api/resources/statements/actions/list').query({ perPage: 50 });
    assert.equal(response.status, 200);
    const rows = (response.body.records as Array<{ params: Record<string, unknown> }>).map((r) => r.params);
    assert.deepEqual(rows.map((r) => r.period).sort(), ['2026-08', '2026-09', '2026-10']);
    for (const row of rows) {
      assert.equal(row.resellerName, 'Reseller A GmbH');
      assert.ok(Number(row.totalCents) > 0, `${row.period} charges the demo subscriptions`);
    }
    // Reseller B's are its own.
    assert.equal(await StatementRecord.count(), 6);
  });

  it('the DPO has an open erasure request and vendor sales an offer request', async () => {
    assert.deepEqual((await ErasureRequest.findAll()).map((r) => [r.subjectLabel, r.status]), [['user:customer-guest@demo.test', 'requested']]);
    assert.equal(await OfferRequest.count(), 1);
    const dpo = await login(portal.panel.app, 'dpo@demo.test');
    const requests = await dpo.get('/admin/api/resources/erasure_requests/actions/list');
    assert.equal(requests.body.records.length, 1);
  });

  it('loading the demo again changes nothing', async () => {
    // Users aside: the demo password is hashed anew (another salt) each time; sessions are the logins above.
    const except = ['sessions', 'users', 'login_failures'];
    const before = await databaseRows(portal.sequelize, except);
    await loadDemo(portal, NOW);
    assert.deepEqual(await databaseRows(portal.sequelize, except), before);
  });
});
