/**
 * Hostile input on the read and routing paths of the panel's JSON API, for every resource and
 * three actors: generated hostile values as filters, paging and sorting parameters, resource,
 * action and record names, and malformed bodies on list, search, show and each custom action.
 * Nothing may answer 5xx, a refused request answers the status it should, and no table changes.
 * The values are sampled in rotation (each value lands somewhere, not everywhere) to keep the run short.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { startTestPanel, type TestPanel } from './support/portal.ts';
import { databaseText } from './support/db-scan.ts';
import { hostileCallers, kindKey, type Caller } from './support/hostile-callers.ts';
import { hostileValues, type FieldKind } from './support/hostile-corpus.ts';
import { fieldKind, panelResources, type ResourceJSON } from './support/panel-metadata.ts';
import { can, hiddenFields, type ResourceId } from '../models/domain/policy.ts';

const EMAILS = ['vendor@demo.test', 'reseller-a@demo.test', 'customer-admin@demo.test'];
const API = '/admin/api/resources';
/** Node refuses a request line and headers beyond 16 KiB with 431 before the panel sees them. */
const HEADER_LIMIT = 16 * 1024;
/** The last page whose offset (page − 1) × 500 is still a safe integer. */
const MAX_PAGE = Math.floor(Number.MAX_SAFE_INTEGER / 500) + 1;
const BUILT_IN = new Set(['list', 'search', 'show', 'new', 'edit', 'delete', 'bulkDelete']);

const BODIES = [
  { type: 'application/json', text: '{"a":', status: 400 },
  { type: 'application/json; charset=utf-8', text: "{'a': 1}", status: 400 },
  { type: 'application/json', text: '{"a":1}}', status: 400 },
  { type: 'application/json', text: '{"constructor": {"a": 1}}', status: 400 },
  { type: 'application/json', text: '{"document": {"path": "/etc/passwd"}, "logo": {"filepath": "/etc/passwd"}}', status: 400 },
  { type: 'text/plain', text: 'hello', status: 415 },
  { type: 'multipart/form-data', text: '--x\r\n', status: 415 },
  { type: 'multipart/form-data; boundary=x', text: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', status: 400 },
];

interface Sent { method: 'get' | 'post'; url: string; body?: { type: string; text: string } }

/** Query pairs the way AdminJS reads them back (flat keys: a.b, a.0). */
function pairs(key: string, value: unknown): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => pairs(`${key}.${i}`, v));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => pairs(`${key}.${k}`, v));
  return [[key, String(value)]];
}

const query = (list: Array<[string, string]>) => list.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const segment = (value: unknown) => encodeURIComponent(text(value));
const isScalar = (value: unknown) => value === null || typeof value !== 'object';

const corpus = (field: string, kind: FieldKind) => [...hostileValues(field, kind)];

