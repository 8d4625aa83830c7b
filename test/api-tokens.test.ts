// API tokens as an organization admin makes them: in the panel (shown once, stored as a hash,
// revoked by a record action) and with the CLI; who may see and manage them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startTestPanel, login, switchContext, type TestPanel } from './support/portal.ts';
import { apiClient } from './support/api-tokens.ts';
import { cli, databaseRows, markerRows } from './support/db-scan.ts';
import { ApiToken, AuditEvent, Organization, User } from '../models/index.ts';

const NEW = '/admin/api/resources/api_tokens/actions/new';
const record = (id: number, action: string) => `/admin/api/resources/api_tokens/records/${id}/${action}`;

describe('API tokens', () => {
  let portal: TestPanel;
  let orgs: Record<string, number>;
  const api = (token: string) => apiClient(portal.panel.app, token);

  before(async () => {
    portal = await startTestPanel();
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
  });
  after(() => portal.close());

  it('a customer admin creates a token in the panel: shown once, stored as its hash, usable, then revoked', async () => {
    const admin = await login(portal.panel.app, 'customer-admin@demo.test');
    const created = await admin.post(NEW).send({ name: 'ERP export', role: 'read-only', expiresOn: '2999-12-31' });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const token = /(clp_[A-Za-z0-9_-]{43})/.exec(created.body.notice.message)?.[1];
    assert.ok(token, created.body.notice.message);
    assert.equal(created.body.record.params.token, undefined);
    assert.equal(created.body.record.params.tokenHash, undefined);
    const row = (await ApiToken.findOne({ where: { name: 'ERP export' } }))!;
    assert.deepEqual([row.organizationId, row.view, row.role, row.expiresOn], [orgs['customer-a1'], 'customer', 'read-only', '2999-12-31']);
    assert.equal(row.tokenHash, createHash('sha256').update(token).digest('hex'));
    assert.deepEqual(await markerRows(portal.sequelize, token), [], 'the token itself is stored nowhere');
    const shown = await admin.get(record(row.id, 'show'));
    assert.equal(shown.status, 200);
    assert.equal(JSON.stringify(shown.body).includes(row.tokenHash), false);

    assert.equal((await api(token).get('/licenses')).status, 200);
    const revoked = await admin.post(record(row.id, 'revoke'));
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal((await api(token).get('/licenses')).status, 401);
    assert.equal((await admin.post(record(row.id, 'revoke'))).status, 403, 'not offered on a revoked token');
    const userId = (await User.findOne({ where: { email: 'customer-admin@demo.test' } }))!.id;
    const trail = await AuditEvent.findAll({ where: { resource: 'api_tokens', recordId: String(row.id) }, order: [['id', 'ASC']] });
    assert.deepEqual(trail.map((e) => [e.action, e.userId]), [['api_tokens.create', userId], ['api_tokens.revoke', userId]]);
  });

  it('only admins reach tokens: a guest neither lists nor creates; another tenant\'s admin gets 404; the channel admin above reads and revokes', async () => {
    const admin = await login(portal.panel.app, 'customer-admin@demo.test');
    await admin.post(NEW).send({ name: 'A1 token', role: 'member' });
    const id = (await ApiToken.findOne({ where: { name: 'A1 token' } }))!.id;
    const guest = await login(portal.panel.app, 'customer-guest@demo.test');
    const resellerB = await login(portal.panel.app, 'reseller-b@demo.test');
    const resellerA = await login(portal.panel.app, 'reseller-a@demo.test');
    await switchContext(resellerA, orgs['customer-a1'], 'customer');
    const before = await databaseRows(portal.sequelize, ['sessions']);
    assert.equal((await guest.get('/admin/api/resources/api_tokens/actions/list')).status, 403);
    assert.equal((await guest.post(NEW).send({ name: 'guest token', role: 'member' })).status, 403);
    assert.equal((await resellerB.get(record(id, 'show'))).status, 404);
    assert.equal((await resellerB.post(record(id, 'revoke'))).status, 404);
    // Reseller A's admin acts in its customer's context only on the customer's behalf: no token in the customer's view.
    assert.equal((await resellerA.post(NEW).send({ name: 'inherited', role: 'member' })).status, 403);
    assert.deepEqual(await databaseRows(portal.sequelize, ['sessions']), before);
    // A role above member is no token role (422), an expiry in the past neither.
    assert.equal((await admin.post(NEW).send({ name: 'x', role: 'admin' })).status, 422);
    assert.equal((await admin.post(NEW).send({ name: 'x', role: 'member', expiresOn: '2001-01-01' })).status, 422);

    await switchContext(resellerA, orgs['reseller-a'], 'reseller');
    const list = await resellerA.get('/admin/api/resources/api_tokens/actions/list');
    assert.ok(list.body.records.some((r: { id: string }) => Number(r.id) === id));
    assert.equal((await resellerA.post(record(id, 'revoke'))).status, 200);
  });

  it('the CLI creates (printing the token), lists and revokes tokens', async () => {
    const created = await cli(portal, ['tokens', 'create', '--org', 'reseller-a', '--by', 'reseller-a@demo.test', '--name', 'Nightly ERP', '--read-only', '--view', 'service_provider']);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^clp_[A-Za-z0-9_-]{43}$/);
    const row = (await ApiToken.findOne({ where: { name: 'Nightly ERP' } }))!;
    assert.deepEqual([row.organizationId, row.view, row.role], [orgs['reseller-a'], 'service_provider', 'read-only']);
    assert.equal((await api(token).get('/licenses')).status, 200);
    // The service provider view reads no statements.
    assert.equal((await api(token).get('/statements')).status, 403);

    const listed = await cli(portal, ['tokens', 'list', '--org', 'reseller-a']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`^${row.id}\\t${orgs['reseller-a']}\\tservice_provider\\tread-only\\tactive\\tlast used .*\\tNightly ERP$`, 'm'));
    assert.equal(listed.stdout.includes(token), false);

    const refusedGuest = await cli(portal, ['tokens', 'create', '--org', 'customer-a1', '--by', 'customer-guest@demo.test']);
    assert.equal(refusedGuest.code, 2);
    const refusedPast = await cli(portal, ['tokens', 'create', '--org', 'reseller-a', '--by', 'reseller-a@demo.test', '--expires', '2001-01-01']);
    assert.equal(refusedPast.code, 2);
    assert.match(refusedPast.stderr, /expiresOn: must be today/);

    const revoked = await cli(portal, ['tokens', 'revoke', String(row.id)]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal((await api(token).get('/licenses')).status, 401);
  });
});
