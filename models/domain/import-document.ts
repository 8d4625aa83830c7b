/**
 * The ERP import document: shape, vocabulary and references, checked without a database. Every
 * problem is reported with its JSON path, all at once, so an operator fixes the export in one go.
 *
 * A row is the ERP's whole truth about the fields the import knows: an optional field left out
 * (or given as "" or null) is stored empty or at its default, never "kept as it was".
 */
import { CHANNEL_VIEWS, isCustomerOrganization } from './policy.ts';
import { ROLES, type Role } from './roles.ts';
import { isCountryCode, isCurrencyCode } from './iso-codes.ts';
import { codeProblem, textProblem } from './text-rules.ts';
import { compareIsoDates, isValidIsoDate, type IsoDate } from '../../reports/calendar.ts';
import { normalizeTicketCode, ticketCodeProblem } from './ticket-code.ts';
import { MAX_GENERATED_TICKETS, mayHoldTickets, TICKET_HOLDER_VIEWS } from './ticket-rules.ts';
import { renderMessage } from '../../templates/messages.ts';

export const IMPORTED_VIEWS = [...CHANNEL_VIEWS, 'customer'] as const;
export type ImportedView = typeof IMPORTED_VIEWS[number];
export const ARTICLE_KINDS = ['full', 'demo', 'subscription', 'nfr', 'alm'] as const;
export type ArticleKind = typeof ARTICLE_KINDS[number];
/** Never charged (DOMAIN.md): priced 0, and so are their subscriptions. */
const FREE_KINDS: readonly string[] = ['nfr', 'demo'];
const MAX_INT = 2 ** 31 - 1;

export interface ImportAddress {
  street: string | null;
  zip: string | null;
  city: string | null;
  country: string | null;
}

export interface ImportOrganization {
  ref: string;
  name: string;
  views: ImportedView[];
  /** null: a channel organization below the vendor organization. */
  parent: string | null;
  customerNumber: string | null;
  dataPolicy: 'pseudonymous' | 'full';
  statementMode: 'prorated' | 'cutoff';
  billingEmail: string | null;
  locale: 'de' | 'en';
  address: ImportAddress;
  contactEmail: string | null;
}

export interface ImportMembership {
  org: string;
  role: Role;
}

export interface ImportUser {
  email: string;
  name: string | null;
  memberships: ImportMembership[];
}

export interface ImportArticle {
  code: string;
  name: string;
  kind: ArticleKind;
  interval: 'month' | 'year' | null;
  priceCents: number;
  currency: string;
}

export interface ImportSubscription {
  ref: string;
  reseller: string;
  customer: string;
  article: string;
  quantity: number;
  start: IsoDate;
  termMonths: number;
  autoRenew: boolean;
  /** null: the article's price at import time. */
  unitPriceCents: number | null;
  terminatedOn: IsoDate | null;
  cancelledOn: IsoDate | null;
  cancelReason: 'reversal' | 'exchange' | null;
  /**
   * An exchange's replacement, by ref (in the document or the portal): checked like the portal's
   * `cancel` (subscription-rules.ts replacementProblem) once every subscription is written. null:
   * a replacement named in the portal stays while the row remains an exchange.
   */
  replacedBy: string | null;
}

/**
 * A product group granted to a channel organization (product_group_grants), by the vendor or
 * passed on by `grantedBy` (a distributor above it, which must hold the group at least as wide):
 * optionally narrower, each value null for "as the granter holds it" (models/domain/frame.ts).
 * Upserted by (organization, productGroup); the group is named by its name and must exist.
 */
export interface ImportGrant {
  organization: string;
  productGroup: string;
  grantedBy: string | null;
  demoDays: number[] | null;
  minSeats: number | null;
  maxSeats: number | null;
  termMonths: number[] | null;
  articleKinds: ArticleKind[] | null;
}

/**
 * Tickets the ERP sold: either one ticket by its `code` (upserted by code), or a `pool` the ERP
 * names by its own reference, holding `count` tickets whose codes the portal draws. A pool imported
 * again is topped up to `count` (the same document twice generates nothing new); an import never
 * withdraws, moves or re-labels a ticket: an existing one keeps its article and stays with the
 * holder or the organization below it that the holder passed it down to.
 */
