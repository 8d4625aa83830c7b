/**
 * A refusal reads in the language of whoever meets it: reseller A's admin (German in the demo) and
 * reseller B's admin (English) meet the same refusals through the panel's HTTP API and each reads
 * them in their language, field names, allowed values and organization names included; nothing is
 * changed. The login throttle answers in the browser's language (the typed account's own would tell
 * whether it exists), the REST API in Accept-Language's, English by default.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { startTestPanel, login, type Agent, type TestPanel } from './support/portal.ts';
import { assertUnchanged } from './support/db-scan.ts';
import { apiClient, issueToken } from './support/api-tokens.ts';
import { Article, Organization } from '../models/index.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';
import { insertTickets } from '../services/tickets.ts';
import { ACCOUNT_LIMIT } from '../admin/login-throttle.ts';

const API = '/admin/api/resources';
type Answer = { status: number; body: { error?: string; fields?: Record<string, string>; notice?: { type: string; message: string } } };

describe('refusals in the reader\'s language', () => {
  let portal: TestPanel;
  let german: Agent;
  let english: Agent;
  const orgs: Record<string, number> = {};
  let demoArticle: number;

  /** Runs `request` with the database scanned before and after: a refusal changes nothing. */
  const refused = async (status: number, request: () => Promise<Answer>): Promise<Answer['body']> => {
    let response: Answer | undefined;
    await assertUnchanged(portal.sequelize, async () => { response = await request(); });
    assert.equal(response!.status, status, JSON.stringify(response!.body));
    return response!.body;
  };

  before(async () => {
    portal = await startTestPanel({ loginThrottleWindowMinutes: 5 });
    for (const o of await Organization.findAll()) orgs[o.ref ?? String(o.id)] = o.id;
    demoArticle = (await Article.findOne({ where: { code: 'OFF-DEMO' } }))!.id;
    german = await login(portal.panel.app, 'reseller-a@demo.test');
    english = await login(portal.panel.app, 'reseller-b@demo.test');
  });
  after(() => portal.close());

  it('a field outside the field rules: 403 naming the field in each language', async () => {
    // The other mode than the stored one: a value sent unchanged is no write.
    const edit = (agent: Agent, ref: string) => async () => {
      const { statementMode } = (await Organization.findByPk(orgs[ref]))!;
      return agent.post(`${API}/organizations/records/${orgs[ref]}/edit`).send({ statementMode: statementMode === 'cutoff' ? 'prorated' : 'cutoff' });
    };
    const de = await refused(403, edit(german, 'reseller-a'));
    assert.deepEqual(de.fields, { statementMode: 'Dieses Feld dürfen Sie hier nicht setzen.' });
    assert.equal(de.error, 'Abrechnungsart: Dieses Feld dürfen Sie hier nicht setzen.');
    const en = await refused(403, edit(english, 'reseller-b'));
    assert.deepEqual(en.fields, { statementMode: 'You may not set this field here.' });
    assert.equal(en.error, 'statementMode: You may not set this field here.');
  });

  it('a frame boundary: 422 naming the allowed values and whose frame it is, in each language', async () => {
    const issue = (agent: Agent, customer: string) => () => agent.post(`${API}/licenses/actions/new`)
      .send({ organizationId: orgs[customer], articleId: demoArticle, seats: 1, demoDays: 15 });
    const de = await refused(422, issue(german, 'customer-a1'));
    assert.equal(de.fields?.demoDays, 'Testtage für Office Suite bei Reseller A GmbH: nur 14, 30 oder 60 erlaubt.');
    assert.equal(de.notice?.message, 'Testtage für Office Suite bei Reseller A GmbH: nur 14, 30 oder 60 erlaubt.');
    const en = await refused(422, issue(english, 'customer-b1'));
    assert.equal(en.fields?.demoDays, 'demoDays must be one of 14 or 30 for Office Suite at Reseller B Ltd.');
  });

  it('a ticket redeemed twice: the notice, then 409, in each language', async () => {
    for (const [agent, holder, done, text] of [
      [german, 'reseller-a', /^Eingelöst: Lizenz LIC-/, (license: number) => `Dieses Ticket wurde in Lizenz #${license} eingelöst; es kann nicht mehr eingelöst werden.`],
      [english, 'reseller-b', /^Redeemed: license LIC-/, (license: number) => `This ticket was redeemed into license #${license}; it cannot be redeemed any more.`],
    ] as const) {
      const [ticket] = await portal.sequelize.transaction((t) => insertTickets(portal.sequelize, t, { articleId: demoArticle, organizationId: orgs[holder], count: 1, poolRef: null }));
      const redeem = () => agent.post(`${API}/tickets/records/${ticket.id}/redeem`).send({});
      const first = await redeem();
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.match(first.body.notice.message, done, 'the success notice in the same language');
      const again = await refused(409, redeem);
      assert.equal(again.error, text(Number(first.body.record.params.licenseId)));
    }
  });

  it('a throttled login: 429 in the browser\'s language, changing nothing', async () => {
    const attempt = (password: string, language: string) => supertest(portal.panel.app).post('/admin/login')
      .set({ Accept: 'application/json', 'Accept-Language': language }).type('form').send({ email: 'customer-guest@demo.test', password });
    for (let i = 0; i < ACCOUNT_LIMIT; i++) assert.equal((await attempt(`wrong-${i}`, 'de')).status, 200);
    const de = await refused(429, () => attempt(DEMO_PASSWORD, 'de-DE,de;q=0.9'));
    assert.match(de.error!, /^Zu viele fehlgeschlagene Anmeldeversuche\. Versuchen Sie es in \d+ Minuten? wieder\.$/);
    const en = await refused(429, () => attempt(DEMO_PASSWORD, 'en-GB,en;q=0.9'));
    assert.match(en.error!, /^Too many failed login attempts\. Try again in \d+ minutes?\.$/);
  });

  it('the REST API: German where Accept-Language asks for it, English otherwise', async () => {
    const api = apiClient(portal.panel.app, (await issueToken(portal.sequelize, portal.config.timezone, 'reseller-b@demo.test', 'reseller-b', 'reseller', 'read-only')).token);
    const detail = async (language?: string) => {
      const request = api.get('/licenses?kind=lifetime');
      const response = await (language ? request.set('Accept-Language', language) : request);
      assert.equal(response.status, 400);
      return JSON.parse(response.text) as { detail: string; 'invalid-params': Array<{ name: string; reason: string }> };
    };
    const de = await detail('de');
    assert.deepEqual(de['invalid-params'], [{ name: 'kind', reason: 'muss einer dieser Werte sein: Kauflizenz, Testlizenz, Abonnement, NFR, ALM.' }]);
    assert.equal(de.detail, 'Art: muss einer dieser Werte sein: Kauflizenz, Testlizenz, Abonnement, NFR, ALM.');
    for (const language of [undefined, 'en', 'fr']) {
      assert.deepEqual((await detail(language))['invalid-params'], [{ name: 'kind', reason: 'must be one of: full, demo, subscription, nfr, alm.' }], String(language));
    }
  });
});
