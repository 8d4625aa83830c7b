// A worker killed outright (SIGKILL, a machine losing power) cannot record its run: its claim's
// lease stops being renewed, and the next worker takes the claim over once the lease has passed
// and runs the job again. The job's effects happen once: no statement or mail twice, none lost.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { startTestPortal, tempDataDir, type TestPortal } from './support/portal.ts';
import { startEntry, waitForOutput, type Started } from './support/processes.ts';
import { startSchedule } from '../worker/schedule.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

interface ClaimRow { key: string; status: string; attempts: number; worker: string }

describe('job claims are leases', () => {
  let portal: TestPortal;
  let procDir: string;
  const started: Started[] = [];
  const q = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) =>
    portal.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });

  before(async () => {
    portal = await startTestPortal();
    procDir = await tempDataDir();
  });
  after(async () => {
    for (const p of started) await p.stop();
    await portal.close();
    await fs.rm(procDir, { recursive: true, force: true });
  });

  it('a worker killed in the middle of the statement run: the next worker takes its claim over, every statement issued and mailed once', async () => {
    const env = { DATABASE_URL: portal.db.url, DATA_DIR: procDir, JOB_LEASE_SECONDS: '2', NODE_ENV: '' };
    const dying = startEntry('../test/support/worker-dies-mid-run', [], { ...env, STATEMENT_CRON: '* * * * * *' });
    started.push(dying);
    await until('the worker to die', async () => (dying.child.signalCode ? true : undefined));
    assert.equal(dying.child.signalCode, 'SIGKILL', dying.output());

    // What the killed worker left: its claim running, the first reseller's statement issued, nothing mailed.
    const [left] = await q<ClaimRow>(`select key, status, attempts, worker from job_claims where job = 'statements'`);
    assert.equal(left.status, 'running');
    assert.match(left.worker, new RegExp(`:${dying.child.pid}$`));
    const period = await q<{ period: string }>(`select distinct period from statements`);
    assert.equal(period.length, 1);
    assert.deepEqual(await q(`select reseller_ref, mail_status from statements order by reseller_ref`), [{ reseller_ref: 'reseller-a', mail_status: 'pending' }]);

    // The real worker, its own statement slot far away: it takes the killed worker's slot over.
    const next = startEntry('worker', [], { ...env, STATEMENT_CRON: '0 6 1 1 *' });
    started.push(next);
    await waitForOutput(next, /Worker schedule running/);
    const done = await until('the claim taken over and done', async () => {
      const [claim] = await q<ClaimRow>(`select key, status, attempts, worker from job_claims where key = :key`, { key: left.key });
      return claim.status === 'done' ? claim : undefined;
    });
    assert.equal(done.attempts, 2);
    assert.match(done.worker, new RegExp(`:${next.child.pid}$`));
    assert.match(next.output(), /stopped renewing the lease; running it again/);

    const statements = await q<{ reseller_ref: string; period: string; mail_status: string }>(
      `select reseller_ref, period, mail_status from statements order by reseller_ref`);
    assert.deepEqual(statements, [
      { reseller_ref: 'reseller-a', period: period[0].period, mail_status: 'sent' },
      { reseller_ref: 'reseller-b', period: period[0].period, mail_status: 'sent' },
    ]);
    const mails = (await fs.readdir(path.join(procDir, 'outbox'))).filter((f) => f.endsWith('.eml'));
    assert.equal(mails.length, 2, `one mail per statement: ${mails.join(', ')}`);
  });

  it('a job running longer than its lease is not taken over while its worker lives', async () => {
    const shortLease = { ...portal, config: { ...portal.config, jobLeaseSeconds: 1 } };
    const runs: string[] = [];
    // One slot two seconds from now; the job then runs for several leases.
    const cron = `${(new Date().getSeconds() + 2) % 60} * * * * *`;
    const job = { name: 'long-job', cron, async run(slot: Date) { runs.push(slot.toISOString()); await sleep(6000); } };
    const schedules = [startSchedule(shortLease, [job]), startSchedule(shortLease, [job])];
    try {
      await until('the slot run and recorded', async () => {
        const [claim] = await q<ClaimRow>(`select status from job_claims where job = 'long-job'`);
        return claim?.status === 'done' ? true : undefined;
      }, 30_000);
      // Both schedules swept at least once while the run went on (every 5 s) and found no lease passed.
      const claims = await q<ClaimRow>(`select key, status, attempts from job_claims where job = 'long-job'`);
      assert.deepEqual(claims.map((c) => [c.status, c.attempts]), [['done', 1]]);
      assert.equal(runs.length, 1);
    } finally {
      await Promise.all(schedules.map((s) => s.stop()));
    }
  });
});