export interface ImportTicket {
  /** Canonical form (ticket-code.ts); null for a pool. */
  code: string | null;
  pool: string | null;
  article: string;
  holder: string;
  /** 1 for a single code. */
  count: number;
}

export interface ImportDocument {
  organizations: ImportOrganization[];
  users: ImportUser[];
  articles: ImportArticle[];
  grants: ImportGrant[];
  subscriptions: ImportSubscription[];
  tickets: ImportTicket[];
}

/** What the database holds for a reference the document does not define itself. */
export interface KnownRows {
  organizations: ReadonlyMap<string, { views: readonly string[] }>;
  articles: ReadonlyMap<string, { kind: string; interval: string | null; priceCents: number }>;
  /** Product groups by name: never imported, only referenced by grants. */
  productGroups: ReadonlyMap<string, unknown>;
}

/** References the document uses but does not define: the database must hold them. */
export interface ExternalRefs {
  organizations: string[];
  articles: string[];
  productGroups: string[];
}

export type ValidationResult =
  | { ok: true; doc: ImportDocument; needs: ExternalRefs }
  | { ok: false; errors: string[]; needs: ExternalRefs };

export const SECTIONS = ['organizations', 'users', 'articles', 'grants', 'subscriptions', 'tickets'] as const;
export type Section = typeof SECTIONS[number];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Draft<T> = { [K in keyof T]: T[K] | undefined };

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the fields of one JSON object. A getter returns the normalized value, null for an absent
 * optional field, or undefined after recording why the value is unusable.
 */
class Fields {
  private readonly read = new Set<string>();

  constructor(private readonly object: Record<string, unknown>, readonly path: string, private readonly errors: string[]) {}

  child(key: string, object: Record<string, unknown>): Fields {
    return new Fields(object, this.at(key), this.errors);
  }

  at(key: string): string {
    return `${this.path}.${key}`;
  }

  fail(key: string, message: string): undefined {
    this.errors.push(`${this.at(key)}: ${message}`);
    return undefined;
  }

  raw(key: string): unknown {
    this.read.add(key);
    const value = this.object[key];
    return typeof value === 'string' && value.trim() === '' ? null : value;
  }

  text(key: string, required: boolean): string | null | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return required ? this.fail(key, 'is required') : null;
    if (typeof value !== 'string') return this.fail(key, `must be a text, got ${show(value)}`);
    const problem = textProblem(value.trim());
    return problem ? this.fail(key, `${renderMessage(problem).replace(/\.$/, '')}, got ${show(value)}`) : value.trim();
  }

  /** A key of the ERP (ref, customer number, article code): text-rules.ts CODE, so no formula reaches the CSV exports. */
  code(key: string, required: boolean): string | null | undefined {
    const value = this.text(key, required);
    if (typeof value !== 'string') return value;
    const problem = codeProblem(value);
    return problem ? this.fail(key, `${renderMessage(problem).replace(/\.$/, '')}, got ${show(value)}`) : value;
  }

  email(key: string, required: boolean): string | null | undefined {
    const value = this.text(key, required);
    if (typeof value !== 'string') return value;
    return EMAIL.test(value) ? value.toLowerCase() : this.fail(key, `${show(value)} is not an e-mail address`);
  }

  choice<T extends string>(key: string, values: readonly T[], fallback?: T): T | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return fallback ?? this.fail(key, `is required (one of ${values.join(', ')})`);
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    return this.fail(key, `must be one of ${values.join(', ')}, got ${show(value)}`);
  }

  optionalChoice<T extends string>(key: string, values: readonly T[]): T | null | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    return this.choice(key, values);
  }

  integer(key: string, min: number, fallback?: number | null): number | null | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return fallback !== undefined ? fallback : this.fail(key, 'is required');
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_INT) {
      return this.fail(key, `must be a whole number from ${min} to ${MAX_INT}, got ${show(value)}`);
    }
    return value;
  }

  /** An optional list (null when absent): each item a whole number from `min`, or one of `values`. */
  list<T extends number | string>(key: string, item: { min: number } | { values: readonly T[] }): T[] | null | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    const ok = (v: unknown) => ('min' in item
      ? typeof v === 'number' && Number.isInteger(v) && v >= item.min && v <= MAX_INT
      : (item.values as readonly unknown[]).includes(v));
    if (!Array.isArray(value) || !value.every(ok)) {
      return this.fail(key, `must be a list of ${'min' in item ? `whole numbers from ${item.min}` : item.values.join(', ')}, got ${show(value)}`);
    }
    return [...new Set(value as T[])];
  }

  boolean(key: string, fallback: boolean): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return fallback;
    return typeof value === 'boolean' ? value : this.fail(key, `must be true or false, got ${show(value)}`);
  }

  date(key: string, required: boolean): IsoDate | null | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return required ? this.fail(key, 'is required (YYYY-MM-DD)') : null;
    if (typeof value !== 'string' || !isValidIsoDate(value)) return this.fail(key, `${show(value)} is not a calendar date (YYYY-MM-DD)`);
    return value;
  }

  /** Typos must not vanish silently: every key the import does not read is an error. */
  finish(): void {
    for (const key of Object.keys(this.object)) {
      if (!this.read.has(key)) this.errors.push(`${this.at(key)}: unknown key (expected ${[...this.read].join(', ')})`);
    }
  }
}

