// The erasure of a reseller: its statements keep the name, address, logo and billing e-mail they
// were issued with while restricted (retained for the law), and lose them when the retention ends,
// on the vendor's calendar date. Run through the services and the real `retention purge` command.
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal } from './support/portal.ts';
import { cli, markerRows } from './support/db-scan.ts';
import { png } from './support/png.ts';
import { Organization } from '../models/index.ts';
import { runStatementPeriod } from '../services/statements/run-period.ts';
import { approveRequest, dpoCaller, executeNow, fileRequest } from '../services/erasure/requests.ts';
import { loadStoredStatement, renderStoredStatementPdf } from '../services/statements/stored-statement.ts';

const MARKER = `zqx${randomBytes(5).toString('hex')}`;
const NAME = `${MARKER} Reseller Ltd`;
const STREET = `${MARKER}-street 7`;
const BILLING = `${MARKER}-billing@reseller-b.test`;
// Issued on 2026-02-01, so retained (10 years) until 2036-02-01 inclusive.
const ISSUED = new Date('2026-02-01T05:00:00Z');

interface IssuedCopy {
  resellerName: string;
  customerNumber: string | null;
  street: string | null;
  zip: string | null;
  city: string | null;
  country: string | null;
  logo: boolean;
  logoType: string | null;
  billingEmail: string | null;
  mailTo: string | null;
  retainUntil: string | null;
}

describe('erasure of a reseller: the letterhead its statements were issued with', () => {
  let portal: TestPortal;
  let statementId: number;
  const copy = async () => (await portal.sequelize.query<IssuedCopy>(`
    select reseller_name as "resellerName", reseller_customer_number as "customerNumber", reseller_street as street,
           reseller_zip as zip, reseller_city as city, reseller_country as country, reseller_logo is not null as logo,
           reseller_logo_content_type as "logoType", billing_email as "billingEmail", mail_to as "mailTo", retain_until::text as "retainUntil"
    from statements where id = :statementId`, { replacements: { statementId }, type: QueryTypes.SELECT }))[0];
  const purge = (now: string) => cli(portal, ['retention', 'purge', '--now', now], { VENDOR_TIMEZONE: 'Europe/Berlin' });

  before(async () => {
    portal = await startTestPortal();
    await Organization.update({
      name: NAME, street: STREET, zip: 'SW1A 1AA', customerNumber: 'R-2000', billingEmail: BILLING, logo: png(150, 150), logoContentType: 'image/png',
    }, { where: { ref: 'reseller-b' } });
    const { issue, mail } = await runStatementPeriod(portal, { period: '2026-01', trigger: 'cli', now: ISSUED });
    assert.deepEqual(issue.failed, []);
    statementId = issue.issued.find((s) => s.resellerRef === 'reseller-b')!.statementId;
    assert.ok(mail.sent.includes(statementId), 'mailed to the outbox');

    const dpo = await dpoCaller({ email: 'dpo@demo.test' });
    const request = await fileRequest(portal.sequelize, { subject: 'org:reseller-b', reason: 'The reseller asked by letter.', by: dpo });
    await approveRequest(portal.sequelize, request.id, dpo, { fourEyes: false, graceDays: 30, now: new Date() });
    await executeNow(portal.sequelize, request.id, dpo, portal.dataDir);
  });
  after(() => portal.close());

  it('keeps the issued copy, restricted, after the erasure; the organization itself is cleared', async () => {
    assert.deepEqual(await copy(), {
      resellerName: NAME, customerNumber: 'R-2000', street: STREET, zip: 'SW1A 1AA', city: 'London', country: 'GB',
      logo: true, logoType: 'image/png', billingEmail: BILLING, mailTo: BILLING, retainUntil: '2036-02-01',
    });
    assert.deepEqual([...new Set((await markerRows(portal.sequelize, MARKER)).map((h) => `${h.table}:${h.restricted}`))], ['statements:true']);
    const org = (await Organization.findOne({ where: { ref: 'reseller-b' } }))!;
    assert.deepEqual([org.street, org.billingEmail, org.logo], [null, null, null]);
  });

  it('keeps it through the last retained day and clears it on the next day of the vendor\'s calendar', async () => {
    // 23:00 in Berlin on the last retained day.
    const lastDay = await purge('2036-02-01T22:00:00Z');
    assert.equal(lastDay.code, 0, lastDay.stderr);
    assert.match(lastDay.stdout, /retention ended: 0 statement line\(s\) and 0 statement\(s\)/);
    assert.equal((await copy()).street, STREET);

    // Still 2036-02-01 in UTC, but 00:30 on 2 February in Berlin: the retention has ended.
    const nextDay = await purge('2036-02-01T23:30:00Z');
    assert.equal(nextDay.code, 0, nextDay.stderr);
    assert.match(nextDay.stdout, /retention ended: 2 statement line\(s\) and 1 statement\(s\)/);
    const purged = await copy();
    assert.match(purged.resellerName, /^erased-[0-9a-f]{12}$/);
    assert.deepEqual({ ...purged, resellerName: 'erased' }, {
      resellerName: 'erased', customerNumber: 'R-2000', street: null, zip: null, city: null, country: null,
      logo: false, logoType: null, billingEmail: null, mailTo: null, retainUntil: null,
    });
    assert.deepEqual(await markerRows(portal.sequelize, MARKER), []);
  });

  it('renders the purged statement with the pseudonym, without address or logo, totals unchanged', async () => {
    const statement = (await loadStoredStatement(portal.sequelize, statementId))!;
    assert.equal(statement.totalCents, 2 * 7450);
    const pdf = await buffer(await renderStoredStatementPdf(portal.sequelize, statement, portal.config.timezone));
    const file = path.join(portal.dataDir, 'purged.pdf');
    await fs.writeFile(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    assert.match(text, /erased-[0-9a-f]{12}/);
    assert.ok(text.includes('R-2000'));
    assert.ok(!text.includes(MARKER) && !text.includes('SW1A') && !text.includes('London'), text);
    assert.deepEqual(images, [], 'no logo');
  });
});
