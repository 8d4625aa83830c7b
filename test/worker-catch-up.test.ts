// Slots that pass while no worker runs at all (the machine off over the first of the month) are run
// when a worker starts: each missed monthly statement slot once, oldest first, and never a slot that
// was claimed before. The worker's clock is injected, so "now" is months after the last run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import cron from 'node-cron';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal } from './support/portal.ts';
import { missedSlots } from '../worker/missed-slots.ts';
import { startSchedule } from '../worker/schedule.ts';
import { statementJobs } from '../worker/statement-jobs.ts';
import { licensingJobs } from '../worker/licensing-jobs.ts';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('missed slots', () => {
  it('are the pattern\'s instants after the last claim up to now, in the vendor\'s zone (across a DST change)', async () => {
    const monthly = cron.createTask('0 6 1 * *', () => undefined, { timezone: 'Europe/Berlin' });
    // 06:00 in Berlin is 05:00 UTC in winter, 04:00 UTC from 29 March 2026.
    assert.deepEqual(iso(await missedSlots(monthly, '0 6 1 * *', new Date('2026-02-01T05:00:00Z'), new Date('2026-04-15T10:00:00Z'))),
      ['2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z']);
    assert.deepEqual(await missedSlots(monthly, '0 6 1 * *', new Date('2026-04-01T04:00:00Z'), new Date('2026-04-30T23:59:00Z')), [], 'nothing since the last claim');
    const daily = cron.createTask('15 3 * * *', () => undefined, { timezone: 'Europe/Berlin' });
    assert.deepEqual(iso(await missedSlots(daily, '15 3 * * *', new Date('2026-03-01T02:15:00Z'), new Date('2026-03-03T02:15:00Z'))),
      ['2026-03-02T02:15:00.000Z', '2026-03-03T02:15:00.000Z'], 'a slot at exactly now is due');
  });
});

describe('a worker starting after slots passed without one', () => {
  let portal: TestPortal;
  const q = <T extends object>(sql: string) => portal.sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  before(async () => { portal = await startTestPortal(); });
  after(() => portal.close());

  /** Starts the statement job with the worker's clock at `now` and waits until `keys` are done. */
  async function startAt(now: string, keys: string[]): Promise<void> {
    const schedule = startSchedule(portal, statementJobs(portal).filter((j) => j.name === 'statements'), { now: () => new Date(now) });
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const done = await q<{ key: string }>(`select key from job_claims where job = 'statements' and status = 'done'`);
        if (keys.every((k) => done.some((d) => d.key === k))) break;
        assert.ok(Date.now() < deadline, `not done: ${keys.join(', ')}; done: ${JSON.stringify(done)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await schedule.stop();
    }
  }

  it('runs each missed monthly statement slot once, oldest first, and none claimed before', async () => {
    assert.ok(statementJobs(portal).find((j) => j.name === 'statements')?.catchUp);
    assert.ok(licensingJobs(portal)[0].catchUp, 'the daily licensing job is caught up too');
    // The last worker ran January's statements on 1 February, then none ran until mid-April.
    await portal.sequelize.query(`insert into job_claims (key, job, status, finished_at, worker)
      values ('statements:2026-02-01T05:00:00.000Z', 'statements', 'done', '2026-02-01T05:00:01Z', 'gone:1')`);
    await startAt('2026-04-15T10:00:00Z', ['statements:2026-03-01T05:00:00.000Z', 'statements:2026-04-01T04:00:00.000Z']);
    // A worker starting again in May runs May's slot only.
    await startAt('2026-05-02T10:00:00Z', ['statements:2026-05-01T04:00:00.000Z']);

    const claims = await q<{ key: string; attempts: number }>(`select key, attempts from job_claims where job = 'statements' order by key`);
    assert.deepEqual(claims.map((c) => [c.key, c.attempts]), [
      ['statements:2026-02-01T05:00:00.000Z', 1], ['statements:2026-03-01T05:00:00.000Z', 1],
      ['statements:2026-04-01T04:00:00.000Z', 1], ['statements:2026-05-01T04:00:00.000Z', 1],
    ]);
    const runs = await q<{ period: string }>(`select period from statement_runs where trigger = 'schedule' order by id`);
    assert.deepEqual(runs.map((r) => r.period), ['2026-02', '2026-03', '2026-04'], 'one run per missed month, in order; January not again');
    const statements = await q<{ period: string; resellers: string }>(
      `select period, string_agg(reseller_ref, ',' order by reseller_ref) as resellers from statements group by period order by period`);
    assert.deepEqual(statements, [
      { period: '2026-02', resellers: 'reseller-a,reseller-b' },
      { period: '2026-03', resellers: 'reseller-a,reseller-b' },
      { period: '2026-04', resellers: 'reseller-a,reseller-b' },
    ]);
  });
});