function list(value: unknown, path: string, errors: string[]): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  errors.push(`${path}: must be a list`);
  return [];
}

function eachObject<T>(items: unknown[], path: string, errors: string[], read: (fields: Fields) => T): T[] {
  const rows: T[] = [];
  items.forEach((item, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(item)) {
      errors.push(`${at}: must be an object, got ${show(item)}`);
      return;
    }
    const fields = new Fields(item, at, errors);
    rows.push(read(fields));
    fields.finish();
  });
  return rows;
}

function readViews(f: Fields): ImportedView[] | undefined {
  const views = f.raw('views');
  if (!Array.isArray(views) || views.length === 0) {
    return f.fail('views', `must be a non-empty list of ${IMPORTED_VIEWS.join(', ')}, got ${show(views)}`);
  }
  if (views.some((v) => !(IMPORTED_VIEWS as readonly unknown[]).includes(v))) {
    return f.fail('views', `must hold only ${IMPORTED_VIEWS.join(', ')} (the vendor organization is not imported), got ${show(views)}`);
  }
  return [...new Set(views as ImportedView[])];
}

function readAddress(f: Fields): ImportAddress | undefined {
  const address = f.raw('address');
  if (address === undefined || address === null) return { street: null, zip: null, city: null, country: null };
  if (!isObject(address)) return f.fail('address', `must be an object with street, zip, city, country, got ${show(address)}`);
  const a = f.child('address', address);
  const [street, zip, city] = [a.text('street', false), a.text('zip', false), a.text('city', false)];
  let country = a.text('country', false);
  if (typeof country === 'string' && !isCountryCode(country)) {
    country = a.fail('country', `${show(country)} is not an ISO 3166-1 alpha-2 country code (e.g. DE, AT, GB)`);
  }
  a.finish();
  return street === undefined || zip === undefined || city === undefined || country === undefined ? undefined : { street, zip, city, country };
}

function readOrganization(f: Fields): Draft<ImportOrganization> & { path: string } {
  const org = {
    path: f.path,
    ref: f.code('ref', true) as string | undefined,
    name: f.text('name', true) as string | undefined,
    views: readViews(f),
    parent: f.text('parent', false),
    customerNumber: f.code('customerNumber', false),
    dataPolicy: f.choice('dataPolicy', ['pseudonymous', 'full'] as const, 'full'),
    statementMode: f.choice('statementMode', ['prorated', 'cutoff'] as const, 'prorated'),
    billingEmail: f.email('billingEmail', false),
    locale: f.choice('locale', ['de', 'en'] as const, 'de'),
    address: readAddress(f),
    contactEmail: f.email('contactEmail', false),
  };
  // A customer organization's billing goes to the channel organization above it.
  if (typeof org.billingEmail === 'string' && isCustomerOrganization(org.views)) {
    org.billingEmail = f.fail('billingEmail', 'is not recorded for a customer organization: its billing goes to the channel organization above it');
  }
  return org;
}

