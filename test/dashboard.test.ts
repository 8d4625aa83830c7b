/**
 * The start page's numbers per view (services/dashboard.ts) on the demo (master data and the demo's
 * activity of November 2026): each view sees its own figures and nothing of another tenant, the
 * panel's dashboard handler answers them for the session's actor, and they match the lists behind them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { startTestPanel, login, type TestPanel } from './support/portal.ts';
import { loadDemo } from '../services/demo-activity.ts';
import { dashboardFor, expiringLicenses, type DashboardInput } from '../services/dashboard.ts';
import { resolveActor } from '../models/actor-lookup.ts';
import { License, Organization, StatementRun, User } from '../models/index.ts';
import type { Actor, View } from '../models/domain/policy.ts';

const NOW = new Date('2026-11-26T08:00:00Z');
const TODAY: DashboardInput = { today: '2026-11-26', timeZone: 'Europe/Berlin', now: NOW };
const MONTHS = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];

describe('dashboard', () => {
  let portal: TestPanel;
  before(async () => {
    portal = await startTestPanel({}, { demo: false });
    await loadDemo(portal, NOW);
  });
  after(async () => { await portal.close(); });

  async function actor(email: string, orgRef: string, view: View): Promise<Actor> {
    const user = (await User.findOne({ where: { email } }))!;
    const org = (await Organization.findOne({ where: { ref: orgRef } }))!;
    return (await resolveActor(portal.sequelize, user.id, org.id, view))!;
  }

  it('vendor staff: new subscriptions and statement totals per month and reseller, the statement runs, the open offer request', async () => {
    const figures = await dashboardFor(portal.sequelize, await actor('vendor@demo.test', 'vendor', 'vendor'), TODAY);
    assert.deepEqual(figures.newSubscriptions, {
      periods: MONTHS,
      series: [
        // SUB-A1-2 started 2026-10-10, SUB-B1-Y 2026-06-01; the others started in January, before the window.
        { key: String((await Organization.findOne({ where: { ref: 'reseller-a' } }))!.id), label: 'Reseller A GmbH', values: [0, 0, 0, 0, 1, 0] },
        { key: String((await Organization.findOne({ where: { ref: 'reseller-b' } }))!.id), label: 'Reseller B Ltd', values: [1, 0, 0, 0, 0, 0] },
      ].sort((a, b) => a.label.localeCompare(b.label)),
    });
    const [eur] = figures.statementTotals!;
    assert.equal(figures.statementTotals!.length, 1);
    assert.equal(eur.currency, 'EUR');
    // The demo issues August to October; A adds its security subscription (from 10 October) in October.
    assert.deepEqual(eur.series.map((s) => [s.label, s.values]), [
      ['Reseller A GmbH', [0, 0, 14900, 14900, 21926, 0]],
      ['Reseller B Ltd', [0, 0, 14900, 14900, 14900, 0]],
    ]);
    assert.deepEqual(figures.statementRuns!.map((r) => [r.period, r.status, r.issuedCount]), [['2026-10', 'done', 2], ['2026-09', 'done', 2], ['2026-08', 'done', 2]]);
    assert.deepEqual(figures.openOffers!.latest.map((o) => [o.licenseKey, o.organizationName]), [['LIC-A1-DEMO', 'Musterfirma KG']]);
    assert.equal(figures.openOffers!.count, 1);
    assert.deepEqual(figures.workerRuns, [], 'no worker has run in a test');
  });

  it('a statement run still running an hour after it started died with its process: shown as stalled, a younger one as running', async () => {
    const hour = 60 * 60 * 1000;
    const rows = await StatementRun.bulkCreate([
      { period: '2026-05', trigger: 'schedule', startedAt: new Date(NOW.getTime() - 2 * hour) },
      { period: '2026-04', trigger: 'cli', startedAt: new Date(NOW.getTime() - hour / 6) },
    ]);
    try {
      const figures = await dashboardFor(portal.sequelize, await actor('vendor@demo.test', 'vendor', 'vendor'), TODAY);
      const shown = new Map(figures.statementRuns!.map((r) => [r.period, r.status]));
      assert.deepEqual([shown.get('2026-05'), shown.get('2026-04')], ['stalled', 'running']);
    } finally {
      await StatementRun.destroy({ where: { id: rows.map((r) => r.id) } });
    }
  });

  it('a reseller: its running subscriptions and its own statement totals only; the other reseller\'s are not there', async () => {
    const a = await dashboardFor(portal.sequelize, await actor('reseller-a@demo.test', 'reseller-a', 'reseller'), TODAY);
    // SUB-A1-1, SUB-A2-1 (monthly since January, renewing) and SUB-A1-2 (monthly since 10 October, renewing).
    assert.equal(a.activeSubscriptions, 3);
    assert.deepEqual(a.statementTotals!.map((c) => c.series.map((s) => [s.label, s.values])), [[['Reseller A GmbH', [0, 0, 14900, 14900, 21926, 0]]]]);
    assert.equal(a.newSubscriptions, undefined);
    assert.equal(a.openOffers, undefined);
    assert.equal(a.workerRuns, undefined);
    const b = await dashboardFor(portal.sequelize, await actor('reseller-b@demo.test', 'reseller-b', 'reseller'), TODAY);
    assert.ok(!JSON.stringify(b).includes('Reseller A GmbH'), 'reseller B sees nothing of reseller A');
  });

  it('licenses expiring within 30 days, in reach only: the demo keys expire on 31 January 2027', async () => {
    const january: DashboardInput = { today: '2027-01-10', timeZone: 'Europe/Berlin', now: NOW };
    const a = await expiringLicenses(portal.sequelize, await actor('reseller-a@demo.test', 'reseller-a', 'reseller'), january);
    const reachable = await License.count({ where: { kind: 'demo', organizationId: (await Organization.findAll({ where: { ref: ['customer-a1', 'customer-a2'] } })).map((o) => o.id) } });
    assert.equal(a.count, reachable);
    assert.ok(a.latest.every((l) => /^LIC-A\d-DEMO$/.test(l.licenseKey) && l.expiresOn === '2027-01-31' && l.daysLeft === 21), JSON.stringify(a.latest));
    const b = await expiringLicenses(portal.sequelize, await actor('reseller-b@demo.test', 'reseller-b', 'reseller'), january);
    assert.deepEqual(b.latest.map((l) => l.licenseKey), ['LIC-B1-DEMO', 'LIC-B2-DEMO']);
    assert.equal((await expiringLicenses(portal.sequelize, await actor('reseller-a@demo.test', 'reseller-a', 'reseller'), TODAY)).count, 0, 'two months before: none');
  });

  it('a customer: its licenses by status and its partner\'s support contact; no money, no subscriptions', async () => {
    const customer = await dashboardFor(portal.sequelize, await actor('customer-admin@demo.test', 'customer-a1', 'customer'), TODAY);
    const own = await License.findAll({ where: { organizationId: (await Organization.findOne({ where: { ref: 'customer-a1' } }))!.id } });
    assert.equal(customer.licensesByStatus!.reduce((n, s) => n + s.count, 0), own.length);
    assert.equal(customer.licensesByStatus!.find((s) => s.value === 'inactive')!.count, own.filter((l) => l.status === 'inactive').length);
    assert.deepEqual(customer.support, { organizationName: 'Reseller A GmbH', supportContact: 'support@reseller-a.demo.test, +49 561 000000' });
    for (const key of ['statementTotals', 'activeSubscriptions', 'newSubscriptions', 'openOffers', 'statementRuns']) assert.ok(!(key in customer), key);
  });

  it('the DPO: the open erasure request with its Art. 12 deadline, one month after its receipt', async () => {
    const dpo = await dashboardFor(portal.sequelize, await actor('dpo@demo.test', 'vendor', 'dpo'), TODAY);
    assert.deepEqual(dpo.openErasures!.map((r) => [r.subjectLabel, r.status, r.receivedOn, r.deadline, r.daysLeft]),
      [['user:customer-guest@demo.test', 'requested', '2026-11-26', '2026-12-26', 30]]);
    assert.deepEqual(Object.keys(dpo).sort(), ['openErasures', 'today'], 'no prices, no business figures');
  });

  it('the panel answers the start page\'s figures for the session\'s actor, in its language', async () => {
    const customer = await login(portal.panel.app, 'customer-admin@demo.test');
    const response = await customer.get('/admin/api/dashboard');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.actingAs, { organizationName: 'Musterfirma KG', view: 'customer', role: 'admin' });
    assert.equal(response.body.language, 'de');
    assert.ok(response.body.figures.licensesByStatus);
    assert.ok(!JSON.stringify(response.body).match(/Reseller B|EUR|totalCents/), 'nothing of another tenant, no money');
    const anonymous = await supertest(portal.panel.app).get('/admin/api/dashboard');
    assert.notEqual(anonymous.status, 200, 'no figures without a login');
    assert.equal(anonymous.body?.figures, undefined);
  });
});
