// End to end through the operator's commands, each a separate process on the same PostgreSQL:
// ERP import → statements run → statements export, the mailed PDF read back with pdftotext, the
// attachments compared byte for byte with a fresh render, and the run repeated by two processes
// at once and after a process killed in the middle.
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal } from './support/portal.ts';
import { startSmtp, type TestSmtp } from './support/smtp.ts';
import { STATEMENT_CSV_HEADER } from '../reports/statement-csv.ts';
import { loadStoredStatement, renderStatementCsv, renderStoredStatementPdf } from '../services/statements/stored-statement.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURE = path.join(ROOT, 'test/fixtures/erp-demo.json');

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stmt-pdf-'));
  try {
    writeFileSync(path.join(dir, 's.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 's.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('statements end to end', () => {
  let portal: TestPortal;
  let smtp: TestSmtp;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'bin/cli.ts', ...args], { cwd: ROOT, env });
  const q = <T extends object>(sql: string) => portal.sequelize.query<T>(sql, { type: QueryTypes.SELECT });

  before(async () => {
    portal = await startTestPortal();
    smtp = await startSmtp();
    env = { ...process.env, DATABASE_URL: portal.db.url, DATA_DIR: portal.dataDir, SMTP_URL: smtp.url, VENDOR_TIMEZONE: 'Europe/Berlin', MAIL_FROM: 'Portal <portal@demo.test>' };
  });
  after(async () => { await smtp.stop(); await portal.close(); });

  it('imports the ERP document, issues January and February, exports the exact lines and mails both files', async () => {
    await cli('import', FIXTURE);
    const jan = await cli('statements', 'run', '--period', '2026-01');
    assert.match(jan.stdout, /issued statement \d+ for erp-reseller-nord 2026-01: 3 line\(s\), total EUR 475\.00/);
    await cli('statements', 'run', '--period', '2026-02');

    const janCsv = (await cli('statements', 'export', '--period', '2026-01')).stdout;
    assert.equal(janCsv, [
      STATEMENT_CSV_HEADER,
      '2026-01,erp-reseller-nord,ERP-K-50001,erp-sub-1001,ERP-CLOUD-M,charge,2026-01,2026-01-01,2026-01-31,31,10,2500,25000',
      '2026-01,erp-reseller-nord,ERP-K-50001,erp-sub-1005,ERP-CLOUD-M,charge,2026-01,2026-01-01,2026-01-31,31,4,2500,10000',
      '2026-01,erp-reseller-nord,ERP-K-50003,erp-sub-1004,ERP-CLOUD-M,charge,2026-01,2026-01-01,2026-01-31,31,5,2500,12500',
      '2026-01,reseller-a,C-1001,SUB-A1-1,OFF-SUB-M,charge,2026-01,2026-01-15,2026-01-31,17,5,1490,4085',
      '2026-01,reseller-a,C-1002,SUB-A2-1,OFF-SUB-M,charge,2026-01,2026-01-15,2026-01-31,17,5,1490,4085',
      '2026-01,reseller-b,C-2001,SUB-B1-1,OFF-SUB-M,charge,2026-01,2026-01-01,2026-01-31,31,5,1490,7450',
      '2026-01,reseller-b,C-2002,SUB-B2-1,OFF-SUB-M,charge,2026-01,2026-01-01,2026-01-31,31,5,1490,7450',
      '',
    ].join('\n'));

    // February (28 days): a mid-month start, two yearly terms beginning, a term ending on the 10th,
    // an exchange on the 20th; the NFR subscription at price 0 is not listed.
    const febCsv = (await cli('statements', 'export', '--period', '2026-02')).stdout;
    assert.deepEqual(febCsv.split('\n').filter((l) => l.includes('erp-reseller-nord')), [
      '2026-02,erp-reseller-nord,ERP-K-50001,erp-sub-1001,ERP-CLOUD-M,charge,2026-02,2026-02-01,2026-02-28,28,10,2500,25000',
      '2026-02,erp-reseller-nord,ERP-K-50001,erp-sub-1005,ERP-CLOUD-M,charge,2026-02,2026-02-01,2026-02-19,19,4,2500,6786',
      '2026-02,erp-reseller-nord,ERP-K-50001,erp-sub-1006,ERP-CLOUD-Y,charge,2026-02,2026-02-20,2027-02-19,365,4,24000,96000',
      '2026-02,erp-reseller-nord,ERP-K-50002,erp-sub-1002,ERP-CLOUD-M,charge,2026-02,2026-02-15,2026-02-28,14,3,2200,3300',
      '2026-02,erp-reseller-nord,ERP-K-50003,erp-sub-1003,ERP-CLOUD-Y,charge,2026-02,2026-02-10,2027-02-09,365,2,24000,48000',
      '2026-02,erp-reseller-nord,ERP-K-50003,erp-sub-1004,ERP-CLOUD-M,charge,2026-02,2026-02-01,2026-02-09,9,5,2500,4018',
    ]);

    const [nord] = await q<{ id: number; total: string; message_id: string }>(
      `select id, total_cents::text as total, message_id from statements where reseller_ref = 'erp-reseller-nord' and period = '2026-02'`);
    assert.equal(nord.total, '183104');

    await smtp.waitFor(6);
    const mail = smtp.messages.find((m) => m.messageId === nord.message_id)!;
    assert.equal(mail.to && 'text' in mail.to ? mail.to.text : '', 'buchhaltung@nordlicht.erp.test');
    assert.equal(mail.subject, 'Einzelkostenaufstellung Februar 2026 – Nordlicht IT-Systemhaus GmbH');
    assert.match(mail.text ?? '', /Gesamtsumme: 1\.831,04 EUR/);
    const [pdf, csv] = mail.attachments;
    assert.equal(pdf.filename, 'statement-erp-reseller-nord-2026-02.pdf');
    assert.equal(csv.filename, 'statement-erp-reseller-nord-2026-02.csv');
    const stored = (await loadStoredStatement(portal.sequelize, nord.id))!;
    assert.ok(pdf.content.equals(await buffer(await renderStoredStatementPdf(portal.sequelize, stored, 'Europe/Berlin'))), 'PDF byte-identical to a fresh render');
    assert.ok(csv.content.equals(renderStatementCsv(stored)), 'CSV byte-identical to a fresh render');

    const text = pdfText(pdf.content);
    assert.match(text, /Einzelkostenaufstellung Februar 2026/);
    assert.match(text, /Kunde ERP-K-50001 – Hafenlogistik Petersen KG/);
    assert.match(text, /Kunde ERP-K-50002\s*\n/, 'a pseudonymous customer is shown by number only');
    assert.ok(!text.includes('Customer ERP-K-50002'));
    assert.match(text, /Zwischensumme Kunde ERP-K-50001\s+1\.277,86 EUR/);
    assert.match(text, /Zwischensumme Kunde ERP-K-50002\s+33,00 EUR/);
    assert.match(text, /Zwischensumme Kunde ERP-K-50003\s+520,18 EUR/);
    assert.match(text, /Gesamtsumme\s+1\.831,04 EUR/);
    assert.match(text, /Seite 1 von 1/);

    const [b] = await q<{ message_id: string }>(`select message_id from statements where reseller_ref = 'reseller-b' and period = '2026-01'`);
    const english = pdfText(smtp.messages.find((m) => m.messageId === b.message_id)!.attachments[0].content);
    assert.match(english, /Itemized statement January 2026/);
    assert.match(english, /Customer C-2001 – Example Ltd/);
    assert.match(english, /Total\s+EUR 149\.00/);
    assert.match(english, /Page 1 of 1/);

    const runs = await q<{ status: string; issued_count: number; sent_count: number }>('select status, issued_count, sent_count from statement_runs order by id');
    assert.deepEqual(runs, [{ status: 'done', issued_count: 3, sent_count: 3 }, { status: 'done', issued_count: 3, sent_count: 3 }]);
  });

  it('two processes running the same month at once issue and mail each statement once', async () => {
    const before = smtp.messages.length;
    const results = await Promise.all([cli('statements', 'run', '--period', '2026-03'), cli('statements', 'run', '--period', '2026-03')]);
    const issued = results.flatMap((r) => r.stdout.split('\n').filter((l) => l.startsWith('issued statement')));
    assert.equal(issued.length, 3);
    const rows = await q<{ reseller_ref: string; n: string }>(`select reseller_ref, count(*)::text as n from statements where period = '2026-03' group by 1 order by 1`);
    assert.deepEqual(rows.map((r) => [r.reseller_ref, r.n]), [['erp-reseller-nord', '1'], ['reseller-a', '1'], ['reseller-b', '1']]);
    assert.equal(smtp.messages.length - before, 3, 'each statement mailed once');
  });

  it('a process killed inside a reseller\'s transaction leaves that reseller unissued; the next run completes the month', async () => {
    const child = run(process.execPath, ['--import', 'tsx', 'test/support/issue-and-die.ts', '2026-04', '2026-05-01T06:00:00Z'], { cwd: ROOT, env });
    await assert.rejects(child, (error: { signal?: string }) => error.signal === 'SIGKILL');
    const half = await q<{ reseller_ref: string; lines: string }>(`
      select s.reseller_ref, (select count(*) from statement_lines l where l.statement_id = s.id)::text as lines
      from statements s where period = '2026-04' order by 1`);
    assert.deepEqual(half.map((r) => r.reseller_ref), ['reseller-a'], 'only the committed reseller exists');
    assert.ok(Number(half[0].lines) > 0);

    const out = await cli('statements', 'run', '--period', '2026-04');
    assert.match(out.stdout, /already issued for reseller-a 2026-04/);
    // The summary line ends the output (a pipe gets no progress line).
    assert.match(out.stdout, /\nrun \d+: 2 issued, 1 already issued, 0 failed, \d+ mailed\n$/);
    const complete = await q<{ reseller_ref: string }>(`select reseller_ref from statements where period = '2026-04' order by 1`);
    assert.deepEqual(complete.map((r) => r.reseller_ref), ['erp-reseller-nord', 'reseller-a', 'reseller-b']);
  });

  it('rejects a malformed or unfinished period with exit code 2 and a clear message', async () => {
    for (const [period, message] of [['2026-13', /Not a period: "2026-13"/], ['2099-01', /has not ended yet/]] as const) {
      await assert.rejects(cli('statements', 'run', '--period', period), (error: { code?: number; stderr?: string }) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr ?? '', message);
        return true;
      });
    }
    await assert.rejects(cli('statements', 'export', '--period', 'March'), (error: { code?: number }) => error.code === 2);
  });
});
