/**
 * Hostile input on the write paths of the panel's JSON API: the generated hostile corpus
 * (test/support/hostile-corpus.ts) in every field of every resource the caller may write (new, edit,
 * delete and bulkDelete), and in the input of every custom action the caller may run, as the
 * actors who may write there. Fields and kinds come from the panel's own metadata, so new fields
 * are covered without touching this file; the values are sampled in rotation (each value lands
 * somewhere, not everywhere) to keep the run short.
 *
 * After every request the whole database is compared with the snapshot before it (sessions aside:
 * each request touches its expiry):
 * - nothing answers 5xx;
 * - a refused request (4xx) changes nothing at all;
 * - an accepted one changes only its own row (and appends audit entries), and a value it accepted
 *   is stored as given (trimmed; e-mail addresses in lower case), never converted into something else;
 * - a formula-shaped string (= + - @) is never accepted into a key (ref, customerNumber, code, licenseKey);
 * - forged, corrupt or oversized logo files are refused, and every statement still renders (PDF and
 *   CSV, no CSV cell starting a formula).
 *
 * HOSTILE_TRACE=1 prints every request with its answer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { startTestPanel, type TestPanel } from './support/portal.ts';
import { databaseRows, databaseText } from './support/db-scan.ts';
import { hostileCallers, kindKey, type Caller } from './support/hostile-callers.ts';
import { hostileValues, type FieldKind, type HostileValue } from './support/hostile-corpus.ts';
import { fieldKind, panelResources, type PropertyJSON, type ResourceJSON } from './support/panel-metadata.ts';
import { can, fieldsWritable, type Operation, type ResourceId } from '../models/domain/policy.ts';
import { CustomPropertyDefinition, CustomPropertyValue, Invitation, MODELS, Organization, User } from '../models/index.ts';
import { CANCEL_REASONS, FIELD_VALUES } from '../models/domain/values.ts';
import { issueStatements } from '../services/statements/issue-period.ts';
import { png, pngClaiming } from './support/png.ts';

const API = '/admin/api/resources';
const EMAILS = ['vendor@demo.test', 'reseller-a@demo.test', 'customer-admin@demo.test', 'dpo@demo.test'];
/** Hostile values per field and write (new, edit); the rotation spreads the corpus over the fields. */
const VALUES_PER_FIELD = 2;
/** Hostile values per input of a custom action. */
const VALUES_PER_INPUT = 3;
const SYSTEM_FIELDS = new Set(['id', 'createdAt', 'updatedAt']);
const BUILT_IN = new Set(['list', 'search', 'show', 'new', 'edit', 'delete', 'bulkDelete']);
/** Keys that reach CSV exports and other systems: never a spreadsheet formula. */
const KEY_FIELDS = new Set(['ref', 'customerNumber', 'code', 'licenseKey']);
/** Keys made fresh for every new row, so a valid row is never refused as a duplicate. */
const UNIQUE_CODES = new Set([...KEY_FIELDS, 'version']);
const EMAIL_FIELDS = new Set(['email', 'contactEmail', 'billingEmail']);
const FORMULA = /^\s*[=+\-@]/;

/** The input a custom action reads, by action name (fields of the resource take their kind from the metadata). */
const ACTION_INPUTS: Record<string, Record<string, FieldKind | null>> = {
  activate: { device: null }, transfer: { device: null }, restore: { device: null }, destroy: { device: null },
  terminate: { on: 'date' }, cancel: { reason: { enum: CANCEL_REASONS }, on: 'date' },
  uploadLogo: { logo: 'text' }, import: { document: 'text' },
  passDown: { organizationId: 'reference' }, assign: { userId: 'reference' },
  requestOffer: { message: 'text' }, requestSupport: { message: 'text' }, answer: { answer: 'text' }, reply: { message: 'text' },
  extendRuntime: { days: 'integer', months: 'integer' },
};
/** A valid value for each action input, so each request carries exactly one hostile value. */
const ACTION_BASE: Record<string, Record<string, unknown>> = { cancel: { reason: 'exchange' } };

type Change = 'insert' | 'remove' | 'any' | { update: number };
/** What an accepted request may change, by table; audit entries may always be appended. `anything`: not compared. */
type Footprint = Record<string, Change> | 'anything';