function readUser(f: Fields, errors: string[]): Draft<ImportUser> & { path: string } {
  const memberships = eachObject(list(f.raw('memberships'), f.at('memberships'), errors), f.at('memberships'), errors, (m) => ({
    path: m.path,
    org: m.text('org', true) as string | undefined,
    role: m.choice('role', ROLES),
  }));
  return {
    path: f.path,
    email: f.email('email', true) as string | undefined,
    name: f.text('name', false),
    memberships: memberships as Array<ImportMembership & { path: string }>,
  };
}

function readArticle(f: Fields): Draft<ImportArticle> & { path: string } {
  const currency = f.text('currency', true);
  return {
    path: f.path,
    code: f.code('code', true) as string | undefined,
    name: f.text('name', true) as string | undefined,
    kind: f.choice('kind', ARTICLE_KINDS),
    interval: f.optionalChoice('interval', ['month', 'year'] as const),
    priceCents: f.integer('priceCents', 0) as number | undefined,
    currency: typeof currency === 'string' && !isCurrencyCode(currency)
      ? f.fail('currency', `${show(currency)} is not an ISO 4217 currency code (e.g. EUR, CHF, USD)`)
      : currency as string | undefined,
  };
}

function readSubscription(f: Fields): Draft<ImportSubscription> & { path: string } {
  const ref = f.code('ref', true) as string | undefined;
  const [reseller, customer, article] = ['reseller', 'customer', 'article'].map((key) => f.text(key, true) as string | undefined);
  const quantity = f.integer('quantity', 1) as number | undefined;
  const start = f.date('start', true) as IsoDate | undefined;
  const termMonths = f.integer('termMonths', 1) as number | undefined;
  const autoRenew = f.boolean('autoRenew', true);
  const unitPriceCents = f.integer('unitPriceCents', 0, null);
  const notBeforeStart = (key: string) => {
    const date = f.date(key, false);
    if (typeof date === 'string' && start && compareIsoDates(date, start) < 0) return f.fail(key, `${show(date)} is before start ${show(start)}`);
    return date;
  };
  const terminatedOn = notBeforeStart('terminatedOn');
  const cancelledOn = notBeforeStart('cancelledOn');
  let cancelReason = f.optionalChoice('cancelReason', ['reversal', 'exchange'] as const);
  if (cancelReason === null && typeof cancelledOn === 'string') cancelReason = f.fail('cancelReason', 'is required with cancelledOn (reversal or exchange)');
  if (typeof cancelReason === 'string' && cancelledOn === null) cancelReason = f.fail('cancelReason', 'is only allowed with cancelledOn');
  let replacedBy = f.code('replacedBy', false);
  if (typeof replacedBy === 'string' && cancelReason !== 'exchange' && cancelReason !== undefined) replacedBy = f.fail('replacedBy', 'is only allowed with cancelReason "exchange"');
  else if (typeof replacedBy === 'string' && replacedBy === ref) replacedBy = f.fail('replacedBy', 'a subscription cannot replace itself');
  return {
    path: f.path, ref, reseller, customer, article, quantity, start, termMonths, autoRenew, unitPriceCents, terminatedOn, cancelledOn, cancelReason, replacedBy,
  };
}

function readGrant(f: Fields): Draft<ImportGrant> & { path: string } {
  const grant = {
    path: f.path,
    organization: f.text('organization', true) as string | undefined,
    productGroup: f.text('productGroup', true) as string | undefined,
    grantedBy: f.text('grantedBy', false),
    demoDays: f.list<number>('demoDays', { min: 1 }),
    minSeats: f.integer('minSeats', 1, null),
    maxSeats: f.integer('maxSeats', 1, null),
    termMonths: f.list<number>('termMonths', { min: 1 }),
    articleKinds: f.list<ArticleKind>('articleKinds', { values: ARTICLE_KINDS }),
  };
  if (typeof grant.minSeats === 'number' && typeof grant.maxSeats === 'number' && grant.maxSeats < grant.minSeats) {
    grant.maxSeats = f.fail('maxSeats', `must be at least minSeats (${grant.minSeats}), got ${grant.maxSeats}`);
  }
  if (typeof grant.grantedBy === 'string' && grant.grantedBy === grant.organization) grant.grantedBy = f.fail('grantedBy', 'an organization does not grant itself');
  return grant;
}

