/**
 * The daily licensing job against PostgreSQL, through the CLI with --now (its own process), and
 * its slot claimed once by the worker's coordinator.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal } from './support/portal.ts';
import { cli, databaseRows } from './support/db-scan.ts';
import { Article, License, Organization, Subscription } from '../models/index.ts';
import { claimCoordinator } from '../worker/schedule.ts';
import { licensingJobs } from '../worker/licensing-jobs.ts';

describe('licensing job (CLI, --now)', () => {
  let portal: TestPortal;
  const ids: Record<string, number> = {};
  const row = async (id: number) => (await License.findByPk(id))!.toJSON() as Record<string, unknown>;

  before(async () => {
    portal = await startTestPortal();
    const resellerA = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!;
    const nfrArticle = (await Article.findOne({ where: { code: 'OFF-NFR' } }))!;
    ids.nfr = (await License.create({ licenseKey: 'LIC-NFR-JOB', organizationId: resellerA.id, articleId: nfrArticle.id, kind: 'nfr', status: 'active', device: 'NB-7', expiresOn: '2027-01-31' })).id;
    ids.demoA1 = (await License.findOne({ where: { licenseKey: 'LIC-A1-DEMO' } }))!.id;
    await License.update({ status: 'active', device: 'PC-DEMO' }, { where: { id: ids.demoA1 } });
    // A1's subscription cancelled, ending 2027-01-20 (over by --now); A2's ends 2027-03-01 (still running).
    for (const [key, ends] of [['A1', '2027-01-20'], ['A2', '2027-03-01']] as const) {
      const sub = (await Subscription.findOne({ where: { ref: `SUB-${key}-1` } }))!;
      await sub.update({ cancelledOn: ends, cancelReason: 'exchange', autoRenew: false });
      await License.update({ status: 'recalled', device: 'PC-SUB' }, { where: { id: sub.licenseId! } });
      ids[`recalled${key}`] = sub.licenseId!;
    }
  });
  after(() => portal.close());

  it('refuses a --now that is not a date, changing nothing', async () => {
    const before = await databaseRows(portal.sequelize);
    const bad = await cli(portal, ['licensing', 'run', '--now', 'tomorrow']);
    assert.equal(bad.code, 2, bad.stdout + bad.stderr);
    assert.match(bad.stderr, /--now expects an ISO date/);
    assert.deepEqual(await databaseRows(portal.sequelize), before);
  });

  it('on the last demo day nothing expires, the NFR renews on its last day, the ended recall is removed', async () => {
    const run = await cli(portal, ['licensing', 'run', '--now', '2027-01-31']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /renew license \d+ \(LIC-NFR-JOB\)/);
    assert.match(run.stdout, /remove license \d+ \(LIC-A1-SUB\)/);
    assert.match(run.stdout, /licensing 2027-01-31: 2 license\(s\) changed/);
    assert.doesNotMatch(run.stdout, /expire/);
    assert.equal((await row(ids.nfr)).expiresOn, '2027-02-28');
    assert.equal((await row(ids.demoA1)).status, 'active');
  });

  it('the day after: demos expire, the removed recall and the running one stay as they are', async () => {
    const run = await cli(portal, ['licensing', 'run', '--now', '2027-02-01']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /licensing 2027-02-01: 4 license\(s\) changed/);
    assert.deepEqual(await row(ids.demoA1), { ...(await row(ids.demoA1)), status: 'expired', device: 'PC-DEMO' });
    const demos = await License.findAll({ where: { kind: 'demo' } });
    assert.deepEqual(demos.map((l) => l.status), ['expired', 'expired', 'expired', 'expired']);
    assert.equal((await row(ids.recalledA1)).status, 'destroyed');
    assert.equal((await row(ids.recalledA1)).device, null);
    assert.equal((await row(ids.recalledA2)).status, 'recalled');
    assert.equal((await row(ids.nfr)).expiresOn, '2027-02-28');

    const audit = await portal.sequelize.query<{ action: string; user_id: number | null; record_id: string; details: any }>(
      `select action, user_id, record_id, details from audit_events where details->>'job' = 'licensing' order by id`, { type: QueryTypes.SELECT });
    assert.deepEqual(audit.map((a) => a.action).sort(), ['licenses.expire', 'licenses.expire', 'licenses.expire', 'licenses.expire', 'licenses.remove', 'licenses.renew']);
    assert.ok(audit.every((a) => a.user_id === null && a.details.view === 'vendor'));
    const removed = audit.find((a) => a.action === 'licenses.remove')!;
    assert.equal(removed.record_id, String(ids.recalledA1));
    assert.deepEqual(removed.details.changes, { status: { before: 'recalled', after: 'destroyed' }, device: { before: 'PC-SUB', after: null } });
    assert.deepEqual(audit.find((a) => a.action === 'licenses.renew')!.details.changes, { expiresOn: { before: '2027-01-31', after: '2027-02-28' } });
  });

  it('running twice for the same day changes nothing the second time', async () => {
    const before = await databaseRows(portal.sequelize);
    const again = await cli(portal, ['licensing', 'run', '--now', '2027-02-01T10:00:00+01:00']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /licensing 2027-02-01: 0 license\(s\) changed/);
    assert.deepEqual(await databaseRows(portal.sequelize), before);
  });

  it('the worker job runs for the slot\'s vendor date, its slot claimed once', async () => {
    const [job] = licensingJobs(portal);
    assert.equal(job.name, 'licensing');
    assert.equal(job.cron, '15 3 * * *');
    const slot = new Date('2027-03-01T02:15:00Z'); // 03:15 in Berlin
    const coordinator = claimCoordinator(portal.sequelize, portal.config.jobLeaseSeconds * 1000);
    const first = await coordinator.claim(`licensing:${slot.toISOString()}`, 'licensing');
    assert.ok(first);
    assert.equal(await coordinator.claim(`licensing:${slot.toISOString()}`, 'licensing'), null);
    await job.run(slot);
    await coordinator.finish(first);
    assert.equal((await row(ids.recalledA2)).status, 'destroyed');
    assert.equal((await row(ids.nfr)).expiresOn, '2027-03-28');
  });
});
