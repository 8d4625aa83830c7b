// Webhooks end to end: endpoints registered through the panel (secret shown once, https only),
// events written to the outbox with the change, delivered by the worker's delivery run to a real
// HTTP receiver with a valid signature, retried after failures, never to another tenant, and
// delivered once even by two concurrent runs. Addresses in the portal's own network are refused at
// registration and at delivery (the receiver on 127.0.0.1 is reached only with
// WEBHOOK_ALLOW_PRIVATE_HOSTS=true, as in these tests' first portal).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { assertUnchanged } from './support/db-scan.ts';
import { AuditEvent, License, Organization, WebhookDelivery, WebhookEndpoint } from '../models/index.ts';
import { webhookJobs } from '../worker/webhook-jobs.ts';
import { deliverWebhooks } from '../services/webhook-delivery.ts';
import type { HostResolver } from '../services/webhook-address.ts';

const SESSION_SECRET = 'webhook-test-session-secret-0123456789';
const RETRY_MS = 60_000;

interface Received { path: string; delivery: string; event: string; timestamp: string; signature: string; body: string; answered: number }

/** A receiver that answers 500 to the first `failures[path]` requests of each path, then 204. */
async function startReceiver(failures: Record<string, number>, delayMs = 0) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const failing = (failures[path] ?? 0) > 0;
      if (failing) failures[path] -= 1;
      const answered = failing ? 500 : 204;
      received.push({
        path, answered, body: Buffer.concat(chunks).toString('utf8'), delivery: String(req.headers['portal-webhook-delivery']),
        event: String(req.headers['portal-webhook-event']), timestamp: String(req.headers['portal-webhook-timestamp']), signature: String(req.headers['portal-webhook-signature']),
      });
      setTimeout(() => res.writeHead(answered).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

/** What a receiver does (README): recompute the HMAC over "<timestamp>.<body>" and compare in constant time. */
function validSignature(secret: string, r: Received): boolean {
  const expected = `v1=${crypto.createHmac('sha256', secret).update(`${r.timestamp}.${r.body}`).digest('hex')}`;
  return expected.length === r.signature.length && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(r.signature));
}

