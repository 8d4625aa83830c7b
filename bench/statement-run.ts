/**
 * Target 3: the statement run for one period over every reseller, end to end (compute, store, PDF,
 * CSV, mail to an SMTP server process), against its floor (bench/statement-floor.ts) in the same
 * run; and the run's peak rss as the resellers grow (bench/statement-rss.ts, one process per point).
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { Portal } from '../models/index.ts';
import { createMailer } from '../services/mailer.ts';
import { runStatementPeriod } from '../services/statements/run-period.ts';
import { periodBefore } from '../models/domain/vendor-time.ts';
import { floorLinesSql, floorLines, floorPageCounts, floorResellers, floorRun } from './statement-floor.ts';
import { startTsChild } from './child-process.ts';
import { record } from './measure.ts';

const SECTION = '3 statements';
const SINK = new URL('./smtp-sink.ts', import.meta.url).pathname;
const RSS_POINT = new URL('./statement-rss.ts', import.meta.url).pathname;

/** Reseller counts of the memory curve (BENCH_RSS_RESELLERS, default 100,1000,5000) and subscriptions each (BENCH_RSS_SUBSCRIPTIONS, 20). */
const rssResellers = (process.env.BENCH_RSS_RESELLERS ?? '100,1000,5000').split(',').map(Number);
const rssPerReseller = Number(process.env.BENCH_RSS_SUBSCRIPTIONS ?? 20);

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

export async function statementRun(portal: Portal, pool: pg.Pool): Promise<void> {
  const sink = startTsChild(SINK);
  const { port } = await sink.next<{ port: number }>();
  const smtpUrl = `smtp://127.0.0.1:${port}`;
  try {
    const now = new Date();
    const period = periodBefore(now, portal.config.timezone);
    const resellers = await floorResellers(pool);
    const pages = floorPageCounts(await floorLines(pool, period), resellers, period);

    const floor1 = await timed(() => floorRun(pool, period, smtpUrl, resellers, pages));
    const mailer = createMailer({ smtpUrl, outboxDir: '/nonexistent', from: 'portal@localhost' });
    const portalRun = await timed(() => runStatementPeriod(portal, { period, trigger: 'cli', now, mailer }));
    mailer.close();
    const floor2 = await timed(() => floorRun(pool, period, smtpUrl, resellers, pages));
    const floorMs = Math.min(floor1.ms, floor2.ms);

    // The floor must have produced what the portal issued, or its time means nothing.
    const issued = await pool.query<{ reseller_id: number; total: string }>('select reseller_id, total_cents::text as total from statements where period = $1', [period]);
    const differing = issued.rows.filter((row) => floor1.value.get(row.reseller_id) !== Number(row.total)).length
      + [...floor1.value.keys()].filter((id) => !issued.rows.some((row) => row.reseller_id === id)).length;
    const { issue, mail } = portalRun.value;
    sink.ask();
    const received = await sink.next<{ mails: number; bytes: number }>();
    record({
      section: SECTION, name: `statement run ${period}, ${issue.issued.length} statements, ${[...pages.values()].reduce((a, b) => a + b, 0)} pages`,
      value: portalRun.ms / 1000, unit: 's', floor: { value: floorMs / 1000, name: 'set-based SQL + bare pdfkit + CSV + the same mails' }, target: { max: 1.5 },
      note: `${mail.sent.length} mailed, ${issue.failed.length} failed; floor totals differing: ${differing}; sink got ${received.mails} mails, ${(received.bytes / 1024 / 1024).toFixed(0)} MB`,
    });

    const points: Array<{ resellers: number; statements: number; sent: number; seconds: number; peakRssMb: number; rssBeforeMb: number }> = [];
    for (const count of rssResellers) {
      const child = startTsChild(RSS_POINT, [String(count), String(rssPerReseller)], { ...process.env, BENCH_SMTP_URL: smtpUrl });
      points.push(await child.next(30 * 60_000));
      await child.stop();
    }
    for (const point of points) {
      record({
        section: SECTION, name: `peak rss of the run, ${point.resellers} resellers × ${rssPerReseller} subscriptions`, value: point.peakRssMb, unit: 'MB',
        floor: { value: points[0].peakRssMb, name: `${points[0].resellers} resellers` }, target: { max: 1.25 },
        note: `own process, rss ${point.rssBeforeMb.toFixed(0)} MB before; ${point.statements} statements, ${point.sent} mailed in ${point.seconds.toFixed(1)} s`,
      });
    }
  } finally {
    await sink.stop();
  }
}

/** The plan of the floor's line query: the set-based computation the portal's per-reseller reads are held against. */
export async function statementPlans(pool: pg.Pool, portal: Portal): Promise<string[]> {
  const period = periodBefore(new Date(), portal.config.timezone);
  const { text, values } = floorLinesSql(period);
  const plan = await pool.query(`explain ${text}`, values);
  return [`-- statement lines of ${period}, set-based (floor)\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`];
}