function readTicket(f: Fields): Draft<ImportTicket> & { path: string } {
  const rawCode = f.text('code', false);
  let code: string | null | undefined = rawCode;
  if (typeof rawCode === 'string') code = normalizeTicketCode(rawCode) ?? f.fail('code', `${show(rawCode)} ${renderMessage(ticketCodeProblem(rawCode)!)}`);
  const pool = f.text('pool', false);
  const article = f.text('article', true) as string | undefined;
  const holder = f.text('holder', true) as string | undefined;
  let count = f.integer('count', 1, null);
  if (typeof count === 'number' && count > MAX_GENERATED_TICKETS) count = f.fail('count', `must be at most ${MAX_GENERATED_TICKETS} per pool, got ${count}`);
  if (rawCode === null && pool === null) {
    f.fail('code', 'or pool is required: a ticket by its code, or a pool by the ERP\'s reference with a count');
  } else if (typeof rawCode === 'string' && typeof pool === 'string') {
    f.fail('pool', 'is not allowed with code: a row is one ticket by its code or one pool');
  } else if (typeof rawCode === 'string' && count !== null && count !== undefined && count !== 1) {
    count = f.fail('count', `is only for a pool (a code is one ticket), got ${count}`);
  } else if (typeof pool === 'string' && count === null) {
    count = f.fail('count', 'is required for a pool: how many tickets it holds');
  }
  return { path: f.path, code, pool, article, holder, count: count === null ? 1 : count };
}

/** Reports every value of `field` seen twice in `rows`. */
function reportDuplicates(rows: Array<{ path: string }>, key: (row: never) => string | null | undefined, field: string, errors: string[]): void {
  const first = new Map<string, string>();
  for (const row of rows) {
    const value = key(row as never);
    if (typeof value !== 'string') continue;
    const seen = first.get(value);
    if (seen) errors.push(`${row.path}.${field}: duplicate ${show(value)} (also at ${seen})`);
    else first.set(value, row.path);
  }
}

/**
 * Checks the document. Without `known`, references outside the document are collected in `needs`;
 * with `known` (the database's rows for those references) they are resolved and an unknown one is
 * an error like any other.
 */