describe('webhooks', () => {
  let portal: TestPanel;
  let orgs: Record<string, number>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secrets: Record<string, string> = {};

  before(async () => {
    portal = await startTestPanel({ sessionSecret: SESSION_SECRET, webhookAllowHttpLoopback: true, webhookAllowPrivateHosts: true });
    orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
    receiver = await startReceiver({ '/a': 2 });
  });
  after(async () => {
    await receiver.close();
    await portal.close();
  });

  async function as(email: string, orgRef: string, view: string): Promise<Agent> {
    const agent = await login(portal.panel.app, email);
    await switchContext(agent, orgs[orgRef], view);
    return agent;
  }
  const register = (agent: Agent, payload: Record<string, unknown>) => agent.post('/admin/api/resources/webhook_endpoints/actions/new').send(payload);
  const run = (at: Date, options: { allowPrivateHosts?: boolean; resolveHost?: HostResolver } = {}) => deliverWebhooks(portal.sequelize, {
    sessionSecret: SESSION_SECRET, retryBaseMs: RETRY_MS, now: () => at, allowPrivateHosts: true, ...options,
  });
  const activate = async (agent: Agent, key: string, device: string) => {
    const license = await License.findOne({ where: { licenseKey: key } });
    const res = await agent.post(`/admin/api/resources/licenses/records/${license!.id}/activate`).send({ device });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  it('an admin registers an endpoint and sees its secret once; plain http elsewhere than 127.0.0.1 is refused', async () => {
    const a = await as('reseller-a@demo.test', 'reseller-a', 'reseller');
    await assertUnchanged(portal.sequelize, async () => {
      const refused = await register(a, { organizationId: orgs['reseller-a'], url: 'http://erp.example.com/hook', events: ['license.changed'] });
      assert.equal(refused.status, 422);
      assert.match(JSON.stringify(refused.body), /https/);
      const foreign = await register(a, { organizationId: orgs['reseller-b'], url: `${receiver.url}/x`, events: ['license.changed'] });
      assert.equal(foreign.status, 403);
    });
    const created = await register(a, { organizationId: orgs['reseller-a'], url: `${receiver.url}/a`, events: ['license.created', 'license.changed'] });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    secrets.a = created.body.record.params.secret;
    assert.match(secrets.a, /^whsec_/);
    assert.ok(created.body.notice.message.includes(secrets.a));
    const shown = await a.get(`/admin/api/resources/webhook_endpoints/records/${created.body.record.params.id}/show`);
    assert.equal(shown.status, 200);
    assert.doesNotMatch(JSON.stringify(shown.body), new RegExp(secrets.a));
    assert.doesNotMatch(JSON.stringify(shown.body), /secretSealed/);
    const stored = await WebhookEndpoint.findByPk(created.body.record.params.id);
    assert.ok(!stored!.secretSealed.includes(secrets.a));

    const b = await as('reseller-b@demo.test', 'reseller-b', 'reseller');
    const createdB = await register(b, { organizationId: orgs['reseller-b'], url: `${receiver.url}/b`, events: ['license.created', 'license.changed'] });
    assert.equal(createdB.status, 200);
    secrets.b = createdB.body.record.params.secret;
  });

  it('a change in reseller A\'s subtree reaches A\'s endpoint, signed, after two failures; B\'s endpoint never gets it', async () => {
    const customer = await login(portal.panel.app, 'customer-admin@demo.test');
    await activate(customer, 'LIC-A1-DEMO', 'OFFICE-PC-1');
    const rows = await WebhookDelivery.findAll();
    assert.equal(rows.length, 1, 'one outbox row, for reseller A\'s endpoint only');
    assert.equal(rows[0].event, 'license.changed');

    const t0 = new Date();
    assert.deepEqual(await run(t0), { delivered: 0, failed: 1 });
    assert.deepEqual(await run(t0), { delivered: 0, failed: 0 }, 'not due again before its back-off');
    assert.deepEqual(await run(new Date(t0.getTime() + RETRY_MS)), { delivered: 0, failed: 1 });
    assert.deepEqual(await run(new Date(t0.getTime() + 3 * RETRY_MS)), { delivered: 1, failed: 0 });
    assert.deepEqual(await run(new Date(t0.getTime() + 100 * RETRY_MS)), { delivered: 0, failed: 0 });

    assert.deepEqual(receiver.received.map((r) => [r.path, r.answered]), [['/a', 500], ['/a', 500], ['/a', 204]]);
    for (const r of receiver.received) {
      assert.ok(validSignature(secrets.a, r), 'valid signature');
      assert.ok(!validSignature(secrets.b, r));
      assert.equal(r.event, 'license.changed');
      assert.equal(r.delivery, String(rows[0].id));
      const body = JSON.parse(r.body);
      assert.equal(body.data.licenseKey, 'LIC-A1-DEMO');
      assert.equal(body.data.device, 'OFFICE-PC-1');
    }
    const delivered = await WebhookDelivery.findByPk(rows[0].id);
    assert.equal(delivered!.status, 'delivered');
    assert.equal(delivered!.attempts, 3);

    // The org admin sees the delivery with its status; the other reseller sees none.
    const list = async (agent: Agent) => (await agent.get('/admin/api/resources/webhook_deliveries/actions/list')).body.records.map((r: { params: Record<string, unknown> }) => r.params);
    const seen = await list(await as('reseller-a@demo.test', 'reseller-a', 'reseller'));
    assert.deepEqual(seen.map((p: Record<string, unknown>) => [p.status, p.attempts, p.lastStatus]), [['delivered', 3, 204]]);
    assert.deepEqual(await list(await as('reseller-b@demo.test', 'reseller-b', 'reseller')), []);
  });

  it('reseller B\'s change reaches B only', async () => {
    receiver.received.length = 0;
    const b = await as('reseller-b@demo.test', 'reseller-b', 'reseller');
    const issued = await b.post('/admin/api/resources/licenses/actions/new').send({ organizationId: orgs['customer-b1'], articleId: (await License.findOne({ where: { licenseKey: 'LIC-B1-DEMO' } }))!.articleId, seats: 1, demoDays: 14 });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    await run(new Date(Date.now() + 1000));
    assert.deepEqual(receiver.received.map((r) => [r.path, r.event]), [['/b', 'license.created']]);
    assert.ok(validSignature(secrets.b, receiver.received[0]));
  });

  it('two concurrent delivery runs deliver each event exactly once', async () => {
    const slow = await startReceiver({}, 30);
    try {
      const endpoint = await WebhookEndpoint.findOne({ where: { organizationId: orgs['reseller-a'] } });
      await endpoint!.update({ url: `${slow.url}/a` });
      const customer = await login(portal.panel.app, 'customer-admin@demo.test');
      for (let i = 2; i <= 7; i += 1) await customer.post(`/admin/api/resources/licenses/records/${(await License.findOne({ where: { licenseKey: 'LIC-A1-DEMO' } }))!.id}/transfer`).send({ device: `OFFICE-PC-${i}` });
      const pending = await WebhookDelivery.count({ where: { status: 'pending' } });
      assert.equal(pending, 6);
      const at = new Date(Date.now() + 1000);
      const [one, two] = await Promise.all([run(at), run(at)]);
      assert.equal(one.delivered + two.delivered, 6);
      const ids = slow.received.map((r) => r.delivery);
      assert.equal(ids.length, 6);
      assert.equal(new Set(ids).size, 6, 'no event twice');
      assert.equal(await WebhookDelivery.count({ where: { status: 'delivered' } }), 8);
    } finally {
      await slow.close();
    }
  });

  it('a delivery connects to the address it checked, and one whose host now resolves into the portal\'s network fails at once with its reason', async () => {
    const endpoint = await WebhookEndpoint.findOne({ where: { organizationId: orgs['reseller-a'] } });
    const customer = await login(portal.panel.app, 'customer-admin@demo.test');
    const receiverPort = new URL(receiver.url).port;
    const transfer = async (agent: Agent, device: string) => {
      const license = await License.findOne({ where: { licenseKey: 'LIC-A1-DEMO' } });
      const res = await agent.post(`/admin/api/resources/licenses/records/${license!.id}/transfer`).send({ device });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    // hooks.example.test is no real name: a request arriving proves the checked answer was connected to.
    await endpoint!.update({ url: `http://hooks.example.test:${receiverPort}/a` });
    receiver.received.length = 0;
    await transfer(customer, 'OFFICE-PC-20');
    const toLoopback: HostResolver = async () => [{ address: '127.0.0.1', family: 4 }];
    assert.deepEqual(await run(new Date(Date.now() + 1000), { resolveHost: toLoopback }), { delivered: 1, failed: 0 });
    assert.deepEqual(receiver.received.map((r) => [r.path, r.event]), [['/a', 'license.changed']]);

    // The name now resolves into a private network; the installation allows no private hosts (the default).
    receiver.received.length = 0;
    await transfer(customer, 'OFFICE-PC-21');
    const toPrivate: HostResolver = async () => [{ address: '203.0.113.9', family: 4 }, { address: '10.0.0.7', family: 4 }];
    const t0 = new Date(Date.now() + 1000);
    assert.deepEqual(await run(t0, { allowPrivateHosts: false, resolveHost: toPrivate }), { delivered: 0, failed: 1 });
    assert.deepEqual(await run(new Date(t0.getTime() + 100 * RETRY_MS), { allowPrivateHosts: false, resolveHost: toPrivate }), { delivered: 0, failed: 0 },
      'given up at once, not retried');
    assert.deepEqual(receiver.received, []);
    const [refused] = await WebhookDelivery.findAll({ where: { status: 'failed' } });
    assert.equal(refused.attempts, 1);
    assert.equal(refused.lastStatus, null);
    assert.match(refused.lastError!, /hooks\.example\.test resolves to 10\.0\.0\.7, a private address/);
  });

  it('the webhook job deletes delivered and given-up deliveries WEBHOOK_RETENTION_DAYS (30) after they ended, keeps pending ones, and audits the count', async () => {
    const customer = await login(portal.panel.app, 'customer-admin@demo.test');
    const license = await License.findOne({ where: { licenseKey: 'LIC-A1-DEMO' } });
    assert.equal((await customer.post(`/admin/api/resources/licenses/records/${license!.id}/transfer`).send({ device: 'OFFICE-PC-30' })).status, 200);
    // Made inactive after its event: the job's delivery run leaves the new row pending, so only the purge acts here.
    await WebhookEndpoint.update({ active: false }, { where: { organizationId: orgs['reseller-a'] } });
    const [pending] = await WebhookDelivery.findAll({ where: { status: 'pending' } });
    const finished = await WebhookDelivery.findAll({ where: { status: ['delivered', 'failed'] } });
    assert.ok(finished.some((d) => d.status === 'failed') && finished.some((d) => d.status === 'delivered'));
    const ended = finished.map((d) => (d.deliveredAt ?? d.nextAttemptAt).getTime());
    const DAY = 24 * 60 * 60 * 1000;
    const job = webhookJobs(portal)[0];
    const purges = () => AuditEvent.findAll({ where: { action: 'webhook_deliveries.purge' } });

    await job.run(new Date(Math.min(...ended) + 30 * DAY));
    assert.equal(await WebhookDelivery.count(), finished.length + 1, 'nothing ended more than 30 days before');
    assert.deepEqual(await purges(), []);

    await job.run(new Date(Math.max(...ended) + 30 * DAY + 1));
    assert.deepEqual((await WebhookDelivery.findAll()).map((d) => d.id), [pending.id], 'the pending delivery stays');
    const [entry] = await purges();
    assert.equal(entry.details.deleted, finished.length);
    assert.equal(entry.userId, null);

    await job.run(new Date(Math.max(...ended) + 31 * DAY));
    assert.equal((await purges()).length, 1, 'a purge deleting nothing writes no entry');
  });

  it('an ERP import creating and changing subscriptions of reseller A\'s customer delivers subscription.changed to A\'s endpoint only, as panel writes do', async () => {
    receiver.received.length = 0;
    await WebhookDelivery.destroy({ where: {} });
    const events = ['license.created', 'license.changed', 'subscription.changed'];
    await WebhookEndpoint.update({ active: true, url: `${receiver.url}/a`, events }, { where: { organizationId: orgs['reseller-a'] } });
    await WebhookEndpoint.update({ events }, { where: { organizationId: orgs['reseller-b'] } });
    const vendor = await login(portal.panel.app, 'vendor@demo.test');
    const importing = async (quantity: number) => {
      const document = { subscriptions: [{ ref: 'erp-hook-1', reseller: 'reseller-a', customer: 'customer-a1', article: 'OFF-SUB-M', quantity, start: '2026-01-01', termMonths: 12, autoRenew: true }] };
      const response = await vendor.post('/admin/api/resources/organizations/actions/import').field('document', JSON.stringify(document));
      assert.equal(response.body.notice.type, 'success', JSON.stringify(response.body));
    };

    await importing(3);
    await importing(3);
    await importing(4);
    assert.deepEqual(await run(new Date(Date.now() + 1000)), { delivered: 2, failed: 0 }, 'created, then changed; the unchanged repeat is no write');
    assert.deepEqual(receiver.received.map((r) => [r.path, r.event]), [['/a', 'subscription.changed'], ['/a', 'subscription.changed']]);
    assert.deepEqual(receiver.received.map((r) => JSON.parse(r.body).data.quantity), [3, 4]);
    for (const r of receiver.received) {
      assert.ok(validSignature(secrets.a, r));
      assert.equal(JSON.parse(r.body).data.ref, 'erp-hook-1');
    }
    const entries = await AuditEvent.findAll({ where: { action: ['subscriptions.create', 'subscriptions.update'], recordId: String(JSON.parse(receiver.received[0].body).data.id) }, order: [['id', 'ASC']] });
    assert.deepEqual(entries.map((e) => [e.action, (e.details.changes as Record<string, unknown>).quantity]), [
      ['subscriptions.create', { before: null, after: 3 }], ['subscriptions.update', { before: 3, after: 4 }],
    ], 'each written row has its own audit entry, as a panel write');
  });

  it('a deleted license is an event of its own, with the row as it was, for A\'s endpoint only', async () => {
    receiver.received.length = 0;
    const events = ['license.created', 'license.deleted'];
    await WebhookEndpoint.update({ events }, { where: {} });
    const a = await as('reseller-a@demo.test', 'reseller-a', 'reseller');
    const articleId = (await License.findOne({ where: { licenseKey: 'LIC-A1-DEMO' } }))!.articleId;
    const issued = await a.post('/admin/api/resources/licenses/actions/new').send({ organizationId: orgs['customer-a1'], articleId, seats: 1, demoDays: 14 });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const id = issued.body.record.params.id;
    const vendor = await login(portal.panel.app, 'vendor@demo.test');
    const deleted = await vendor.post(`/admin/api/resources/licenses/records/${id}/delete`);
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    assert.equal(await License.count({ where: { id } }), 0);

    await run(new Date(Date.now() + 1000));
    assert.deepEqual(receiver.received.map((r) => [r.path, r.event, JSON.parse(r.body).data.id]), [['/a', 'license.created', id], ['/a', 'license.deleted', id]]);
    assert.equal(JSON.parse(receiver.received[1].body).data.licenseKey, issued.body.record.params.licenseKey);
  });
});

describe('webhook addresses in the portal\'s own network (the default)', () => {
  let portal: TestPanel;
  before(async () => {
    portal = await startTestPanel({ sessionSecret: SESSION_SECRET, webhookAllowHttpLoopback: true });
  });
  after(async () => {
    await portal.close();
  });

  it('registering an endpoint on loopback, private, link-local or mapped addresses, or a name resolving to loopback, answers 422 naming the address; nothing is stored; a name not resolving yet is accepted', async () => {
    const orgs = Object.fromEntries((await Organization.findAll()).map((o) => [o.ref, o.id]));
    const a = await login(portal.panel.app, 'reseller-a@demo.test');
    await switchContext(a, orgs['reseller-a'], 'reseller');
    const cases: Array<[string, RegExp]> = [
      // Reseller A reads German.
      ['http://127.0.0.1:9/hook', /127\.0\.0\.1 ist eine Loopback-Adresse/],
      ['https://10.20.30.40/hook', /10\.20\.30\.40 ist eine private Adresse/],
      ['https://169.254.169.254/latest/meta-data', /169\.254\.169\.254 ist eine Link-lokale Adresse/],
      ['https://[::1]/hook', /::1 ist eine Loopback-Adresse/],
      // The URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
      ['https://[::ffff:127.0.0.1]/hook', /::ffff:7f00:1 ist eine Loopback-Adresse/],
      ['https://localhost/hook', /localhost verweist auf (127\.0\.0\.1|::1), eine Loopback-Adresse/],
    ];
    await assertUnchanged(portal.sequelize, async () => {
      for (const [url, named] of cases) {
        const refused = await a.post('/admin/api/resources/webhook_endpoints/actions/new').send({ organizationId: orgs['reseller-a'], url, events: ['license.changed'] });
        assert.equal(refused.status, 422, url);
        assert.match(JSON.stringify(refused.body), named, url);
      }
    });

    // A name without DNS yet (.test never resolves) is accepted: its deliveries check it when they run.
    const later = await a.post('/admin/api/resources/webhook_endpoints/actions/new').send({ organizationId: orgs['reseller-a'], url: 'https://hooks.not-yet.test/hook', events: ['license.changed'] });
    assert.equal(later.status, 200, JSON.stringify(later.body));
  });
});
