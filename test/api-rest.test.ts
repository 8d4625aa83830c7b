// The REST API through real HTTP against real PostgreSQL: tokens act as their organization's view
// (disjoint tenants, 404 on foreign ids), revoked/expired/unknown tokens are refused, a read-only
// token cannot operate, a member token's operation is audited under the token, cursor pages, the
// license CSV, the rate limit and the problem details of bad requests.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Op, QueryTypes } from 'sequelize';
import type supertest from 'supertest';
import { startTestPanel, login, type TestPanel } from './support/portal.ts';
import { apiClient, issueToken, type IssuedToken } from './support/api-tokens.ts';
import { databaseRows } from './support/db-scan.ts';
import { ApiToken, AuditEvent, License, Organization, StatementRecord, Subscription } from '../models/index.ts';
import { subtreeIds } from '../models/actor-lookup.ts';
import { issueStatements } from '../services/statements/issue-period.ts';
import { revokeApiToken } from '../services/api-tokens.ts';
import { systemActor } from '../services/system-actor.ts';
import { REPORT_BATCH } from '../services/license-report.ts';

/** An answer with its body as the bytes that were sent. */
async function bytesOf(request: supertest.Test): Promise<{ status: number; body: Buffer }> {
  const response = await request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  return { status: response.status, body: response.body as Buffer };
}

const RATE_LIMIT = 40;