export function validateImportDocument(json: unknown, known?: KnownRows): ValidationResult {
  const errors: string[] = [];
  const needs = { organizations: new Set<string>(), articles: new Set<string>(), productGroups: new Set<string>() };
  const done = (): ValidationResult => {
    const refs = { organizations: [...needs.organizations].sort(), articles: [...needs.articles].sort(), productGroups: [...needs.productGroups].sort() };
    return errors.length > 0 ? { ok: false, errors, needs: refs } : { ok: true, doc, needs: refs };
  };
  let doc: ImportDocument = { organizations: [], users: [], articles: [], grants: [], subscriptions: [], tickets: [] };
  if (!isObject(json)) {
    errors.push(`(document): must be an object with ${SECTIONS.join(', ')}`);
    return done();
  }
  for (const key of Object.keys(json)) {
    if (!(SECTIONS as readonly string[]).includes(key)) errors.push(`${key}: unknown section (expected ${SECTIONS.join(', ')})`);
  }
  const organizations = eachObject(list(json.organizations, 'organizations', errors), 'organizations', errors, readOrganization);
  const users = eachObject(list(json.users, 'users', errors), 'users', errors, (f) => readUser(f, errors));
  const articles = eachObject(list(json.articles, 'articles', errors), 'articles', errors, readArticle);
  const grants = eachObject(list(json.grants, 'grants', errors), 'grants', errors, readGrant);
  const subscriptions = eachObject(list(json.subscriptions, 'subscriptions', errors), 'subscriptions', errors, readSubscription);
  const tickets = eachObject(list(json.tickets, 'tickets', errors), 'tickets', errors, readTicket);

  reportDuplicates(organizations, (o: ImportOrganization) => o.ref, 'ref', errors);
  reportDuplicates(organizations, (o: ImportOrganization) => o.customerNumber, 'customerNumber', errors);
  reportDuplicates(users, (u: ImportUser) => u.email, 'email', errors);
  reportDuplicates(articles, (a: ImportArticle) => a.code, 'code', errors);
  reportDuplicates(subscriptions, (s: ImportSubscription) => s.ref, 'ref', errors);
  // One grant per organization and group: two rows would both be the ERP's truth about it.
  reportDuplicates(grants, (g: ImportGrant) => (g.organization && g.productGroup ? `${g.organization} / ${g.productGroup}` : null), 'productGroup', errors);
  reportDuplicates(tickets, (t: ImportTicket) => t.code, 'code', errors);
  reportDuplicates(tickets, (t: ImportTicket) => t.pool, 'pool', errors);

  const orgsInDoc = new Map(organizations.filter((o) => o.ref).map((o) => [o.ref as string, o]));
  const articlesInDoc = new Map(articles.filter((a) => a.code).map((a) => [a.code as string, a]));
  /** The organization's views, or null when unknown (error or need recorded) or unusable. */
  const organization = (ref: string | null | undefined, at: string): { views?: readonly string[] } | null => {
    if (typeof ref !== 'string') return null;
    const found = orgsInDoc.get(ref) ?? known?.organizations.get(ref);
    if (found) return found;
    if (known) errors.push(`${at}: unknown organization ${show(ref)} (neither in this document nor in the portal)`);
    else needs.organizations.add(ref);
    return null;
  };
  const article = (code: string | undefined, at: string): { kind?: string; interval?: string | null; priceCents?: number } | null => {
    if (typeof code !== 'string') return null;
    const found = articlesInDoc.get(code) ?? known?.articles.get(code);
    if (found) return found;
    if (known) errors.push(`${at}: unknown article ${show(code)} (neither in this document nor in the portal)`);
    else needs.articles.add(code);
    return null;
  };

  for (const org of organizations) {
    if (org.parent && org.parent === org.ref) errors.push(`${org.path}.parent: an organization cannot be its own parent`);
    else organization(org.parent, `${org.path}.parent`);
    if (org.dataPolicy === 'pseudonymous') {
      if (org.customerNumber === null) errors.push(`${org.path}.customerNumber: is required for a pseudonymous organization (the customer number is all that is recorded)`);
      const personal = [...Object.entries(org.address ?? {}).filter(([, value]) => value).map(([key]) => `address.${key}`), ...(org.contactEmail ? ['contactEmail'] : [])];
      for (const field of personal) errors.push(`${org.path}.${field}: is not recorded for a pseudonymous organization (dataPolicy "pseudonymous")`);
    }
  }
  reportParentCycles(organizations, orgsInDoc, errors);

  for (const user of users) {
    reportDuplicates(user.memberships as Array<ImportMembership & { path: string }>, (m: ImportMembership) => m.org, 'org', errors);
    for (const m of user.memberships as Array<ImportMembership & { path: string }>) {
      const org = organization(m.org, `${m.path}.org`);
      if (org?.views?.includes('vendor')) errors.push(`${m.path}.org: memberships in the vendor organization are not imported`);
    }
  }

  for (const a of articles) {
    if (a.kind && FREE_KINDS.includes(a.kind) && typeof a.priceCents === 'number' && a.priceCents !== 0) {
      errors.push(`${a.path}.priceCents: an article of kind ${a.kind} is never charged and must be priced 0, got ${a.priceCents}`);
    }
  }

  for (const g of grants) {
    const grantee = organization(g.organization, `${g.path}.organization`);
    if (grantee?.views && !grantee.views.some((view) => (CHANNEL_VIEWS as readonly string[]).includes(view))) {
      errors.push(`${g.path}.organization: ${show(g.organization)} is no channel organization (${CHANNEL_VIEWS.join(', ')}); a product group is granted to one`);
    }
    const granter = organization(g.grantedBy, `${g.path}.grantedBy`);
    if (granter?.views && !granter.views.includes('distributor')) errors.push(`${g.path}.grantedBy: ${show(g.grantedBy)} does not hold the distributor view; only a distributor passes a group on`);
    if (typeof g.productGroup === 'string' && !known?.productGroups.has(g.productGroup)) {
      if (known) errors.push(`${g.path}.productGroup: unknown product group ${show(g.productGroup)} (product groups are made in the portal)`);
      else needs.productGroups.add(g.productGroup);
    }
  }

  for (const s of subscriptions) {
    const reseller = organization(s.reseller, `${s.path}.reseller`);
    if (reseller?.views && !reseller.views.includes('reseller')) errors.push(`${s.path}.reseller: ${show(s.reseller)} does not hold the reseller view`);
    const customer = organization(s.customer, `${s.path}.customer`);
    if (customer?.views && !customer.views.includes('customer')) errors.push(`${s.path}.customer: ${show(s.customer)} does not hold the customer view`);
    const art = article(s.article, `${s.path}.article`);
    if (art && art.interval === null) errors.push(`${s.path}.article: ${show(s.article)} has no billing interval; a subscription needs a monthly or yearly article`);
    if (art?.kind && FREE_KINDS.includes(art.kind) && typeof s.unitPriceCents === 'number' && s.unitPriceCents !== 0) {
      errors.push(`${s.path}.unitPriceCents: subscriptions of ${art.kind} articles are never charged and must be 0, got ${s.unitPriceCents}`);
    }
  }

  for (const t of tickets) {
    const holder = organization(t.holder, `${t.path}.holder`);
    if (holder?.views && !mayHoldTickets(holder.views)) {
      errors.push(`${t.path}.holder: ${show(t.holder)} holds no ticket pools (views ${TICKET_HOLDER_VIEWS.join(', ')} do)`);
    }
    article(t.article, `${t.path}.article`);
  }

  doc = { organizations, users, articles, grants, subscriptions, tickets } as unknown as ImportDocument;
  if (errors.length === 0) doc = stripPaths(doc);
  return done();
}

