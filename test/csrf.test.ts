// Cross-site request forgery, against the real panel and PostgreSQL: every custom action answers a
// GET (or HEAD) with 405, every cross-site write under /admin and /register answers 403, and the
// whole database (every row of every table but the session store) is unchanged afterwards;
// same-origin browsers and API clients without Origin/Sec-Fetch-Site keep working; logout is a POST.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import express from 'express';
import supertest from 'supertest';
import type { BaseResource } from 'adminjs';
import { startTestPanel, login, type Agent, type TestPanel } from './support/portal.ts';
import { databaseText } from './support/db-scan.ts';
import { adminResources } from '../admin/resources.ts';
import { sameOriginWrites } from '../admin/same-origin.ts';
import { Article, ErasureRequest, License, Organization, SoftwareRelease, StatementRecord, Subscription, Ticket, User } from '../models/index.ts';
import { issueStatements } from '../services/statements/issue-period.ts';

const API = '/admin/api/resources';
const BUILT_IN = new Set(['list', 'show', 'search', 'new', 'edit', 'delete', 'bulkDelete']);
const FIXTURE = fileURLToPath(new URL('./fixtures/erp-demo.json', import.meta.url));
const EVIL = 'https://evil.example';

/** What a browser on another site sends with a form post or fetch (old browsers only Origin). */
const CROSS_SITE: Array<Record<string, string>> = [
  { Origin: EVIL },
  { Origin: EVIL, 'Sec-Fetch-Site': 'cross-site' },
  { Origin: 'http://other.localhost:3000', 'Sec-Fetch-Site': 'same-site' },
  { Origin: 'null' },
  { 'Sec-Fetch-Site': 'cross-site' },
];

interface CustomAction { resourceId: string; name: string; actionType: 'record' | 'resource' | 'bulk' }