/** What each custom action may change when it succeeds (its record's row; a cancellation also recalls the license). */
const ACTION_FOOTPRINT: Record<string, (table: string, id: number) => Footprint> = {
  activate: (t, id) => ({ [t]: { update: id } }), transfer: (t, id) => ({ [t]: { update: id } }),
  restore: (t, id) => ({ [t]: { update: id } }), destroy: (t, id) => ({ [t]: { update: id } }),
  terminate: (t, id) => ({ [t]: { update: id } }), cancel: (t, id) => ({ [t]: { update: id }, licenses: 'any' }),
  uploadLogo: (t, id) => ({ [t]: { update: id } }),
  import: () => ({ organizations: 'any', users: 'any', memberships: 'any', articles: 'any', subscriptions: 'any', tickets: 'any' }),
  passDown: (t, id) => ({ [t]: { update: id } }), assign: (t, id) => ({ [t]: { update: id } }),
  // A redemption marks its ticket and makes the license.
  redeem: (t, id) => ({ [t]: { update: id }, licenses: 'insert' }),
  generateTickets: () => ({ tickets: 'insert' }),
  resend: (t, id) => ({ [t]: { update: id } }),
  approve: (t, id) => ({ [t]: { update: id } }), reject: (t, id) => ({ [t]: { update: id } }),
  // An execution erases its subject across the tables (services/erasure); erasure.test.ts checks what.
  executeNow: () => 'anything',
  // A request adds its row (an offer request, a support thread's message); an answer fills in its offer request.
  requestOffer: () => ({ offer_requests: 'insert' }), requestSupport: () => ({ support_messages: 'insert' }),
  // A free key is a new license; the history only reads.
  drawFreeKey: () => ({ licenses: 'insert' }), history: () => ({}),
  // An extension moves its license's expiry; a release download only appends its audit entry.
  extendRuntime: (t, id) => ({ [t]: { update: id } }), download: () => ({}),
  answer: (t, id) => ({ [t]: { update: id } }), reply: (t) => ({ [t]: 'insert' }),
  // Revoking marks its token (and ignores every field sent with it).
  revoke: (t, id) => ({ [t]: { update: id } }),
};

type Snapshot = Record<string, string[]>;
interface TableDiff { removed: string[]; added: string[] }
interface Sent { label: string; url: string; json?: unknown; form?: Array<[string, string]>; file?: { field: string; bytes: Buffer; name: string } }
interface Outcome { status: number; body: Record<string, unknown>; diff: Record<string, TableDiff> }

/** Query or form pairs the way AdminJS reads them back (flat keys: a.b, a.0). */
function pairs(key: string, value: unknown): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => pairs(`${key}.${i}`, v));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => pairs(`${key}.${k}`, v));
  return [[key, value === null ? '' : String(value)]];
}

/** A value as a form carries it: every scalar as text. */
function asForm(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asForm);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asForm(v)]));
  return value === null ? '' : String(value);
}

const short = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};
const rowId = (row: string) => Number(/^\((\d+)[,)]/.exec(row)?.[1] ?? NaN);

function diffOf(before: Snapshot, after: Snapshot): Record<string, TableDiff> {
  const diff: Record<string, TableDiff> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const counts = new Map<string, number>();
    for (const row of before[table] ?? []) counts.set(row, (counts.get(row) ?? 0) + 1);
    const added: string[] = [];
    for (const row of after[table] ?? []) {
      const n = counts.get(row) ?? 0;
      if (n > 0) counts.set(row, n - 1);
      else added.push(row);
    }
    const removed = [...counts].flatMap(([row, n]) => Array.from({ length: n }, () => row));
    if (added.length > 0 || removed.length > 0) diff[table] = { removed, added };
  }
  return diff;
}

function describeDiff(diff: Record<string, TableDiff>): string {
  return Object.entries(diff).map(([table, d]) => `${table} −${d.removed.length} +${d.added.length} ${short(d.added[0] ?? d.removed[0])}`).join('; ');
}

/** Changes outside the footprint, described; empty when the change is the one allowed. */
function outsideFootprint(diff: Record<string, TableDiff>, footprint: Footprint): string[] {
  if (footprint === 'anything') return [];
  const problems: string[] = [];
  for (const [table, d] of Object.entries(diff)) {
    const change = footprint[table] ?? (table === 'audit_events' ? 'insert' : undefined);
    const what = `${table} −${d.removed.length} +${d.added.length} ${short(d.added[0] ?? d.removed[0])}`;
    if (change === undefined) problems.push(`changed ${what}`);
    else if (change === 'insert' && d.removed.length > 0) problems.push(`changed or removed rows in ${what}`);
    else if (change === 'remove' && d.added.length > 0) problems.push(`added or changed rows in ${what}`);
    else if (typeof change === 'object' && !(d.removed.length === 1 && d.added.length === 1 && [...d.removed, ...d.added].every((row) => rowId(row) === change.update))) {
      problems.push(`changed more than row #${change.update}: ${what}`);
    }
  }
  return problems;
}

