/**
 * One point of target 3's memory curve, in a process of its own so its peak is the run's alone:
 * a fresh embedded database with the demo data and `<resellers>` resellers holding
 * `<subscriptions per reseller>` subscriptions each, then the production statement run (issue,
 * store, PDF, CSV, mail to BENCH_SMTP_URL) with the process's rss sampled throughout. Prints one
 * JSON line.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startTestPortal } from '../test/support/portal.ts';
import { seedChannelScale } from './channel-scale.ts';
import { createMailer } from '../services/mailer.ts';
import { runStatementPeriod } from '../services/statements/run-period.ts';
import { periodBefore } from '../models/domain/vendor-time.ts';

const [resellers, perReseller] = process.argv.slice(2).map(Number);
const portal = await startTestPortal();
const sql = new pg.Client({ connectionString: portal.db.url });
await sql.connect();
await seedChannelScale(sql, { distributors: 5, resellers, customers: 2 * resellers, licenses: 1, subscriptions: resellers * perReseller });
await sql.end();

const mailer = createMailer({ smtpUrl: process.env.BENCH_SMTP_URL, outboxDir: portal.dataDir, from: 'portal@localhost' });
const MB = 1024 * 1024;
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
const started = performance.now();
const now = new Date();
const { issue, mail } = await runStatementPeriod(portal, { period: periodBefore(now, portal.config.timezone), trigger: 'cli', now, mailer });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
mailer.close();
console.log(JSON.stringify({ resellers, statements: issue.issued.length, sent: mail.sent.length, failed: issue.failed.length, seconds, rssBeforeMb: before / MB, peakRssMb: peak / MB }));
await portal.close();