describe('CSRF: state changes only by same-origin POST', () => {
  let portal: TestPanel;
  let agents: Record<string, Agent>;
  let records: Record<string, number>;
  let actions: CustomAction[];
  let payloads: Record<string, Record<string, unknown>>;

  /** Every table's rows but the session store's (a request refreshes its session's expiry). */
  const snapshot = async () => {
    const { sessions: _sessions, ...rest } = await databaseText(portal.sequelize);
    return rest;
  };
  /** Who may run the action, so a GET meets the method check and not a refusal (vendor staff redeem no tickets and draw no free keys). */
  const actorOf = (a: CustomAction) => (a.resourceId === 'erasure_requests' ? agents.dpo
    : (a.resourceId === 'tickets' && a.name === 'redeem') || (a.resourceId === 'licenses' && a.name === 'drawFreeKey') || ['requestOffer', 'requestSupport'].includes(a.name) ? agents.customer : agents.vendor);
  const urlOf = (a: CustomAction) => (a.actionType === 'record' ? `${API}/${a.resourceId}/records/${records[a.resourceId]}/${a.name}`
    : a.actionType === 'bulk' ? `${API}/${a.resourceId}/bulk/${a.name}?recordIds=${records[a.resourceId]}` : `${API}/${a.resourceId}/actions/${a.name}`);

  before(async () => {
    portal = await startTestPanel();
    await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: new Date('2026-02-01T05:00:00Z') });
    agents = {
      vendor: await login(portal.panel.app, 'vendor@demo.test'),
      dpo: await login(portal.panel.app, 'dpo@demo.test'),
      customer: await login(portal.panel.app, 'customer-admin@demo.test'),
    };
    const filed = await agents.dpo.post(`${API}/erasure_requests/actions/new`).send({ subjectLabel: 'user:customer-guest@demo.test', reason: 'Left the company.' });
    assert.equal(filed.status, 200, JSON.stringify(filed.body));
    records = {
      licenses: (await License.findOne({ where: { licenseKey: 'LIC-A1-SUB' } }))!.id,
      subscriptions: (await Subscription.findOne({ order: [['id', 'ASC']] }))!.id,
      organizations: (await Organization.findOne({ where: { ref: 'customer-a1' } }))!.id,
      statements: (await StatementRecord.findOne({ order: [['id', 'ASC']] }))!.id,
      erasure_requests: (await ErasureRequest.findOne())!.id,
      tickets: (await Ticket.findOne({ where: { code: 'TCK-A1-1' } }))!.id,
      software_releases: (await SoftwareRelease.findOne({ order: [['id', 'ASC']] }))!.id,
      ...await requestRows(),
      api_tokens: await vendorToken(),
    };
    // Every action the panel registers beyond AdminJS's built-in ones: a new one is covered unasked.
    actions = adminResources(portal.config).flatMap(({ resource, options }) => Object.entries(options?.actions ?? {})
      .filter(([name]) => !BUILT_IN.has(name))
      .map(([name, action]) => ({ resourceId: (resource as BaseResource).id(), name, actionType: action!.actionType as CustomAction['actionType'] })));
    // Payloads that make each action do its work when it is allowed to run.
    payloads = {
      'licenses/activate': { device: 'EVIL-PC' }, 'licenses/transfer': { device: 'EVIL-PC' },
      'subscriptions/cancel': { reason: 'exchange' },
      'organizations/import': { document: await fs.readFile(FIXTURE, 'utf8') },
      'tickets/generateTickets': {
        articleId: (await Article.findOne({ where: { code: 'OFF-DEMO' } }))!.id, organizationId: (await Organization.findOne({ where: { ref: 'reseller-a' } }))!.id, count: 5,
      },
      'licenses/extendRuntime': { days: 30 },
      'licenses/requestOffer': { message: 'Evil offer' }, 'licenses/requestSupport': { message: 'Evil support' },
      'offer_requests/answer': { answer: 'Evil answer' }, 'support_messages/reply': { message: 'Evil reply' },
      'tickets/assign': { userId: (await User.findOne({ where: { email: 'customer-admin@demo.test' } }))!.id },
    };
  });
  after(() => portal.close());

  /** An API token of the vendor organization, for revoke. */
  async function vendorToken(): Promise<number> {
    const [[token]] = await portal.sequelize.query(`insert into api_tokens (organization_id, name, view, role, token_hash)
      select id, 'ERP', 'vendor', 'member', encode(sha256('csrf'::bytea), 'hex') from organizations where ref = 'vendor' returning id`) as [[{ id: number }], unknown];
    return token.id;
  }

  /** An offer request and a support thread on the customer's license, for answer and reply. */
  async function requestRows(): Promise<Record<string, number>> {
    const [[offer]] = await portal.sequelize.query(`insert into offer_requests (license_id, organization_id, message, mailed_to)
      select id, organization_id, 'Offer please', 'sales@demo.test' from licenses where license_key = 'LIC-A1-SUB' returning id`) as [[{ id: number }], unknown];
    const [[support]] = await portal.sequelize.query(`insert into support_messages (license_id, organization_id, handler_organization_id, message)
      select l.id, l.organization_id, o.parent_id, 'Help please' from licenses l join organizations o on o.id = l.organization_id
      where l.license_key = 'LIC-A1-SUB' returning id`) as [[{ id: number }], unknown];
    return { offer_requests: offer.id, support_messages: support.id };
  }

  it('knows the custom actions it checks', () => {
    const names = actions.map((a) => `${a.resourceId}/${a.name}`);
    for (const name of ['licenses/activate', 'licenses/destroy', 'subscriptions/terminate', 'subscriptions/cancel', 'organizations/import',
      'organizations/uploadLogo', 'statements/resend', 'statements/downloadPdf', 'erasure_requests/approve', 'erasure_requests/executeNow',
      'tickets/generateTickets', 'tickets/passDown', 'tickets/assign', 'tickets/redeem',
      'licenses/requestOffer', 'licenses/requestSupport', 'offer_requests/answer', 'support_messages/reply', 'api_tokens/revoke',
      'licenses/extendRuntime', 'software_releases/download']) {
      assert.ok(names.includes(name), name);
    }
  });

  it('a GET or HEAD on every custom action answers 405 and changes nothing', async () => {
    const before = await snapshot();
    for (const action of actions) {
      const url = urlOf(action);
      const got = await actorOf(action).get(url);
      assert.equal(got.status, 405, `GET ${url}: ${got.status} ${JSON.stringify(got.body)}`);
      assert.equal(got.headers.allow, 'POST', url);
      assert.match(got.body.error, /only carried out by a POST/);
      const head = await actorOf(action).head(url);
      assert.equal(head.status, 405, `HEAD ${url}`);
      // The ones a link on another site would aim at, with the query a crafted link might carry.
      const withQuery = await actorOf(action).get(`${url}${url.includes('?') ? '&' : '?'}device=EVIL&reason=exchange`);
      assert.equal(withQuery.status, 405, url);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('a cross-site POST (custom actions, edits, context, account, login, registration, logout) answers 403 and changes nothing', async () => {
    const before = await snapshot();
    const customer = records.organizations;
    const writes: Array<[Agent, string, Record<string, unknown>]> = [
      ...actions.map((a): [Agent, string, Record<string, unknown>] => [actorOf(a), urlOf(a), payloads[`${a.resourceId}/${a.name}`] ?? {}]),
      [agents.vendor, `${API}/organizations/records/${customer}/edit`, { name: 'Taken over' }],
      [agents.vendor, `${API}/organizations/actions/new`, { name: 'Evil Corp', views: 'customer' }],
      [agents.vendor, `${API}/licenses/records/${records.licenses}/delete`, {}],
      // A token made from another site would hand that site the organization's data.
      [agents.vendor, `${API}/api_tokens/actions/new`, { name: 'Evil', role: 'member' }],
      [agents.vendor, `${API}/licenses/bulk/bulkDelete?recordIds=${records.licenses}`, {}],
      [agents.customer, '/admin/context', { organizationId: customer, view: 'customer' }],
      [agents.customer, '/admin/account/email', { currentPassword: 'portal-demo', email: 'evil@evil.example' }],
      [agents.customer, '/admin/account/password', { currentPassword: 'portal-demo', newPassword: 'evil-password-1' }],
      [agents.customer, '/admin/logout', {}],
      [supertest.agent(portal.panel.app), '/admin/login', { email: 'vendor@demo.test', password: 'portal-demo' }],
      [supertest.agent(portal.panel.app), '/register', { token: 'x', name: 'Evil', password: 'evil-password-1', passwordAgain: 'evil-password-1' }],
    ];
    for (const [agent, url, body] of writes) {
      for (const headers of CROSS_SITE) {
        const response = await agent.post(url).set(headers).send(body);
        assert.equal(response.status, 403, `POST ${url} with ${JSON.stringify(headers)}: ${response.status}`);
        assert.match(response.body.error, /anderen Website; nichts wurde geändert/);
      }
    }
    assert.deepEqual(await snapshot(), before);
    // The cross-site logout ended nothing.
    assert.equal((await agents.customer.get('/admin/context')).status, 200);
  });

  it('same-origin POSTs from a browser and API clients without those headers work', async () => {
    const license = () => License.findByPk(records.licenses).then((l) => [l!.status, l!.device]);
    const url = (action: string) => `${API}/licenses/records/${records.licenses}/${action}`;
    const customer = agents.customer;
    // A browser on the panel's own page: Sec-Fetch-Site same-origin (Origin: the host it talks to).
    const activated = await customer.post(url('activate')).set({ 'Sec-Fetch-Site': 'same-origin', Origin: 'http://127.0.0.1' }).send({ device: 'OFFICE-PC-1' });
    assert.equal(activated.status, 200, JSON.stringify(activated.body));
    assert.deepEqual(await license(), ['active', 'OFFICE-PC-1']);
    // An older browser (Origin only) reaching the panel at the host it names.
    const moved = await customer.post(url('transfer')).set({ Host: 'portal.example:8443', Origin: 'https://portal.example:8443' }).send({ device: 'OFFICE-PC-2' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual(await license(), ['active', 'OFFICE-PC-2']);
    // The configured PUBLIC_URL, as a proxy in front passes it (Host is the panel's own address).
    const fromPublicUrl = await customer.post(url('transfer')).set({ Origin: new URL(portal.config.publicUrl).origin, 'Sec-Fetch-Site': 'cross-site' }).send({ device: 'OFFICE-PC-3' });
    assert.equal(fromPublicUrl.status, 200, JSON.stringify(fromPublicUrl.body));
    assert.deepEqual(await license(), ['active', 'OFFICE-PC-3']);
    // curl, the CLI, an API client: neither header.
    const apiClient = await customer.post(url('transfer')).send({ device: 'OFFICE-PC-4' });
    assert.equal(apiClient.status, 200, JSON.stringify(apiClient.body));
    assert.deepEqual(await license(), ['active', 'OFFICE-PC-4']);
    // A same-origin form post of a built-in edit, and a typed-in address (Sec-Fetch-Site: none).
    const renamed = await agents.vendor.post(`${API}/organizations/records/${records.organizations}/edit`).set({ 'Sec-Fetch-Site': 'same-origin' }).send({ name: 'Musterfirma KG (renamed)' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal((await Organization.findByPk(records.organizations))!.name, 'Musterfirma KG (renamed)');
    const typed = await agents.vendor.post(`${API}/organizations/records/${records.organizations}/edit`).set({ 'Sec-Fetch-Site': 'none' }).send({ name: 'Musterfirma KG' });
    assert.equal(typed.status, 200);
  });

  it('logout is a POST: GET shows a logout button and ends nothing', async () => {
    const agent = await login(portal.panel.app, 'reseller-a@demo.test');
    const page = await agent.get('/admin/logout');
    assert.equal(page.status, 200);
    assert.match(page.text, /<form method="post" action="\/admin\/logout">/);
    assert.equal((await agent.get('/admin/context')).status, 200, 'still logged in after the GET');
    const out = await agent.post('/admin/logout').set({ 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(out.status, 303);
    assert.equal(out.headers.location, '/admin/login');
    assert.equal((await agent.get('/admin/context')).status, 401, 'the session ended');
    assert.equal((await agent.get('/admin')).headers.location, '/admin/login');
  });
});

describe('sameOriginWrites (the Origin / Sec-Fetch-Site rule)', () => {
  const app = express();
  app.use(sameOriginWrites('https://portal.example'));
  app.all('/{*rest}', (_req, res) => void res.status(204).end());
  const cases: Array<[string, string, Record<string, string>, number]> = [
    ['GET from anywhere', 'GET', { Origin: EVIL, 'Sec-Fetch-Site': 'cross-site' }, 204],
    ['HEAD from anywhere', 'HEAD', { 'Sec-Fetch-Site': 'cross-site' }, 204],
    ['OPTIONS from anywhere', 'OPTIONS', { Origin: EVIL }, 204],
    ['no browser headers (curl, API client)', 'POST', {}, 204],
    ['Sec-Fetch-Site same-origin', 'POST', { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' }, 204],
    ['Sec-Fetch-Site none (typed address, bookmark)', 'POST', { 'Sec-Fetch-Site': 'none' }, 204],
    ['Sec-Fetch-Site same-site', 'PUT', { 'Sec-Fetch-Site': 'same-site', Origin: 'https://sub.portal.example' }, 403],
    ['Sec-Fetch-Site cross-site', 'DELETE', { 'Sec-Fetch-Site': 'cross-site', Origin: EVIL }, 403],
    ['Sec-Fetch-Site cross-site without Origin', 'POST', { 'Sec-Fetch-Site': 'cross-site' }, 403],
    ['cross-site from PUBLIC_URL (a proxy in front)', 'POST', { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://portal.example' }, 204],
    ['old browser, Origin is the request host', 'POST', { Origin: 'http://panel.internal:3000', Host: 'panel.internal:3000' }, 204],
    ['old browser, another Origin', 'PATCH', { Origin: EVIL, Host: 'panel.internal:3000' }, 403],
    ['old browser, Origin null', 'POST', { Origin: 'null' }, 403],
    ['old browser, Origin not a URL', 'POST', { Origin: 'garbage' }, 403],
  ];
  for (const [name, method, headers, status] of cases) {
    it(`${name}: ${status}`, async () => {
      const request = supertest(app)[method.toLowerCase() as 'post']('/admin/x');
      assert.equal((await request.set(headers)).status, status);
    });
  }
});