/** What an accepted value must be stored as: text trimmed (blank is no value), e-mail addresses in lower case. */
function expected(value: unknown, field: string): unknown {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return null;
    return EMAIL_FIELDS.has(field) ? text.toLowerCase() : text;
  }
  if (Array.isArray(value)) return value.map((item) => expected(item, field));
  return value;
}

function storedAsSent(stored: unknown, sent: unknown, field: string): boolean {
  const want = expected(sent, field);
  if (Array.isArray(stored) && Array.isArray(want)) return stored.length === want.length && stored.every((item, i) => storedAsSent(item, want[i], field));
  if (typeof stored === 'number' && typeof want === 'string') return /^-?\d+$/.test(want) && Number(want) === stored;
  if (typeof stored === 'boolean' && typeof want === 'string') return String(stored) === want;
  if (stored instanceof Date) return typeof want === 'string' && Date.parse(want) === stored.getTime();
  return JSON.stringify(stored ?? null) === JSON.stringify(want ?? null);
}

describe('hostile input on writes', () => {
  let portal: TestPanel;
  let callers: Caller[];
  let resources: ResourceJSON[];
  let baseline: Snapshot;
  let fresh = 0;
  let requests = 0;
  const problems: string[] = [];
  const statuses = new Map<string, number>();
  const slowest = { ms: 0, label: '' };
  /** Per caller and resource, the row its hostile edits, actions and deletes go to (one it created when it may create). */
  const targets = new Map<string, number>();

  const snapshot = () => databaseRows(portal.sequelize, ['sessions']);
  const rebase = async () => { baseline = await snapshot(); };
  const note = (caller: Caller, label: string, problem: string): void => { problems.push(`${caller.email} ${label}: ${problem}`); };

  /**
   * Sends one request and compares the whole database with the snapshot before it: a 5xx is a
   * problem, a refusal must have changed nothing, an accepted request only what `footprint` allows.
   */
  async function send(caller: Caller, sent: Sent, footprint: Footprint, options: { refuse?: boolean } = {}): Promise<Outcome> {
    requests += 1;
    const started = Date.now();
    let request = caller.agent.post(sent.url);
    if (sent.file) request = request.attach(sent.file.field, sent.file.bytes, sent.file.name);
    else if (sent.form) request = request.type('form').send(sent.form.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
    else request = request.send(sent.json as object);
    const response = await request;
    const now = await snapshot();
    const diff = diffOf(baseline, now);
    const body = (response.body ?? {}) as Record<string, unknown>;
    const where = `POST ${sent.url.slice(0, 120)} → ${response.status}`;
    if (response.status >= 500) note(caller, sent.label, `${where} ${response.text.slice(0, 200)}`);
    if (response.status >= 300 && Object.keys(diff).length > 0) note(caller, sent.label, `${where} refused, yet changed: ${describeDiff(diff)}`);
    if (response.status < 300) {
      if (options.refuse) note(caller, sent.label, `${where} was accepted (${describeDiff(diff) || 'no change'})`);
      for (const problem of outsideFootprint(diff, footprint)) note(caller, sent.label, `${where} ${problem}`);
    }
    baseline = now;
    const kind = /\/(new|edit|delete|bulkDelete)(\?|$)/.exec(sent.url)?.[1] ?? 'action';
    statuses.set(`${kind} ${response.status}`, (statuses.get(`${kind} ${response.status}`) ?? 0) + 1);
    const took = Date.now() - started;
    if (took > slowest.ms) Object.assign(slowest, { ms: took, label: `${caller.email} ${sent.label}` });
    if (process.env.HOSTILE_TRACE) console.log(`${caller.email} ${sent.label} → ${response.status} ${response.text.slice(0, 160)}`);
    return { status: response.status, body, diff };
  }

  /** A 422/403 refusal names the field it refuses (in `fields` or its message). */
  function namesField(caller: Caller, label: string, outcome: Outcome, field: string): void {
    if (outcome.status !== 422 && outcome.status !== 403) return;
    const { fields, error, record } = outcome.body as { fields?: Record<string, string>; error?: string; record?: { errors?: Record<string, unknown> } };
    const named = (fields && field in fields) || (typeof error === 'string' && error.includes(field)) || (record?.errors && Object.keys(record.errors).length > 0);
    if (!named) note(caller, label, `${outcome.status} does not name the field: ${short(outcome.body)}`);
  }

  /** Rows of `resource` the caller reaches, newest first, as the panel lists them. */
  async function idsInReach(caller: Caller, resource: string): Promise<number[]> {
    const list = await caller.agent.get(`${API}/${resource}/actions/list?perPage=500&sortBy=id&direction=desc`);
    return ((list.body.records ?? []) as Array<{ id: string }>).map((r) => Number(r.id));
  }

  async function row(resource: string, id: number): Promise<Record<string, unknown> | null> {
    const found = await MODELS[resource as ResourceId].findByPk(id);
    return found ? found.toJSON() as Record<string, unknown> : null;
  }

  /**
   * A valid new row for the caller: the fields it may set, copied from the newest row it reaches,
   * with fresh keys and addresses; a new account also gets its organization, role and password.
   */
  function validNew(caller: Caller, resource: ResourceId, source: Record<string, unknown>): Record<string, unknown> {
    fresh += 1;
    const values: Record<string, unknown> = {};
    for (const field of fieldsWritable(caller.actor, resource, 'create')) {
      if (UNIQUE_CODES.has(field)) values[field] = `HW-${fresh}`;
      else if (EMAIL_FIELDS.has(field)) values[field] = source[field] ? `hostile-${fresh}@writes.demo.test` : source[field];
      else if (field in source) values[field] = source[field] instanceof Date ? (source[field] as Date).toISOString() : source[field];
    }
    if (resource === 'users') Object.assign(values, { organizationId: caller.actor.organizationId, role: 'guest', password: 'hostile-writes-password' });
    if (resource === 'erasure_requests') Object.assign(values, { subjectLabel: 'user:erase-me@writes.demo.test', reason: 'The hostile-writes test asks.' });
    // The first token of an organization has no row to copy from.
    if (resource === 'api_tokens') return { name: `Hostile token ${fresh}`, role: 'member', ...values };
    return values;
  }

  /** The hostile values for one field, its kind from the panel metadata. */
  const hostile = (caller: Caller, property: PropertyJSON, count: number): HostileValue[] => {
    const kind = fieldKind(property);
    const values = [...hostileValues(property.name, kind)];
    return Array.from({ length: count }, () => caller.take(`${kindKey(kind)} values`, values));
  };

  /** The body of a request with `payload`, as JSON or as a form (the panel's own forms), in rotation. */
  function body(caller: Caller, label: string, url: string, payload: Record<string, unknown>): Sent {
    return caller.take('encoding', ['json', 'form']) === 'json'
      ? { label: `${label} (JSON)`, url, json: payload }
      : { label: `${label} (form)`, url, form: Object.entries(payload).flatMap(([k, v]) => pairs(k, v)) };
  }
  /** The value as it went out; undefined when a form could not carry it at all (an empty object or list sends no field). */
  const sentValue = (sent: Sent, value: unknown) => (!sent.form ? value : pairs('x', value).length === 0 ? undefined : asForm(value));

  /** An accepted new/edit stored the hostile value as sent (or left a field outside the caller's rules alone) and nothing else differently. */
  async function checkStored(caller: Caller, label: string, resource: ResourceId, id: number, field: string, sent: unknown,
    mode: 'create' | 'update', others: Record<string, unknown>): Promise<void> {
    const stored = await row(resource, id);
    if (!stored) return note(caller, label, `accepted, but row #${id} cannot be found`);
    const writable = fieldsWritable(caller.actor, resource, mode).includes(field);
    if (field in stored && sent !== undefined) {
      if (writable && !storedAsSent(stored[field], sent, field)) note(caller, label, `accepted ${short(sent)} but stored ${short(stored[field])}`);
      if (!writable && !SYSTEM_FIELDS.has(field) && storedAsSent(stored[field], sent, field) && !storedAsSent(others[field], sent, field) && expected(sent, field) !== null) {
        note(caller, label, `took ${short(sent)} into ${field}, outside its field rules`);
      }
    }
    if (KEY_FIELDS.has(field) && typeof sent === 'string' && FORMULA.test(sent)) note(caller, label, `accepted a formula-shaped key ${short(sent)}`);
    for (const [other, value] of Object.entries(others)) {
      if (other === field || !(other in stored) || SYSTEM_FIELDS.has(other) || value === undefined) continue;
      if (!storedAsSent(stored[other], value, other)) note(caller, label, `changed ${other} from ${short(value)} to ${short(stored[other])}`);
    }
  }

  // A new user comes with its membership, a reseller's new customer with its trial licenses (services/customer-trials.ts).
  const createFootprint = (resource: ResourceId): Footprint => ({
    [resource]: 'insert', ...(resource === 'users' && { memberships: 'insert' }), ...(resource === 'organizations' && { licenses: 'insert' }),
  });
  const createdId = (outcome: Outcome, resource: string) => {
    const added = outcome.diff[resource]?.added ?? [];
    return added.length === 1 ? rowId(added[0]) : null;
  };
  const writeProperties = (resource: ResourceJSON) => Object.values(resource.properties);

  async function newCases(caller: Caller, resource: ResourceJSON): Promise<void> {
    const id = resource.id as ResourceId;
    const reach = await idsInReach(caller, id);
    const source = reach.length > 0 ? await row(id, reach[0]) ?? {} : {};
    const key = `${caller.email} ${id}`;
    if (reach.length > 0) targets.set(key, reach[0]);
    if (!can(caller.actor, id, 'create')) return;
    const url = `${API}/${id}/actions/new`;
    const plain = validNew(caller, id, source);
    const first = await send(caller, { label: `${id} new, valid`, url, json: plain }, createFootprint(id));
    const created = first.status < 300 ? createdId(first, id) : null;
    if (created) targets.set(key, created);
    for (const property of writeProperties(resource)) {
      for (const value of hostile(caller, property, VALUES_PER_FIELD)) {
        const payload = { ...validNew(caller, id, source), [property.name]: value.value };
        const sent = body(caller, `${id} new ${value.label}`, url, payload);
        const outcome = await send(caller, sent, createFootprint(id));
        // A form that carried nothing for the field sent a plain valid row, which may be refused for itself (an open request exists).
        if (sentValue(sent, value.value) !== undefined) namesField(caller, sent.label, outcome, property.name);
        const newId = outcome.status < 300 ? createdId(outcome, id) : null;
        if (outcome.status < 300 && !newId) note(caller, sent.label, `accepted without creating one row: ${describeDiff(outcome.diff)}`);
        if (newId) {
          const others = Object.fromEntries(Object.entries(payload).filter(([k]) => k !== property.name).map(([k, v]) => [k, sentValue(sent, v)]));
          await checkStored(caller, sent.label, id, newId, property.name, sentValue(sent, value.value), 'create', others);
        }
      }
    }
  }

  async function editCases(caller: Caller, resource: ResourceJSON): Promise<void> {
    const id = resource.id as ResourceId;
    const target = targets.get(`${caller.email} ${id}`);
    if (!target || !can(caller.actor, id, 'update')) return;
    const url = `${API}/${id}/records/${target}/edit`;
    for (const property of writeProperties(resource)) {
      for (const value of hostile(caller, property, VALUES_PER_FIELD)) {
        const before = await row(id, target);
        const sent = body(caller, `${id} edit #${target} ${value.label}`, url, { [property.name]: value.value });
        const outcome = await send(caller, sent, { [id]: { update: target } });
        if (sentValue(sent, value.value) !== undefined) namesField(caller, sent.label, outcome, property.name);
        if (outcome.status < 300 && outcome.diff[id] && before) {
          await checkStored(caller, sent.label, id, target, property.name, sentValue(sent, value.value), 'update',
            Object.fromEntries(Object.entries(before).filter(([k]) => k !== 'updatedAt')));
        }
      }
    }
  }

  /** The foreign keys pointing at `table`, with what deleting a referenced row does (a: refused, r: refused, c: cascade, n: set null). */
  const references = (table: string) => portal.sequelize.query<{ source: string; column: string; action: string }>(`
      select c.conrelid::regclass::text as source, a.attname as column, c.confdeltype as action
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = :table::regclass`, { replacements: { table }, type: QueryTypes.SELECT });

  /** Rows the database refuses to delete: referenced through a foreign key without ON DELETE CASCADE or SET NULL. */
  async function rowsInUse(table: string): Promise<Set<number>> {
    const ids = new Set<number>();
    for (const { source, column } of (await references(table)).filter((r) => r.action === 'a' || r.action === 'r')) {
      const rows = await portal.sequelize.query<{ id: number }>(`select distinct "${column}" as id from ${source} where "${column}" is not null`, { type: QueryTypes.SELECT });
      for (const r of rows) ids.add(Number(r.id));
    }
    return ids;
  }

  async function deleteCases(caller: Caller, resource: ResourceJSON): Promise<void> {
    const id = resource.id as ResourceId;
    const target = targets.get(`${caller.email} ${id}`);
    if (!target || !can(caller.actor, id, 'delete')) return;
    const inUse = await rowsInUse(id);
    const busy = (await idsInReach(caller, id)).find((other) => other !== target && inUse.has(other));
    const bodyValue = caller.take('delete body', [...hostileValues('anything', 'text')]);
    if (busy !== undefined && !inUse.has(target)) {
      // All or nothing: the deletable row stays when its neighbour is refused.
      await send(caller, { label: `${id} bulkDelete #${target} with #${busy} in use`, url: `${API}/${id}/bulk/bulkDelete?recordIds=${target},${busy}`, json: { recordIds: bodyValue.value } },
        { [id]: 'remove' }, { refuse: true });
    }
    // A delete removes rows (its own, and what the database cascades) and unlinks what refers to it with SET NULL.
    const unlinked = (await references(id)).filter((r) => r.action === 'n').map((r) => r.source);
    const footprint = Object.fromEntries(Object.keys(baseline)
      .map((table) => [table, (unlinked.includes(table) ? 'any' : table === 'audit_events' ? 'insert' : 'remove') as Change]));
    await send(caller, { label: `${id} delete #${target} with body ${bodyValue.label}`, url: `${API}/${id}/records/${target}/delete`, json: { id: bodyValue.value, [id]: bodyValue.value } }, footprint);
  }

  /** Record actions the caller may run on its target row, as the panel offers them. */
  async function offeredActions(caller: Caller, resource: string, target: number): Promise<Set<string>> {
    const show = await caller.agent.get(`${API}/${resource}/records/${target}/show`);
    return new Set(((show.body.record?.recordActions ?? []) as Array<{ name: string }>).map((a) => a.name));
  }

  async function actionCases(caller: Caller, resource: ResourceJSON): Promise<void> {
    const id = resource.id as ResourceId;
    const target = targets.get(`${caller.email} ${id}`);
    const offered = target ? await offeredActions(caller, id, target) : new Set<string>();
    for (const action of resource.actions.filter((a) => !BUILT_IN.has(a.name))) {
      const record = action.actionType === 'record';
      if (record ? !offered.has(action.name) : !can(caller.actor, id, action.name as Operation)) continue;
      if (action.actionType === 'bulk') continue;
      const url = record ? `${API}/${id}/records/${target}/${action.name}` : `${API}/${id}/actions/${action.name}`;
      const footprint = ACTION_FOOTPRINT[action.name]?.(id, target ?? 0) ?? {};
      const inputs = Object.entries(ACTION_INPUTS[action.name] ?? {});
      // An action that reads no input gets hostile values in fields of its resource: it must ignore or refuse them.
      const fields = inputs.length > 0
        ? inputs.map(([name, kind]) => ({ name, kind: kind ?? fieldKind(resource.properties[name]) }))
        : [caller.take('action field', writeProperties(resource))].map((p) => ({ name: p.name, kind: fieldKind(p) }));
      for (const field of fields) {
        const values = [...hostileValues(field.name, field.kind)];
        for (let i = 0; i < VALUES_PER_INPUT; i += 1) {
          const value = caller.take(`action ${kindKey(field.kind)} values`, values);
          const sent = body(caller, `${action.name}${record ? ` #${target}` : ''} ${value.label}`, url, { ...ACTION_BASE[action.name], [field.name]: value.value });
          const outcome = await send(caller, sent, footprint);
          if (inputs.length > 0) namesField(caller, sent.label, outcome, field.name);
          // An object or list is no action input (the import's document aside, which is JSON); a form that
          // carried nothing for it (an empty object) leaves the input out.
          const carried = sentValue(sent, value.value);
          if (outcome.status < 300 && inputs.length > 0 && field.name !== 'document' && carried !== null && typeof carried === 'object') {
            note(caller, sent.label, `accepted ${short(carried)} as ${field.name}`);
          }
          if (outcome.status < 300 && field.name === 'device' && (action.name === 'activate' || action.name === 'transfer')) {
            const stored = await row(id, target!);
            if (!storedAsSent(stored?.device, sentValue(sent, value.value), 'device')) note(caller, sent.label, `accepted ${short(value.value)} but stored ${short(stored?.device)}`);
          }
        }
      }
    }
  }

  /** Logo files: one valid (the control), the others forged, corrupt or too large; each is refused but the first. */
  const LOGO_FILES: Array<[string, Buffer, boolean]> = [
    ['logo.png', png(300, 150, { alpha: true }), true],
    ['corrupt-pixels.png', png(200, 200, { alpha: true, idat: Buffer.from('not zlib at all') }), false],
    ['forged-size.png', pngClaiming(2000, 2000, { alpha: true }), false],
    ['huge.png', pngClaiming(60000, 60000, { alpha: true }), false],
    ['cut-off.png', png(200, 200).subarray(0, 60), false],
    ['not-an-image.png', Buffer.from('GIF89a fake'), false],
    ['empty.png', Buffer.alloc(0), false],
  ];

  /** Files into the caller's own organization's logo, then every statement it reaches rendered: never a 5xx, no formula in the CSV. */
  async function fileCases(caller: Caller): Promise<void> {
    const own = caller.actor.organizationId;
    if ((await offeredActions(caller, 'organizations', own)).has('uploadLogo')) {
      for (const [name, bytes, ok] of LOGO_FILES) {
        await send(caller, { label: `uploadLogo file ${name}`, url: `${API}/organizations/records/${own}/uploadLogo`, file: { field: 'logo', bytes, name } },
          { organizations: { update: own } }, { refuse: !ok });
      }
    }
    for (const id of can(caller.actor, 'statements', 'download') ? await idsInReach(caller, 'statements') : []) {
      for (const format of ['pdf', 'csv']) {
        const file = await caller.agent.get(`/admin/statements/${id}/${format}`).buffer(true);
        if (file.status !== 200) note(caller, `statement ${id} ${format}`, `answered ${file.status}`);
        // A download is audited, and changes nothing else.
        const now = await snapshot();
        for (const problem of outsideFootprint(diffOf(baseline, now), {})) note(caller, `statement ${id} ${format}`, problem);
        baseline = now;
        const text = format === 'csv' ? String(file.text ?? file.body) : '';
        const formula = text.split('\n').flatMap((line) => line.split(',')).find((cell) => FORMULA.test(cell.replace(/^"/, '')));
        if (formula) note(caller, `statement ${id} csv`, `a cell starts a formula: ${short(formula)}`);
      }
    }
  }

  /** A valid ERP document: every leaf of it gets hostile values, its kind read from the value (and the value lists). */
  const IMPORT_DOCUMENT = {
    organizations: [{
      // A customer carries no billing address: its billing goes to the channel above it.
      ref: 'hw-import-org', name: 'Hostile Import GmbH', views: ['customer'], parent: 'reseller-a', customerNumber: 'HW-IMPORT-1',
      dataPolicy: 'full', statementMode: 'prorated', locale: 'en',
      address: { street: 'Weg 1', zip: '34117', city: 'Kassel', country: 'DE' }, contactEmail: 'it@import.demo.test',
    }],
    users: [{ email: 'imported@import.demo.test', name: 'Imported Person', memberships: [{ org: 'hw-import-org', role: 'guest' }] }],
    articles: [{ code: 'HW-IMPORT-ART', name: 'Imported article', kind: 'subscription', interval: 'month', priceCents: 990, currency: 'EUR' }],
    subscriptions: [{
      ref: 'HW-IMPORT-SUB', reseller: 'reseller-a', customer: 'hw-import-org', article: 'HW-IMPORT-ART', quantity: 2,
      start: '2026-01-01', termMonths: 12, autoRenew: true, unitPriceCents: 990,
    }],
  };

  function leaves(value: unknown, path: string[] = []): Array<{ path: string[]; value: unknown }> {
    if (Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null)) return value.flatMap((item, i) => leaves(item, [...path, String(i)]));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
    return [{ path, value }];
  }

  function leafKind(key: string, value: unknown): FieldKind {
    const listed = Object.values(FIELD_VALUES).map((fields) => fields?.[key]).find(Boolean);
    if (listed) return { enum: listed };
    if (Array.isArray(value)) return 'array';
    if (typeof value === 'number') return 'integer';
    if (typeof value === 'boolean') return 'boolean';
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return 'date';
    return 'text';
  }

  async function importCases(caller: Caller): Promise<void> {
    if (!can(caller.actor, 'organizations', 'import')) return;
    const url = `${API}/organizations/actions/import`;
    const footprint = ACTION_FOOTPRINT.import('organizations', 0);
    const first = await send(caller, { label: 'import, valid document', url, json: { document: JSON.stringify(IMPORT_DOCUMENT) } }, footprint);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    for (const leaf of leaves(IMPORT_DOCUMENT)) {
      const key = leaf.path.at(-1)!;
      const kind = leafKind(key, leaf.value);
      const value = caller.take(`import ${kindKey(kind)} values`, [...hostileValues(leaf.path.join('.'), kind)]);
      const document = structuredClone(IMPORT_DOCUMENT) as Record<string, unknown>;
      let at = document as Record<string, unknown>;
      for (const part of leaf.path.slice(0, -1)) at = at[part] as Record<string, unknown>;
      at[key] = value.value;
      const label = `import ${value.label}`;
      const outcome = await send(caller, { label, url, json: { document: JSON.stringify(document) } }, footprint);
      if (outcome.status === 422 && !(Array.isArray(outcome.body.errors) && (outcome.body.errors as string[]).some((e) => e.includes(key)))) {
        note(caller, label, `422 does not name ${key}: ${short(outcome.body.errors ?? outcome.body)}`);
      }
      if (outcome.status < 300) {
        if (KEY_FIELDS.has(key) && typeof value.value === 'string' && FORMULA.test(value.value)) note(caller, label, `accepted a formula-shaped key ${short(value.value)}`);
        // A field the import stores under its own name is stored as sent.
        const section = leaf.path[0] === 'organizations' || leaf.path[0] === 'users' || leaf.path[0] === 'articles' || leaf.path[0] === 'subscriptions' ? leaf.path[0] : null;
        const model = section && MODELS[section as ResourceId];
        const naturalKey = { organizations: ['ref', 'hw-import-org'], users: ['email', 'imported@import.demo.test'], articles: ['code', 'HW-IMPORT-ART'], subscriptions: ['ref', 'HW-IMPORT-SUB'] }[section ?? 'organizations']!;
        const column = leaf.path[1] === '0' && leaf.path.length === 3 ? key : leaf.path[2] === 'address' ? key : null;
        if (model && column && column !== naturalKey[0] && model.getAttributes()[column]) {
          const stored = await model.findOne({ where: { [naturalKey[0]]: naturalKey[1] } });
          if (stored && !storedAsSent(stored.get(column), value.value, column)) note(caller, label, `accepted ${short(value.value)} but stored ${short(stored.get(column))}`);
        }
      }
    }
    // Files that are no JSON (hostile values as the field itself: actionCases).
    const escapedNul = { ...IMPORT_DOCUMENT, organizations: [{ ...IMPORT_DOCUMENT.organizations[0], name: 'a\u0000b' }] };
    for (const [name, bytes] of [
      ['nul.json', Buffer.from('{"organizations": [{"ref": "a\u0000b"}]}')], ['escaped-nul.json', Buffer.from(JSON.stringify(escapedNul))],
      ['binary.json', Buffer.from([0xff, 0xfe, 0x00, 0x01])], ['empty.json', Buffer.alloc(0)],
    ] as const) {
      await send(caller, { label: `import file ${name}`, url, file: { field: 'document', bytes, name } }, footprint, { refuse: true });
    }
  }

  before(async () => {
    portal = await startTestPanel({ salesEmail: 'sales@hostile.test' });
    // Rows the demo data lacks, so every resource has one to copy and to act on: a property with a
    // value, an invitation, an issued statement, and a person to file an erasure request about.
    const resellerA = (await Organization.findOne({ where: { ref: 'reseller-a' } }))!;
    const customerA1 = (await Organization.findOne({ where: { ref: 'customer-a1' } }))!;
    const definition = await CustomPropertyDefinition.create({ organizationId: resellerA.id, name: 'Contract', type: 'text', choices: [] });
    await CustomPropertyValue.create({ definitionId: definition.id, organizationId: customerA1.id, value: 'K-1' });
    await Invitation.create({ organizationId: customerA1.id, email: 'invited@writes.demo.test', role: 'guest', tokenHash: 'f'.repeat(64), expiresAt: new Date(Date.now() + 86_400_000) });
    await User.create({ email: 'erase-me@writes.demo.test', name: 'Erase Me' });
    await issueStatements(portal, { period: '2026-01', trigger: 'cli', now: new Date('2026-02-01T05:00:00Z') });
    callers = await hostileCallers(portal.panel.app, portal.sequelize, EMAILS, 7);
    resources = await panelResources(callers[0].agent);
    await rebase();
  });
  after(() => portal.close());

  it('refuses hostile values in new rows with 4xx, changing nothing, and stores accepted ones as sent', async () => {
    for (const caller of callers) for (const resource of resources) await newCases(caller, resource);
    assert.deepEqual(problems.splice(0), []);
  });

  it('refuses hostile values in edits with 4xx, changing nothing, and stores accepted ones as sent', async () => {
    for (const caller of callers) for (const resource of resources) await editCases(caller, resource);
    assert.deepEqual(problems.splice(0), []);
  });

  it('refuses hostile input of every custom action with 4xx, changing nothing; the ERP import refuses hostile documents as a whole; forged logos never reach a statement', async () => {
    for (const caller of callers) {
      for (const resource of resources) await actionCases(caller, resource);
      await importCases(caller);
      await fileCases(caller);
    }
    assert.deepEqual(problems.splice(0), []);
  });

  it('deletes all or nothing: a bulk delete with a row still in use deletes none', async () => {
    for (const caller of callers) for (const resource of resources) await deleteCases(caller, resource);
    assert.deepEqual(problems.splice(0), []);
  });

  it('changed nothing between the requests (full snapshot, sessions aside)', async (t) => {
    t.diagnostic(`${requests} requests; answers: ${[...statuses].sort().map(([k, n]) => `${k}: ${n}`).join(', ')}; slowest ${slowest.ms} ms (${slowest.label.slice(0, 80)})`);
    const now = await databaseText(portal.sequelize);
    delete now.sessions;
    assert.deepEqual(now, baseline, `${requests} requests`);
  });
});