describe('hostile input on reads and routing', () => {
  let portal: TestPanel;
  let callers: Caller[];
  let resources: ResourceJSON[];
  let tablesBefore: Record<string, string[]>;
  const problems: string[] = [];

  /** Sends one request and notes a 5xx or a status other than the expected one. */
  async function check(caller: Pick<Caller, 'email' | 'agent'>, label: string, sent: Sent, expected: number): Promise<void> {
    const status = sent.url.length > HEADER_LIMIT ? 431 : expected;
    let request = caller.agent[sent.method](sent.url);
    if (sent.body) request = request.set('Content-Type', sent.body.type).send(sent.body.text);
    const response = await request;
    if (response.status >= 500 || response.status !== status) {
      problems.push(`${caller.email} ${label}: ${sent.method.toUpperCase()} ${sent.url.slice(0, 160)} → ${response.status} (expected ${status}) ${response.text.slice(0, 160)}`);
    }
  }

  const readable = (caller: Caller, resource: ResourceJSON) => can(caller.actor, resource.id as ResourceId, 'read');
  /** Every resource for every caller (the callers in parallel), then every problem noted so far, listed together. */
  async function everywhere(probe: (caller: Caller, resource: ResourceJSON, refused: number | null) => Promise<void>): Promise<void> {
    await Promise.all(callers.map(async (caller) => {
      for (const resource of resources) await probe(caller, resource, readable(caller, resource) ? null : 403);
    }));
    assert.deepEqual(problems.splice(0), []);
  }

  before(async () => {
    portal = await startTestPanel();
    callers = await hostileCallers(portal.panel.app, portal.sequelize, EMAILS, 10);
    resources = await panelResources(callers[0].agent);
    tablesBefore = await databaseText(portal.sequelize);
  });
  after(() => portal.close());

  it('refuses a date filter that is not a date, and any filter on JSON, by name; other hostile filters match nothing', async () => {
    await Promise.all(callers.map(async (caller, offset) => {
      const fields = resources.filter((r) => readable(caller, r))
        .flatMap((resource) => Object.values(resource.properties).map((property) => ({ resource, property, kind: fieldKind(property) })));
      // Per kind, every field gets a value and every value a field; callers start at different values.
      const groups = new Map<string, typeof fields>();
      for (const field of fields) groups.set(kindKey(field.kind), [...groups.get(kindKey(field.kind)) ?? [], field]);
      for (const group of groups.values()) {
        const rounds = Math.max(group.length, corpus('', group[0].kind).length);
        for (let i = 0; i < rounds; i += 1) {
          const { resource, property, kind } = group[i % group.length];
          const values = corpus(property.name, kind);
          const value = values[(i + offset) % values.length];
          const sends = [pairs(`filters.${property.name}`, value.value)];
          // The panel's date picker sends ranges, from and to with single values.
          if (kind === 'date' && isScalar(value.value)) sends.push([[`filters.${property.name}~~${i % 2 ? 'to' : 'from'}`, String(value.value)]]);
          // Dates must be dates; JSON columns (type "object") cannot be filtered at all.
          const byName = (kind === 'date' || property.type === 'object') && !hiddenFields(caller.actor, resource.id as ResourceId).includes(property.name);
          for (const list of sends) {
            await check(caller, value.label, { method: 'get', url: `${API}/${resource.id}/actions/list?${query(list)}` }, byName && list.length ? 400 : 200);
          }
        }
      }
    }));
    await everywhere(async (caller, resource, refused) => {
      if (refused) await check(caller, 'a filter where the view has no access', { method: 'get', url: `${API}/${resource.id}/actions/list?filters.id=x` }, refused);
      const term = caller.take('search', corpus('search', 'text'));
      const title = resource.titleProperty;
      const titleRefused = fieldKind(title) === 'date' && !hiddenFields(caller.actor, resource.id as ResourceId).includes(title.name);
      await check(caller, term.label, { method: 'get', url: `${API}/${resource.id}/actions/search/${segment(term.value)}` }, refused ?? (titleRefused ? 400 : 200));
    });
  });

  it('refuses paging and sorting the database cannot do, on every action, and clamps perPage', () => everywhere(async (caller, resource, refused) => {
    const numbers = corpus('page', 'integer');
    const names = corpus('sortBy', 'text');
    const list = `${API}/${resource.id}/actions/list`;
    const search = `${API}/${resource.id}/actions/search`;
    const page = caller.take('page', numbers);
    const pageList = pairs('page', page.value);
    const pageOk = pageList.length === 0 || (pageList.length === 1 && pageList[0][0] === 'page'
      && /^\d+$/.test(pageList[0][1]) && Number(pageList[0][1]) >= 1 && Number(pageList[0][1]) <= MAX_PAGE);
    await check(caller, page.label, { method: 'get', url: `${list}?${query(pageList)}` }, refused ?? (pageOk ? 200 : 400));
    const perPage = caller.take('perPage', numbers);
    await check(caller, perPage.label, { method: 'get', url: `${list}?${query(pairs('perPage', perPage.value))}` }, refused ?? 200);
    // A search takes perPage as given: page 2 must still have an offset PostgreSQL can use.
    const size = caller.take('search perPage', numbers);
    const sizeNumber = Math.abs(Number(String(size.value)));
    const sizeOk = !isScalar(size.value) || Number.isNaN(sizeNumber) || sizeNumber <= Number.MAX_SAFE_INTEGER;
    await check(caller, size.label, { method: 'get', url: `${search}?page=2&${query(pairs('perPage', size.value))}` }, refused ?? (sizeOk ? 200 : 400));
    for (const parameter of ['sortBy', 'direction', 'searchProperty']) {
      const value = caller.take(parameter, names);
      const given = pairs(parameter, value.value);
      await check(caller, `${parameter} ${value.label}`, { method: 'get', url: `${parameter === 'searchProperty' ? search : list}?${query(given)}` }, refused ?? (given.length ? 400 : 200));
    }
    // Custom actions get the same checks before their handler runs; only refused values are sent
    // (with an accepted one a GET would run the handler on record 1).
    for (const action of resource.actions.filter((a) => !BUILT_IN.has(a.name))) {
      const url = `${API}/${resource.id}/${action.actionType === 'record' ? 'records/1' : 'actions'}/${action.name}`;
      for (const method of ['get', 'post'] as const) {
        const parameter = caller.take('custom action parameter', ['sortBy', 'direction']);
        const value = caller.take(`custom action ${parameter}`, names.filter((v) => pairs(parameter, v.value).length > 0));
        await check(caller, `${action.name} ${parameter} ${value.label}`, { method, url: `${url}?${query(pairs(parameter, value.value))}` }, refused ?? 400);
      }
    }
    await check(caller, 'inherited parameter name', { method: 'get', url: `${list}?${query([[caller.take('inherited', ['filters.constructor', 'toString', 'filters.x~~valueOf']), '1']])}` }, refused ?? 400);
  }));

  it('answers 404 for resources, actions and records that do not exist', async () => {
    for (const caller of callers) {
      for (const name of corpus('resource', 'text')) {
        await check(caller, name.label, { method: 'get', url: `${API}/${segment(name.value)}/actions/list` }, 404);
      }
    }
    await everywhere(async (caller, resource, refused) => {
      const base = `${API}/${resource.id}`;
      const name = caller.take('action', corpus('action', 'text'));
      await check(caller, name.label, { method: 'get', url: `${base}/actions/${segment(name.value)}` }, refused ?? 404);
      await check(caller, name.label, { method: 'post', url: `${base}/records/1/${segment(name.value)}` }, refused ?? 404);
      await check(caller, 'record action on the resource route', { method: 'get', url: `${base}/actions/show` }, refused ?? 404);
      await check(caller, 'resource action on the record route', { method: 'get', url: `${base}/records/1/list` }, refused ?? 404);
      const ids = corpus('id', 'integer');
      for (const action of resource.actions.filter((a) => a.actionType === 'record')) {
        for (const method of ['get', 'post'] as const) {
          const id = caller.take('record id', ids);
          await check(caller, `${action.name} ${id.label}`, { method, url: `${base}/records/${segment(id.value)}/${action.name}` }, refused ?? 404);
        }
      }
      // Only ids that cannot name a row: a bulk POST on real ids would act on them.
      const bulkIds = ids.filter((id) => text(id.value).split(',').map(Number).every((n) => !Number.isSafeInteger(n) || n <= 0 || n >= 99999999999));
      for (const action of resource.actions.filter((a) => a.actionType === 'bulk')) {
        for (const method of ['get', 'post'] as const) {
          const id = caller.take('bulk ids', bulkIds);
          await check(caller, `${action.name} ${id.label}`, { method, url: `${base}/bulk/${action.name}?recordIds=${segment(id.value)}` }, refused ?? 404);
        }
      }
    });
  });

  it('answers a malformed or unreadable body with 400 or 415 on list, search, show and every custom action', async () => {
    const anonymous = { email: 'not logged in', agent: supertest.agent(portal.panel.app) };
    for (const body of BODIES) await check(anonymous, 'login', { method: 'post', url: '/admin/login', body }, body.status);
    await everywhere(async (caller, resource, refused) => {
      const actions = resource.actions.filter((a) => !BUILT_IN.has(a.name) || ['list', 'search', 'show'].includes(a.name));
      for (const action of actions) {
        const url = `${API}/${resource.id}/${action.actionType === 'record' ? 'records/1' : 'actions'}/${action.name}`;
        for (const method of ['get', 'post'] as const) {
          const body = caller.take('body', BODIES);
          await check(caller, `${action.name} with ${body.type} ${JSON.stringify(body.text)}`, { method, url, body }, refused ?? body.status);
        }
      }
    });
  });

  it('takes no JSON object for an uploaded file', async () => {
    const [vendor] = callers;
    for (const [url, field] of [[`${API}/organizations/actions/import`, 'document'], [`${API}/organizations/records/1/uploadLogo`, 'logo']]) {
      const response = await vendor.agent.post(url).send({ [field]: { path: '/etc/passwd' } });
      assert.equal(response.status, 400, url);
      assert.doesNotMatch(response.text, /root:/);
    }
  });

  it('leaves every table as it was (sessions aside: each request touches its expiry)', async () => {
    const now = await databaseText(portal.sequelize);
    delete now.sessions;
    delete tablesBefore.sessions;
    assert.deepEqual(now, tablesBefore);
  });
});
