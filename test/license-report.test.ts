// The license report: CSV (BOM, neutralised formulas, German/English headers, one row per license
// in scope and nothing foreign), PDF (rows and the white-label logo of the organization it is for,
// read back with pdftotext/pdfimages), the panel action and file route, the CLI, and a foreign
// organization filter answering 404 with nothing changed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { assertUnchanged, cli } from './support/db-scan.ts';
import { png } from './support/png.ts';
import { CustomPropertyDefinition, CustomPropertyValue, License, Organization, User } from '../models/index.ts';
import { commands } from '../bin/commands/index.ts';

const REPORT_ACTION = '/admin/api/resources/licenses/actions/report';
const binary = (agent: Agent, url: string) => agent.get(url).buffer(true).parse((res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
});
const csvLines = (body: Buffer) => body.toString('utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');

describe('license report', () => {
  let portal: TestPanel;
  let orgs: Record<string, number>;

  before(async () => {
    portal = await startTestPanel();
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
    // A device name a spreadsheet would run as a formula.
    await License.update({ device: '=HYPERLINK("http://evil.test","x")' }, { where: { licenseKey: 'LIC-A1-SUB' } });
  });
  after(() => portal.close());

  async function as(email: string, orgRef: string, view: string): Promise<Agent> {
    const agent = await login(portal.panel.app, email);
    await switchContext(agent, orgs[orgRef], view);
    return agent;
  }

  /** Posts the panel action and downloads the file it points at. */
  async function report(agent: Agent, payload: Record<string, unknown>) {
    const posted = await agent.post(REPORT_ACTION).send(payload);
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    const file = await binary(agent, posted.body.redirectUrl);
    assert.equal(file.status, 200);
    return file;
  }

  it('a reseller\'s CSV: BOM, German headers, its customers\' licenses only, formulas neutralised', async () => {
    const agent = await as('reseller-a@demo.test', 'reseller-a', 'reseller');
    const file = await report(agent, { format: 'csv' });
    assert.match(file.headers['content-type'], /^text\/csv; charset=utf-8/);
    const body = file.body as Buffer;
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvLines(body);
    assert.match(header, /^Lizenzschlüssel,Organisation,Kundennummer,Artikel,Art,Status/);
    assert.deepEqual(rows.map((r) => r.split(',')[0]).sort(), ['LIC-A1-DEMO', 'LIC-A1-SUB', 'LIC-A2-DEMO', 'LIC-A2-SUB']);
    const sub = rows.find((r) => r.startsWith('LIC-A1-SUB'))!;
    assert.ok(sub.includes(`"'=HYPERLINK(""http://evil.test"",""x"")"`), sub);
    assert.doesNotMatch(body.toString('utf8'), /LIC-B/);
  });

  it('filters by kind, expiry and organization subtree; English headers for an English reader', async () => {
    await User.update({ locale: 'en' }, { where: { email: 'reseller-a@demo.test' } });
    try {
      const agent = await as('reseller-a@demo.test', 'reseller-a', 'reseller');
      const demos = csvLines((await report(agent, { format: 'csv', kind: 'demo', expiresFrom: '2027-01-01', expiresTo: '2027-01-31' })).body as Buffer);
      assert.match(demos[0], /^License key,Organization,Customer number/);
      assert.deepEqual(demos.slice(1).map((r) => r.split(',')[0]).sort(), ['LIC-A1-DEMO', 'LIC-A2-DEMO']);
      const a2 = csvLines((await report(agent, { format: 'csv', organizationId: orgs['customer-a2'] })).body as Buffer);
      assert.deepEqual(a2.slice(1).map((r) => r.split(',')[0]).sort(), ['LIC-A2-DEMO', 'LIC-A2-SUB']);
      const none = csvLines((await report(agent, { format: 'csv', expiresTo: '2026-12-31', kind: 'demo' })).body as Buffer);
      assert.equal(none.length, 1);
    } finally {
      await User.update({ locale: 'de' }, { where: { email: 'reseller-a@demo.test' } });
    }
  });

  it('another tenant\'s organization as the filter is not found (404), on the action and the file route, and nothing changes', async () => {
    const agent = await as('reseller-a@demo.test', 'reseller-a', 'reseller');
    await assertUnchanged(portal.sequelize, async () => {
      assert.equal((await agent.post(REPORT_ACTION).send({ format: 'pdf', organizationId: orgs['customer-b1'] })).status, 404);
      assert.equal((await agent.get(`/admin/license-report/csv?organizationId=${orgs['customer-b1']}`)).status, 404);
      assert.equal((await agent.post(REPORT_ACTION).send({ format: 'csv', kind: 'gold' })).status, 422);
      assert.equal((await agent.get('/admin/api/resources/licenses/actions/report')).status, 405);
    });
  });

  it('the PDF shows the rows and the organization, with the partner\'s logo, or the customer\'s own when it has one', async () => {
    await Organization.update({ logo: png(300, 160), logoContentType: 'image/png' }, { where: { ref: 'reseller-a' } });
    const customer = await login(portal.panel.app, 'customer-admin@demo.test');
    const pdfOf = async () => {
      const file = await report(customer, { format: 'pdf' });
      assert.equal(file.headers['content-type'], 'application/pdf');
      const at = path.join(portal.dataDir, `report-${Date.now()}.pdf`);
      await fs.writeFile(at, file.body as Buffer);
      return {
        text: execFileSync('pdftotext', ['-layout', at, '-'], { encoding: 'utf8' }),
        images: execFileSync('pdfimages', ['-list', at], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((l) => l.trim().split(/\s+/).slice(3, 5).join('x')),
      };
    };
    const partners = await pdfOf();
    assert.match(partners.text, /Lizenzbericht/);
    assert.match(partners.text, /Für: Musterfirma KG \(customer-a1\)/);
    assert.match(partners.text, /LIC-A1-SUB/);
    assert.match(partners.text, /LIC-A1-DEMO/);
    assert.doesNotMatch(partners.text, /LIC-A2|LIC-B/);
    assert.deepEqual(partners.images, ['300x160']);

    await Organization.update({ logo: png(200, 200), logoContentType: 'image/png' }, { where: { ref: 'customer-a1' } });
    assert.deepEqual((await pdfOf()).images, ['200x200']);
  });

  it('a partner\'s custom properties are columns of its report; another partner\'s report has none of them', async () => {
    const definition = await CustomPropertyDefinition.create({ organizationId: orgs['reseller-a'], name: 'Vertrag', type: 'text' });
    await CustomPropertyValue.create({ definitionId: definition.id, organizationId: orgs['customer-a1'], value: '+49 Rahmenvertrag' });
    const a = csvLines((await report(await as('reseller-a@demo.test', 'reseller-a', 'reseller'), { format: 'csv' })).body as Buffer);
    assert.match(a[0], /,Vertrag$/);
    assert.match(a.find((r) => r.startsWith('LIC-A1-SUB'))!, /,'\+49 Rahmenvertrag$/);
    assert.match(a.find((r) => r.startsWith('LIC-A2-SUB'))!, /,$/);
    const distributor = csvLines((await report(await login(portal.panel.app, 'distributor@demo.test'), { format: 'csv' })).body as Buffer);
    assert.doesNotMatch(distributor.join('\n'), /Vertrag|Rahmenvertrag/);
    await CustomPropertyValue.destroy({ where: { definitionId: definition.id } });
    await definition.destroy();
  });

  it('npm run cli -- licenses report writes the file; an unknown organization exits 2', async () => {
    const command = commands.find((c) => c.name === 'licenses report')!;
    const out = path.join(portal.dataDir, 'b.csv');
    assert.equal((await cli(portal, ['licenses', 'report', '--org', 'reseller-b', '--status', 'inactive', '--out', out])).code, 0);
    const lines = csvLines(await fs.readFile(out));
    assert.deepEqual(lines.slice(1).map((r) => r.split(',')[0]).sort(), ['LIC-B1-DEMO', 'LIC-B1-SUB', 'LIC-B2-DEMO', 'LIC-B2-SUB']);
    const pdf = path.join(portal.dataDir, 'b.pdf');
    assert.equal(await command.run(portal, ['--org', 'reseller-b', '--format', 'pdf', '--out', pdf]), 0);
    assert.match(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }), /Reseller B Ltd/);
    assert.equal(await command.run(portal, ['--org', 'nobody', '--out', out]), 2);
  });
});