describe('REST API', () => {
  let portal: TestPanel;
  let orgs: Record<string, number>;
  const issue = (email: string, ref: string, view: string, role: 'read-only' | 'member' = 'member') => issueToken(portal.sequelize, portal.config.timezone, email, ref, view, role);
  const api = (token: IssuedToken | string | null) => apiClient(portal.panel.app, token === null || typeof token === 'string' ? token : token.token);
  const licenseIdsOf = async (ref: string) => (await License.findAll({ where: { organizationId: [...await subtreeIds(portal.sequelize, orgs[ref])] }, order: [['id', 'ASC']] })).map((l) => l.id);

  /** Every page of a list, following `next`. */
  async function allPages(token: IssuedToken, path: string, limit: number): Promise<number[]> {
    const ids: number[] = [];
    let url = `${path}${path.includes('?') ? '&' : '?'}limit=${limit}`;
    for (let pages = 0; pages < 1000; pages++) {
      const response = await api(token).get(url);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.ok(response.body.data.length <= limit);
      ids.push(...response.body.data.map((row: { id: number }) => row.id));
      if (response.body.next === null) return ids;
      url = `${path}${path.includes('?') ? '&' : '?'}limit=${limit}&cursor=${response.body.next}`;
    }
    throw new Error('more than 1000 pages');
  }

  before(async () => {
    portal = await startTestPanel({ apiRateLimit: RATE_LIMIT, apiRateWindowSeconds: 3600 });
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
    await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: new Date('2026-02-01T05:00:00Z') });
  });
  after(() => portal.close());

  it('two resellers\' tokens see disjoint licenses, subscriptions and statements, and 404 on each other\'s ids', async () => {
    const a = await issue('reseller-a@demo.test', 'reseller-a', 'reseller', 'read-only');
    const b = await issue('reseller-b@demo.test', 'reseller-b', 'reseller', 'read-only');
    const seen: Record<string, Record<string, number[]>> = {};
    for (const [name, token] of [['a', a], ['b', b]] as const) {
      seen[name] = {};
      for (const list of ['/licenses', '/subscriptions', '/statements']) seen[name][list] = await allPages(token, list, 100);
    }
    assert.deepEqual(seen.a['/licenses'], await licenseIdsOf('reseller-a'));
    assert.deepEqual(seen.b['/licenses'], await licenseIdsOf('reseller-b'));
    const subscriptionsOf = async (ref: string) => (await Subscription.findAll({ where: { resellerId: orgs[ref] }, order: [['id', 'ASC']] })).map((s) => s.id);
    assert.deepEqual(seen.a['/subscriptions'], await subscriptionsOf('reseller-a'));
    assert.deepEqual(seen.b['/subscriptions'], await subscriptionsOf('reseller-b'));
    const statementOf = async (ref: string) => (await StatementRecord.findAll({ where: { resellerId: orgs[ref] } })).map((s) => s.id);
    assert.deepEqual(seen.a['/statements'], await statementOf('reseller-a'));
    assert.deepEqual(seen.b['/statements'], await statementOf('reseller-b'));
    for (const list of Object.keys(seen.a)) {
      assert.ok(seen.a[list].length > 0, `reseller A has ${list}`);
      assert.equal(seen.a[list].filter((id) => seen.b[list].includes(id)).length, 0, `${list} disjoint`);
    }

    const [aLicense, bLicense] = [seen.a['/licenses'][0], seen.b['/licenses'][0]];
    const [aStatement, bStatement] = [seen.a['/statements'][0], seen.b['/statements'][0]];
    assert.equal((await api(a).get(`/licenses/${aLicense}`)).body.id, aLicense);
    for (const [token, license, statement] of [[a, bLicense, bStatement], [b, aLicense, aStatement]] as const) {
      for (const path of [`/licenses/${license}`, `/statements/${statement}.pdf`, `/statements/${statement}.csv`, `/licenses?organization=${(await License.findByPk(license))!.organizationId}`]) {
        const response = await api(token).get(path);
        assert.equal(response.status, 404, path);
        assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.equal(response.body.status, 404);
      }
    }
    const pdf = await api(a).get(`/statements/${aStatement}.pdf`).buffer(true);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(Buffer.from(pdf.body).subarray(0, 5).toString(), '%PDF-');
    const csv = await api(a).get(`/statements/${aStatement}.csv`);
    assert.match(csv.text, /^period,reseller_ref,/);
  });

  it('a customer token reads its own licenses only, no subscriptions or statements (403)', async () => {
    const customer = await issue('customer-admin@demo.test', 'customer-a1', 'customer', 'read-only');
    assert.deepEqual(await allPages(customer, '/licenses', 2), await licenseIdsOf('customer-a1'));
    for (const path of ['/subscriptions', '/statements']) {
      const response = await api(customer).get(path);
      assert.equal(response.status, 403, path);
      assert.equal(response.body.title, 'Forbidden');
    }
  });

  it('no, an unknown, a revoked or an expired token answers 401 and reads nothing', async () => {
    const revoked = await issue('reseller-a@demo.test', 'reseller-a', 'reseller');
    const expired = await issue('reseller-a@demo.test', 'reseller-a', 'reseller');
    assert.equal((await api(revoked).get('/licenses')).status, 200);
    assert.equal((await api(expired).get('/licenses')).status, 200);
    await revokeApiToken(portal.sequelize, await systemActor(), revoked.id);
    // Its last day passed (the service refuses to create one that is expired already).
    await ApiToken.update({ expiresOn: '2001-01-31' }, { where: { id: expired.id } });
    const forged = `clp_${'A'.repeat(43)}`;
    for (const [name, token] of [['none', null], ['unknown', forged], ['malformed', 'not-a-token'], ['revoked', revoked], ['expired', expired]] as const) {
      const response = await api(token).get('/licenses');
      assert.equal(response.status, 401, name);
      assert.equal(response.headers['www-authenticate'], 'Bearer realm="api"');
      assert.equal(response.body.type, 'about:blank');
      assert.equal(response.body.data, undefined);
    }
    // A panel session is no API credential.
    const agent = await login(portal.panel.app, 'reseller-a@demo.test');
    assert.equal((await agent.get('/api/v1/licenses')).status, 401);
  });

  it('a read-only token cannot run an operation (403) and changes nothing', async () => {
    const guest = await issue('customer-admin@demo.test', 'customer-a1', 'customer', 'read-only');
    const license = (await License.findOne({ where: { licenseKey: 'LIC-A1-DEMO' } }))!;
    const before = await databaseRows(portal.sequelize, ['sessions', 'api_tokens']);
    for (const operation of ['activate', 'destroy', 'requestSupport']) {
      const response = await api(guest).post(`/licenses/${license.id}/${operation}`).send({ device: 'PC-1', message: 'help' });
      assert.equal(response.status, 403, operation);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    assert.deepEqual(await databaseRows(portal.sequelize, ['sessions', 'api_tokens']), before);
  });

  it('a member token runs an operation; the audit entry names the token, no user', async () => {
    const member = await issue('customer-admin@demo.test', 'customer-a1', 'customer', 'member');
    const license = (await License.findOne({ where: { licenseKey: 'LIC-A1-SUB' } }))!;
    const response = await api(member).post(`/licenses/${license.id}/activate`).send({ device: 'API-PC-1' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.license.status, 'active');
    assert.equal(response.body.license.device, 'API-PC-1');
    const entry = (await AuditEvent.findOne({ where: { action: 'licenses.activate', recordId: String(license.id) }, order: [['id', 'DESC']] }))!;
    assert.equal(entry.userId, null);
    assert.equal(entry.details.apiTokenId, member.id);
    assert.equal(entry.details.view, 'customer');

    // The service's refusals keep their status: active already 409, a device name too long 422, an unknown operation 404.
    const again = await api(member).post(`/licenses/${license.id}/activate`).send({ device: 'OTHER' });
    assert.equal(again.status, 409);
    const long = await api(member).post(`/licenses/${license.id}/transfer`).send({ device: 'x'.repeat(201) });
    assert.equal(long.status, 422);
    assert.deepEqual(long.body['invalid-params'].map((p: { name: string }) => p.name), ['device']);
    assert.equal((await api(member).post(`/licenses/${license.id}/explode`)).status, 404);
    // A reseller's member token: the feature matrix gives activation to the holder, not the reseller.
    const reseller = await issue('reseller-a@demo.test', 'reseller-a', 'reseller', 'member');
    const demo = (await License.findOne({ where: { licenseKey: 'LIC-A2-DEMO' } }))!;
    assert.equal((await api(reseller).post(`/licenses/${demo.id}/activate`).send({ device: 'X' })).status, 403);
    assert.equal((await License.findByPk(demo.id))!.status, demo.status);
  });

  it('pages by cursor return every row once, in id order, whatever the page size', async () => {
    const vendor = await issue('vendor@demo.test', 'vendor', 'vendor', 'read-only');
    const all = (await License.findAll({ order: [['id', 'ASC']] })).map((l) => l.id);
    for (const limit of [1, 3, 500]) assert.deepEqual(await allPages(vendor, '/licenses', limit), all, `limit ${limit}`);
    const demos = (await License.findAll({ where: { kind: 'demo', organizationId: [...await subtreeIds(portal.sequelize, orgs['reseller-b'])] }, order: [['id', 'ASC']] })).map((l) => l.id);
    assert.ok(demos.length > 0);
    assert.deepEqual(await allPages(vendor, `/licenses?kind=demo&organization=${orgs['reseller-b']}`, 1), demos);
    const expiring = (await License.findAll({ where: { expiresOn: { [Op.between]: ['2027-01-01', '2027-01-31'] } }, order: [['id', 'ASC']] })).map((l) => l.id);
    assert.ok(expiring.length > 0);
    assert.deepEqual(await allPages(vendor, '/licenses?expiresFrom=2027-01-01&expiresTo=2027-01-31', 2), expiring);
    assert.deepEqual(await allPages(vendor, '/licenses?createdFrom=2000-01-01&createdTo=2000-12-31', 2), []);
  });

  it('the license CSV has a BOM, the scoped rows, and formula-leading cells neutralised', async () => {
    const license = (await License.findOne({ where: { licenseKey: 'LIC-B1-DEMO' } }))!;
    await license.update({ device: '=HYPERLINK("http://evil.example","x")' });
    await Organization.update({ name: '@SUM(1+1)' }, { where: { ref: 'customer-b1' } });
    const b = await issue('reseller-b@demo.test', 'reseller-b', 'reseller', 'read-only');
    const response = await api(b).get('/licenses.csv').buffer(true);
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    // The license report's CSV (services/license-report.ts), for the token's organization, in its language.
    assert.match(response.headers['content-disposition'], /attachment; filename="licenses-reseller-b-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = Buffer.from(response.text, 'utf8');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = response.text.slice(1).trimEnd().split('\r\n');
    assert.match(lines[0], /^License key,Organization,Customer number,Article,/);
    const keys = (await License.findAll({ where: { id: await licenseIdsOf('reseller-b') } })).map((l) => l.licenseKey).sort();
    assert.deepEqual(lines.slice(1).map((line) => line.split(',')[0]).sort(), keys);
    const line = lines.find((l) => l.includes('LIC-B1-DEMO'))!;
    assert.ok(line.includes(`,'@SUM(1+1),`), line);
    assert.ok(line.includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`), line);
    assert.ok(await AuditEvent.findOne({ where: { action: 'licenses.report', details: { apiTokenId: b.id } } }));
  });

  it('the license CSV streams in batches and is byte for byte the panel\'s license report of the same scope', async () => {
    // More rows than REPORT_BATCH, the two customers' rows interleaved by id: the report's order (organization, then id) crosses batches.
    const inserted = 2 * REPORT_BATCH + 500;
    await portal.sequelize.query(`
      insert into licenses (license_key, organization_id, article_id, kind, status, seats, device, created_at, updated_at)
      select 'LIC-STREAM-' || lpad(g::text, 5, '0'), o.id, a.id, 'full', 'active', 1,
             case g % 4 when 0 then 'PC ' || g when 1 then 'Müller, "Büro" ' || g when 2 then '=1+' || g else null end, now(), now()
      from generate_series(1, :inserted) g, organizations o, articles a
      where o.ref = case g % 2 when 0 then 'customer-a1' else 'customer-a2' end and a.code = 'SEC-FULL'`, { replacements: { inserted } });
    try {
      const token = await issue('reseller-a@demo.test', 'reseller-a', 'reseller', 'read-only');
      const fromApi = await bytesOf(api(token).get('/licenses.csv?kind=full'));
      assert.equal(fromApi.status, 200);
      const panel = await login(portal.panel.app, 'reseller-a@demo.test');
      const fromPanel = await bytesOf(panel.get(`/admin/license-report/csv?organizationId=${orgs['reseller-a']}&kind=full`));
      assert.equal(fromPanel.status, 200);
      assert.ok(Buffer.compare(fromApi.body, fromPanel.body) === 0, 'the same bytes');

      const lines = fromApi.body.toString('utf8').slice(1).split('\r\n');
      assert.equal(lines.pop(), '', 'every line ends with CRLF');
      const expected = await portal.sequelize.query<{ key: string }>(`
        select license_key as key from licenses where organization_id in (:subtree) and kind = 'full' order by organization_id, id`,
      { replacements: { subtree: [...await subtreeIds(portal.sequelize, orgs['reseller-a'])] }, type: QueryTypes.SELECT });
      assert.ok(expected.length >= inserted);
      assert.deepEqual(lines.slice(1).map((line) => line.split(',')[0]), expected.map((r) => r.key), 'each license once, in the report\'s order');
      assert.ok(lines.some((l) => l.includes(`"Müller, ""Büro"" 1"`)) && lines.some((l) => l.includes(`,'=1+2,`)));
      const audited = await AuditEvent.findOne({ where: { action: 'licenses.report', details: { apiTokenId: token.id } } });
      assert.equal(audited!.details.rows, expected.length);
    } finally {
      await License.destroy({ where: { licenseKey: { [Op.like]: 'LIC-STREAM-%' } } });
    }
  });

  it('bad query parameters and bodies answer 400 problem details, never 5xx', async () => {
    const vendor = await issue('vendor@demo.test', 'vendor', 'vendor', 'member');
    const license = (await License.findOne({ where: { licenseKey: 'LIC-B2-SUB' } }))!;
    const cases: Array<[string, string]> = [
      ['/licenses?bogus=1', 'bogus'], ['/licenses?kind=perpetual', 'kind'], ['/licenses?status=', 'status'],
      ['/licenses?limit=0', 'limit'], ['/licenses?limit=501', 'limit'], ['/licenses?limit=1e2', 'limit'],
      ['/licenses?cursor=-1', 'cursor'], ['/licenses?cursor=99999999999', 'cursor'], ['/licenses?organization=abc', 'organization'],
      ['/licenses?createdFrom=2026-02-30', 'createdFrom'], ['/licenses?expiresTo=tomorrow', 'expiresTo'],
      ['/licenses?kind=demo&kind=full', 'kind'], ['/licenses?kind[a]=demo', 'kind[a]'], ['/licenses.csv?cursor=1', 'cursor'],
      ['/subscriptions?kind=demo', 'kind'], ['/statements?limit=x', 'limit'], [`/licenses?constructor=1`, 'constructor'],
    ];
    for (const [path, name] of cases) {
      const response = await api(vendor).get(path);
      assert.equal(response.status, 400, path);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', path);
      assert.deepEqual(Object.keys(response.body).sort(), ['detail', 'invalid-params', 'status', 'title', 'type'], path);
      assert.ok(response.body['invalid-params'].some((p: { name: string }) => p.name === name), `${path}: ${JSON.stringify(response.body)}`);
    }
    for (const path of ['/licenses/abc', '/licenses/0', '/licenses/99999999999999', '/statements/x.pdf', '/nothing']) {
      assert.equal((await api(vendor).get(path)).status, 404, path);
    }
    const url = `/licenses/${license.id}/requestOffer`;
    const badJson = await api(vendor).post(url).set('Content-Type', 'application/json').send('{"message": ');
    assert.equal(badJson.status, 400);
    assert.equal((await api(vendor).post(url).send([1, 2])).status, 400);
    const huge = await api(vendor).post(url).send({ message: 'x'.repeat(1024 * 1024 + 10) });
    assert.equal(huge.status, 413);
    assert.equal(huge.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  it('a browser-style cross-site POST with a bearer token is not blocked by the panel\'s CSRF guard (no cookie is involved)', async () => {
    const member = await issue('customer-admin@demo.test', 'customer-a1', 'customer', 'member');
    const license = (await License.findOne({ where: { licenseKey: 'LIC-A1-DEMO' } }))!;
    const response = await api(member).post(`/licenses/${license.id}/activate`)
      .set({ Origin: 'https://elsewhere.example', 'Sec-Fetch-Site': 'cross-site' }).send({ device: 'PC-CROSS' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.headers['set-cookie'], undefined);
  });

  it('after the limit a token answers 429 with Retry-After; another token is not affected', async () => {
    const busy = await issue('reseller-b@demo.test', 'reseller-b', 'reseller', 'read-only');
    const other = await issue('reseller-b@demo.test', 'reseller-b', 'reseller', 'read-only');
    const statuses = await Promise.all(Array.from({ length: RATE_LIMIT }, () => api(busy).get('/licenses?limit=1').then((r) => r.status)));
    assert.deepEqual(statuses, Array(RATE_LIMIT).fill(200));
    const refused = await api(busy).get('/licenses');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 3600, String(retryAfter));
    assert.equal((await api(other).get('/licenses')).status, 200);
    assert.ok((await ApiToken.findByPk(busy.id))!.lastUsedAt);
  });
});
