// The period job against a real PostgreSQL (demo data: reseller A prorated, reseller B cutoff,
// monthly subscriptions of 5 × 14.90 EUR starting 2026-01-15).
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal } from './support/portal.ts';
import { startSmtp, type TestSmtp } from './support/smtp.ts';
import { createMailer } from '../services/mailer.ts';
import { Article, Organization, StatementRecord, Subscription } from '../models/index.ts';
import { issueStatements } from '../services/statements/issue-period.ts';
import { sendPendingStatements } from '../services/statements/send-pending.ts';
import { runStatementPeriod } from '../services/statements/run-period.ts';

const FEB_1 = new Date('2026-02-01T05:00:00Z');
const MAR_1 = new Date('2026-03-01T05:00:00Z');
// 5 × 1490 × 17/31 days (15–31 Jan), half up
const A_JAN_EACH = 4085;

describe('issuing a period', () => {
  let portal: TestPortal;
  before(async () => { portal = await startTestPortal(); });
  after(() => portal.close());
  beforeEach(async () => {
    await portal.sequelize.query('delete from statement_lines; delete from statements; delete from statement_runs');
  });

  const q = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) =>
    portal.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const snapshot = () => q(`
    select s.reseller_ref, s.period, s.mode, s.currency, s.total_cents::text, s.message_id,
           json_agg(json_build_object('type', l.line_type, 'p', l.charged_period, 'sub', l.subscription_ref,
             'cust', l.customer_number, 'name', l.customer_name, 'from', l.from_date, 'to', l.to_date, 'days', l.days,
             'amount', l.amount_cents) order by l.id) as lines
    from statements s join statement_lines l on l.statement_id = s.id group by s.id order by s.id`);

  it('issues one statement per reseller with hand-computed amounts, names only for full-data customers', async () => {
    const result = await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: FEB_1 });
    assert.deepEqual(result.failed, []);
    assert.deepEqual(result.issued.map((s) => [s.resellerRef, s.lines, s.totalCents]), [
      ['reseller-a', 2, 2 * A_JAN_EACH],
      ['reseller-b', 2, 2 * 7450],
    ]);
    const lines = await q<{ customer_number: string; customer_name: string | null; days: number; amount_cents: string }>(
      `select customer_number, customer_name, days, amount_cents from statement_lines order by customer_number`);
    assert.deepEqual(lines.map((l) => [l.customer_number, l.customer_name, l.days, l.amount_cents]), [
      ['C-1001', 'Musterfirma KG', 17, String(A_JAN_EACH)],
      ['C-1002', null, 17, String(A_JAN_EACH)],
      ['C-2001', 'Example Ltd', 31, '7450'],
      ['C-2002', null, 31, '7450'],
    ]);
    const [run] = await q<{ status: string; issued_count: number; trigger: string }>('select status, issued_count, trigger from statement_runs');
    assert.deepEqual(run, { status: 'done', issued_count: 2, trigger: 'cli' });
  });

  it('running the period twice changes nothing', async () => {
    await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: FEB_1 });
    const first = await snapshot();
    const again = await issueStatements(portal, { period: '2026-01', trigger: 'schedule', now: FEB_1 });
    assert.deepEqual(again.issued, []);
    assert.deepEqual(again.alreadyIssued, ['reseller-a', 'reseller-b']);
    assert.deepEqual(await snapshot(), first);
  });

  it('two runs at once issue exactly one statement per reseller', async () => {
    const [one, two] = await Promise.all([
      issueStatements(portal, { period: '2026-01', trigger: 'cli', now: FEB_1 }),
      issueStatements(portal, { period: '2026-01', trigger: 'schedule', now: FEB_1 }),
    ]);
    assert.equal(one.issued.length + two.issued.length, 2);
    assert.deepEqual([...one.failed, ...two.failed], []);
    const rows = await q<{ reseller_ref: string; n: string }>(`select reseller_ref, count(*)::text as n from statements group by 1 order by 1`);
    assert.deepEqual(rows, [{ reseller_ref: 'reseller-a', n: '1' }, { reseller_ref: 'reseller-b', n: '1' }]);
    const [{ n }] = await q<{ n: string }>('select count(*)::text as n from statement_lines');
    assert.equal(n, '4');
  });

  it('a failure inside one reseller\'s transaction writes nothing for it; a re-run completes the period', async () => {
    const crashed = await issueStatements(portal, {
      period: '2026-01', trigger: 'cli', now: FEB_1,
      beforeCommit: (ref) => { if (ref === 'reseller-b') throw new Error('injected crash'); },
    });
    assert.deepEqual(crashed.issued.map((s) => s.resellerRef), ['reseller-a']);
    assert.deepEqual(crashed.failed, [{ reseller: 'reseller-b', error: 'injected crash' }]);
    const [run] = await q<{ status: string; error: string }>('select status, error from statement_runs where id = :id', { id: crashed.runId });
    assert.equal(run.status, 'failed');
    assert.match(run.error, /reseller-b: injected crash/);
    const orphans = await q(`select 1 from statement_lines l join subscriptions s on s.id = l.subscription_id
      join organizations o on o.id = s.reseller_id where o.ref = 'reseller-b'`);
    assert.equal(orphans.length, 0, 'no line of the failed reseller survives');

    const rerun = await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: FEB_1 });
    assert.deepEqual(rerun.issued.map((s) => s.resellerRef), ['reseller-b']);
    assert.deepEqual(rerun.alreadyIssued, ['reseller-a']);
  });

  it('the database refuses a second charge of one subscription for one period', async () => {
    await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: FEB_1 });
    const [line] = await q<Record<string, unknown>>(`select * from statement_lines where line_type = 'charge' limit 1`);
    const [other] = await q<{ id: number }>(`select id from statements where id <> :id limit 1`, { id: line.statement_id });
    await assert.rejects(portal.sequelize.query(`
      insert into statement_lines (statement_id, line_type, charged_period, subscription_id, subscription_ref, customer_number,
        article_code, article_name, days, quantity, unit_price_cents, amount_cents)
      values (:statement, 'charge', '2026-01', :sub, 'x', 'x', 'x', 'x', 1, 1, 1, 1)`,
    { replacements: { statement: other.id, sub: line.subscription_id } }),
    (error: { original?: { constraint?: string } }) => error.original?.constraint === 'statement_lines_one_charge');
  });

  it('refuses a reseller whose lines are in two currencies, with a clear run error, and issues the others', async () => {
    const usd = await Article.create({ code: 'USD-SUB', name: 'Dollar subscription', kind: 'subscription', interval: 'month', priceCents: 1000, currency: 'USD' });
    const a = await Organization.findOne({ where: { ref: 'reseller-a' } });
    const customer = await Organization.findOne({ where: { ref: 'customer-a1' } });
    const sub = await Subscription.create({ ref: 'SUB-USD', resellerId: a!.id, customerId: customer!.id, articleId: usd.id, quantity: 1, unitPriceCents: 1000, interval: 'month', startDate: '2026-01-01', termMonths: 1 });
    try {
      const result = await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: FEB_1 });
      assert.deepEqual(result.issued.map((s) => s.resellerRef), ['reseller-b']);
      assert.equal(result.failed.length, 1);
      assert.match(result.failed[0].error, /reseller-a has lines in several currencies \(EUR, USD\) for 2026-01/);
    } finally {
      await sub.destroy();
      await usd.destroy();
    }
  });

  it('refuses a month that has not ended and a malformed period, recording no run', async () => {
    await assert.rejects(issueStatements(portal, { period: '2026-02', trigger: 'cli', now: new Date('2026-02-28T12:00:00Z') }), /has not ended yet/);
    await assert.rejects(issueStatements(portal, { period: '2026-13', trigger: 'cli', now: FEB_1 }), /Not a period/);
    assert.equal((await q('select 1 from statement_runs')).length, 0);
  });

  it('settles a reversal of an issued month as a negative adjustment on the next statement; the issued one stays as it was', async () => {
    await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: FEB_1 });
    const january = await snapshot();
    const sub = await Subscription.findOne({ where: { ref: 'SUB-A2-1' } });
    const before = { cancelledOn: sub!.cancelledOn, cancelReason: sub!.cancelReason };
    await sub!.update({ cancelledOn: '2026-01-20', cancelReason: 'reversal' });
    try {
      const feb = await issueStatements(portal, { period: '2026-02', trigger: 'cli', now: MAR_1 });
      assert.deepEqual(feb.failed, []);
      const lines = await q<{ reseller_ref: string; line_type: string; charged_period: string; subscription_ref: string; amount_cents: string; days: number }>(`
        select s.reseller_ref, l.line_type, l.charged_period, l.subscription_ref, l.amount_cents, l.days
        from statement_lines l join statements s on s.id = l.statement_id where s.period = '2026-02' order by s.reseller_ref, l.id`);
      assert.deepEqual(lines.filter((l) => l.reseller_ref === 'reseller-a').map((l) => [l.line_type, l.charged_period, l.subscription_ref, l.amount_cents]), [
        ['charge', '2026-02', 'SUB-A1-1', '7450'],
        ['adjustment', '2026-01', 'SUB-A2-1', String(-A_JAN_EACH)],
      ]);
      assert.deepEqual((await snapshot()).filter((s) => (s as { period: string }).period === '2026-01'), january);
      const [{ total }] = await q<{ total: string }>(`select total_cents::text as total from statements where reseller_ref = 'reseller-a' and period = '2026-02'`);
      assert.equal(total, String(7450 - A_JAN_EACH));

      // Settled once: a later month does not repeat the adjustment.
      const march = await issueStatements(portal, { period: '2026-03', trigger: 'cli', now: new Date('2026-04-01T05:00:00Z') });
      assert.deepEqual(march.failed, []);
      const repeated = await q(`select 1 from statement_lines l join statements s on s.id = l.statement_id where s.period = '2026-03' and l.line_type = 'adjustment'`);
      assert.equal(repeated.length, 0);
    } finally {
      await sub!.update(before);
    }
  });

  describe('mailing', () => {
    let smtp: TestSmtp;
    before(async () => { smtp = await startSmtp(); });
    after(() => smtp.stop());
    beforeEach(() => { smtp.messages.length = 0; });
    const mailer = () => createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: 'Portal <portal@demo.test>' });

    it('keeps a statement pending while the SMTP server refuses, retries after the back-off, and sends it exactly once', async () => {
      smtp.failNext(1);
      const m = mailer();
      try {
        const { issue, mail } = await runStatementPeriod(portal, { period: '2026-01', trigger: 'cli', now: FEB_1, mailer: m });
        assert.equal(mail.sent.length, 1);
        assert.equal(mail.retrying.length, 1);
        const waiting = await StatementRecord.findByPk(mail.retrying[0].id);
        assert.equal(waiting!.mailStatus, 'pending');
        assert.equal(waiting!.mailAttempts, 1);
        assert.ok(waiting!.nextMailAttemptAt! > FEB_1, 'the next attempt lies after the failed one');
        const [run] = await q<{ sent_count: number }>('select sent_count from statement_runs where id = :id', { id: issue.runId });
        assert.equal(run.sent_count, 1);

        // Not due yet: nothing is sent again.
        assert.deepEqual((await sendPendingStatements(portal, { now: FEB_1, mailer: m })).sent, []);
        const later = new Date(FEB_1.getTime() + 60 * 60 * 1000);
        assert.deepEqual((await sendPendingStatements(portal, { now: later, mailer: m })).sent, [waiting!.id]);
        assert.deepEqual((await sendPendingStatements(portal, { now: new Date(later.getTime() + 86_400_000), mailer: m })).sent, []);
        assert.equal(smtp.messages.length, 2, 'each statement arrived exactly once');
        const sent = await StatementRecord.findByPk(waiting!.id);
        assert.equal(sent!.mailStatus, 'sent');
        assert.equal(smtp.messages.filter((msg) => msg.messageId === sent!.messageId).length, 1);
      } finally {
        m.close();
      }
    });

    it('with the SMTP server down nothing is marked sent; two senders at once then deliver each statement once', async () => {
      await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: FEB_1 });
      const dead = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', outboxDir: '/nonexistent', from: 'Portal <portal@demo.test>' });
      const down = await sendPendingStatements(portal, { now: FEB_1, mailer: dead });
      dead.close();
      assert.equal(down.sent.length, 0);
      assert.equal(down.retrying.length, 2);
      const states = await q<{ mail_status: string; mail_error: string }>('select mail_status, mail_error from statements');
      assert.ok(states.every((s) => s.mail_status === 'pending' && /ECONNREFUSED|connect/i.test(s.mail_error)));

      const later = new Date(FEB_1.getTime() + 3_600_000);
      const [m1, m2] = [mailer(), mailer()];
      const [one, two] = await Promise.all([
        sendPendingStatements(portal, { now: later, mailer: m1 }),
        sendPendingStatements(portal, { now: later, mailer: m2 }),
      ]);
      m1.close(); m2.close();
      assert.equal(one.sent.length + two.sent.length, 2);
      assert.equal(smtp.messages.length, 2);
      assert.deepEqual(smtp.messages.map((msg) => String(msg.to && 'text' in msg.to ? msg.to.text : '')).sort(),
        ['billing@reseller-a.demo.test', 'billing@reseller-b.demo.test']);
    });

    it('gives up after the last attempt and marks the statement failed', async () => {
      await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: FEB_1 });
      await portal.sequelize.query(`update statements set mail_attempts = 7 where reseller_ref = 'reseller-a'`);
      const dead = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', outboxDir: '/nonexistent', from: 'Portal <portal@demo.test>' });
      const result = await sendPendingStatements(portal, { now: FEB_1, mailer: dead });
      dead.close();
      assert.equal(result.failed.length, 1);
      const rows = await q<{ reseller_ref: string; mail_status: string }>('select reseller_ref, mail_status from statements order by reseller_ref');
      assert.deepEqual(rows.map((r) => r.mail_status), ['failed', 'pending']);
    });

    it('marks a reseller without billing address no_address and never mails it', async () => {
      await Organization.update({ billingEmail: null }, { where: { ref: 'reseller-b' } });
      try {
        const m = mailer();
        const { issue, mail } = await runStatementPeriod(portal, { period: '2026-01', trigger: 'cli', now: FEB_1, mailer: m });
        m.close();
        assert.deepEqual(issue.issued.map((s) => s.mailStatus), ['pending', 'no_address']);
        assert.equal(mail.sent.length, 1);
        assert.equal(smtp.messages.length, 1);
      } finally {
        await Organization.update({ billingEmail: 'billing@reseller-b.demo.test' }, { where: { ref: 'reseller-b' } });
      }
    });
  });
});
