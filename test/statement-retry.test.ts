// A period whose run failed for a reseller is run again by the worker (hourly, with back-off) until
// it is issued; `statements run --now` picks the month before that day in the vendor's zone.
// Real PostgreSQL, demo data (reseller A and B, monthly subscriptions from 2026-01-15).
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal } from './support/portal.ts';
import { Article, Organization, Subscription } from '../models/index.ts';
import { issueStatements } from '../services/statements/issue-period.ts';
import { failedPeriods, retryDelayMs, retryFailedPeriods } from '../services/statements/retry-failed.ts';
import { statementJobs, STATEMENT_RUN_RETRY_CRON } from '../worker/statement-jobs.ts';
import { startSchedule } from '../worker/schedule.ts';
import { periodBefore } from '../models/domain/vendor-time.ts';

const HOUR = 3_600_000;
const FEB_1 = new Date('2026-02-01T05:00:00Z');
const at = (hours: number) => new Date(FEB_1.getTime() + hours * HOUR);
const ROOT = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

describe('retrying a failed statement run', () => {
  let portal: TestPortal;
  before(async () => { portal = await startTestPortal(); });
  after(() => portal.close());
  beforeEach(async () => {
    await portal.sequelize.query('delete from statement_lines; delete from statements; delete from statement_runs; delete from job_claims');
  });

  const q = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) =>
    portal.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const issuedRefs = async (period: string) =>
    (await q<{ reseller_ref: string }>('select reseller_ref from statements where period = :period order by reseller_ref', { period })).map((r) => r.reseller_ref);
  const runCount = async () => (await q('select 1 from statement_runs')).length;

  /** A real failure of reseller B: its January lines in two currencies. */
  async function twoCurrenciesForResellerB(): Promise<() => Promise<void>> {
    const usd = await Article.create({ code: 'USD-RETRY', name: 'Dollar subscription', kind: 'subscription', interval: 'month', priceCents: 1000, currency: 'USD' });
    const b = await Organization.findOne({ where: { ref: 'reseller-b' } });
    const customer = await Organization.findOne({ where: { ref: 'customer-b1' } });
    const sub = await Subscription.create({ ref: 'SUB-USD-RETRY', resellerId: b!.id, customerId: customer!.id, articleId: usd.id, quantity: 1, unitPriceCents: 1000, interval: 'month', startDate: '2026-01-01', termMonths: 1 });
    return async () => { await sub.destroy(); await usd.destroy(); };
  }

  it('the back-off: 1 h after the first failure, doubling, at most a day', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 10].map((n) => retryDelayMs(n) / HOUR), [1, 2, 4, 8, 16, 24, 24]);
  });

  it('issues the failed reseller after the back-off, waits longer after a second failure, and stops once the period is issued', async () => {
    const crashed = await issueStatements(portal, {
      period: '2026-01', trigger: 'schedule', now: FEB_1,
      beforeCommit: (ref) => { if (ref === 'reseller-b') throw new Error('injected crash'); },
    });
    assert.deepEqual(crashed.failed.map((f) => f.reseller), ['reseller-b']);
    assert.deepEqual(await issuedRefs('2026-01'), ['reseller-a']);
    assert.deepEqual((await failedPeriods(portal, at(0.5))).map((p) => [p.period, p.failures, p.dueAt.toISOString()]), [['2026-01', 1, at(1).toISOString()]]);

    // Before the back-off has passed: no attempt, no run recorded.
    assert.deepEqual(await retryFailedPeriods(portal, { now: at(0.5) }), []);
    assert.equal(await runCount(), 1);

    // Due, but reseller B fails again: the next attempt waits twice as long.
    const restore = await twoCurrenciesForResellerB();
    try {
      const second = await retryFailedPeriods(portal, { now: at(1) });
      assert.equal(second.length, 1);
      assert.match(second[0].failed[0]?.error ?? '', /reseller-b has lines in several currencies/);
      assert.deepEqual(second[0].alreadyIssued, ['reseller-a']);
      assert.deepEqual((await failedPeriods(portal, at(1))).map((p) => [p.failures, p.dueAt.toISOString()]), [[2, at(3).toISOString()]]);
      assert.deepEqual(await retryFailedPeriods(portal, { now: at(2.5) }), []);
    } finally {
      await restore();
    }

    const third = await retryFailedPeriods(portal, { now: at(3) });
    assert.deepEqual(third.map((r) => [r.period, r.issued.map((s) => s.resellerRef), r.failed]), [['2026-01', ['reseller-b'], []]]);
    assert.deepEqual(await issuedRefs('2026-01'), ['reseller-a', 'reseller-b']);
    const runs = await q<{ status: string; trigger: string }>('select status, trigger from statement_runs order by id');
    assert.deepEqual(runs.map((r) => r.status), ['failed', 'failed', 'done']);

    // Issued: nothing is retried any more, however late.
    assert.deepEqual(await failedPeriods(portal, at(100)), []);
    assert.deepEqual(await retryFailedPeriods(portal, { now: at(100) }), []);
    assert.equal(await runCount(), 3);
  });

  it('a run left `running` by a dead process counts as failed once it is an hour old; a live one is left alone', async () => {
    await portal.sequelize.query(`insert into statement_runs (period, trigger, started_at, status) values ('2026-01', 'schedule', :at, 'running')`,
      { replacements: { at: FEB_1.toISOString() } });
    assert.deepEqual(await failedPeriods(portal, at(0.5)), []);
    const [retried] = await retryFailedPeriods(portal, { now: at(1.5) });
    assert.deepEqual(retried.issued.map((s) => s.resellerRef), ['reseller-a', 'reseller-b']);
  });

  it('the worker runs the retry hourly through its schedule and claims each slot once', async () => {
    const job = statementJobs(portal).find((j) => j.name === 'statement-retry');
    assert.ok(job);
    assert.equal(job.cron, STATEMENT_RUN_RETRY_CRON);
    assert.match(STATEMENT_RUN_RETRY_CRON, /^\d+ \* \* \* \*$/, 'hourly');

    // A failure of last month two hours ago, then the real schedule, ticking every second for the test.
    const failedAt = new Date(Date.now() - 2 * HOUR);
    const period = periodBefore(failedAt, portal.config.timezone);
    const crashed = await issueStatements(portal, {
      period, trigger: 'schedule', now: failedAt,
      beforeCommit: (ref) => { if (ref === 'reseller-b') throw new Error('injected crash'); },
    });
    assert.equal(crashed.failed.length, 1);
    const schedule = startSchedule(portal, [{ ...job, cron: '* * * * * *' }]);
    try {
      const deadline = Date.now() + 30_000;
      while ((await issuedRefs(period)).length < 2) {
        assert.ok(Date.now() < deadline, `reseller-b of ${period} was not issued by the retry`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      schedule.stop();
    }
    assert.deepEqual(await issuedRefs(period), ['reseller-a', 'reseller-b']);
    const claims = await q<{ status: string }>(`select status from job_claims where job = 'statement-retry' order by key`);
    assert.ok(claims.length >= 1);
    assert.ok(claims.every((c) => c.status === 'done' || c.status === 'running'), JSON.stringify(claims));
  });

  describe('statements run --now', () => {
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'bin/cli.ts', 'statements', 'run', ...args], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: portal.db.url, DATA_DIR: portal.dataDir, VENDOR_TIMEZONE: 'Europe/Berlin' },
    });

    it('issues the month before --now in the vendor\'s zone, as of that instant', async () => {
      // 23:30 UTC on 28 February is 00:30 on 1 March in Berlin: February is over there.
      const out = await cli('--now', '2026-02-28T23:30:00Z');
      assert.match(out.stdout, /issued statement \d+ for reseller-a 2026-02/);
      assert.deepEqual(await issuedRefs('2026-02'), ['reseller-a', 'reseller-b']);
      const [runRow] = await q<{ period: string; started_at: Date }>('select period, started_at from statement_runs');
      assert.equal(runRow.period, '2026-02');
      assert.equal(new Date(runRow.started_at).toISOString(), '2026-02-28T23:30:00.000Z');
      const issuedAt = await q<{ issued_at: Date }>('select issued_at from statements');
      assert.ok(issuedAt.every((s) => new Date(s.issued_at).toISOString() === '2026-02-28T23:30:00.000Z'));
    });

    it('a bare date is that day in the vendor\'s zone; --period is checked against it', async () => {
      const out = await cli('--now', '2026-02-01');
      assert.match(out.stdout, /run \d+: 2 issued/);
      assert.deepEqual(await issuedRefs('2026-01'), ['reseller-a', 'reseller-b']);

      for (const [args, message] of [
        [['--now', '2026-02-15', '--period', '2026-02'], /Period 2026-02 has not ended yet \(today is 2026-02-15\)/],
        [['--now', 'yesterday'], /--now expects an ISO date/],
        [['--period'], /Missing period/],
      ] as const) {
        await assert.rejects(cli(...args), (error: { code?: number; stderr?: string }) => {
          assert.equal(error.code, 2);
          assert.match(error.stderr ?? '', message);
          return true;
        });
      }
      assert.deepEqual(await issuedRefs('2026-02'), []);
    });
  });
});