function reportParentCycles(organizations: Array<Draft<ImportOrganization> & { path: string }>, byRef: Map<string, Draft<ImportOrganization>>, errors: string[]): void {
  const reported = new Set<string>();
  for (const org of organizations) {
    if (!org.ref || reported.has(org.ref)) continue;
    const chain = [org.ref];
    let parent = org.parent;
    while (parent && parent !== org.ref && byRef.has(parent) && !chain.includes(parent)) {
      chain.push(parent);
      parent = byRef.get(parent)?.parent;
    }
    if (parent === org.ref && chain.length > 1) {
      chain.forEach((ref) => reported.add(ref));
      errors.push(`${org.path}.parent: the parents form a cycle: ${[...chain, org.ref].join(' → ')}`);
    }
  }
}

/** The validated document without the bookkeeping paths, rows in document order. */
function stripPaths(doc: ImportDocument): ImportDocument {
  const strip = <T extends object>(row: T): T => {
    const { path: _path, ...rest } = row as T & { path?: string };
    return rest as T;
  };
  return {
    organizations: doc.organizations.map(strip),
    users: doc.users.map((u) => ({ ...strip(u), memberships: u.memberships.map(strip) })),
    articles: doc.articles.map(strip),
    grants: doc.grants.map(strip),
    subscriptions: doc.subscriptions.map(strip),
    tickets: doc.tickets.map(strip),
  };
}

/** Organizations ordered so that a parent defined in the document comes before its children. */
export function parentsFirst(organizations: ImportOrganization[]): ImportOrganization[] {
  const byRef = new Map(organizations.map((o) => [o.ref, o]));
  const ordered: ImportOrganization[] = [];
  const placed = new Set<string>();
  const place = (org: ImportOrganization) => {
    if (placed.has(org.ref)) return;
    placed.add(org.ref);
    const parent = org.parent ? byRef.get(org.parent) : undefined;
    if (parent) place(parent);
    ordered.push(org);
  };
  organizations.forEach(place);
  return ordered;
}

/** The document's text as JSON, or the reason it is not JSON. */
export function parseImportJson(text: string): { ok: true; json: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, json: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${(error as Error).message}` };
  }
}
