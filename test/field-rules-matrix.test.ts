/**
 * Every view × role × resource × field, on create and on update, through the panel's HTTP API
 * against PostgreSQL: a write outside the actor's field rules answers 4xx and leaves the whole
 * table as it was; a write inside them succeeds and stores the value. The rules come from the
 * policy (reviewed as the committed snapshot); the fields come from the models, so a new column is
 * covered the day it is added.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Op, QueryTypes } from 'sequelize';
import { startTestPanel, login, switchContext, type Agent, type TestPanel } from './support/portal.ts';
import { fieldsWritable, RESOURCES, type Actor, type ResourceId, type View } from '../models/domain/policy.ts';
import { ROLES, type Role } from '../models/domain/roles.ts';
import {
  ApiToken, Article, CustomPropertyDefinition, CustomPropertyValue, Invitation, License, MODELS, WebhookEndpoint, Membership, Organization, ResellerPrice, ProductGroup,
  ProductGroupGrant, SoftwareRelease, Subscription, Ticket, User,
} from '../models/index.ts';
import { hashPassword } from '../models/passwords.ts';
import { DEMO_PASSWORD } from '../models/demo-seed.ts';
import { issueStatements } from '../services/statements/issue-period.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { LICENSE_KINDS } from '../models/domain/values.ts';

interface Context {
  view: View; org: number; child: number; article: number; demoArticle: number; productGroup: number; reseller: number; customer: number;
  /** A channel organization other than `reseller`, below the distributor: a grant's other holder. */
  otherReseller: number;
  /** The vendor's date: the channel books subscriptions from today on. */
  today: string;
}

/** A product group leaving room for every value validValue writes into a grant. */
const WIDE_FRAME = { demoDays: [14, 30, 60], minSeats: 1, maxSeats: 100, termMonths: [1, 12, 24], articleKinds: [...LICENSE_KINDS] };

/** A fresh product group; a distributor holds it (from the vendor), so that it may pass it on. */
async function grantableGroup(name: string, ctx: Context): Promise<number> {
  const group = await ProductGroup.create({ name, ...WIDE_FRAME });
  if (ctx.view === 'distributor') await ProductGroupGrant.create({ productGroupId: group.id, organizationId: ctx.org });
  return group.id;
}

/** An article of its own, for a row that is unique per article (a reseller price). */
const freshArticle = async (k: string) => (await Article.create({ code: `FP${k}`, name: 'Priced', kind: 'subscription', interval: 'month', priceCents: 100, currency: 'EUR' })).id;

let n = 0;
const next = () => `${process.pid}x${++n}`;
const hex64 = () => randomBytes(32).toString('hex');
const SYSTEM = new Set(['id', 'createdAt', 'updatedAt']);

/** A row of `resource` inside the context, with values that differ from what validValue writes. */
async function fixture(resource: ResourceId, ctx: Context): Promise<number | null> {
  const k = next();
  const user = async (org: number) => {
    const u = await User.create({ email: `fixture-${k}@fields.test`, name: 'Fixture', locale: 'de' });
    await Membership.create({ userId: u.id, organizationId: org, role: 'member' });
    return u;
  };
  switch (resource) {
    // Not a customer organization: those carry no billing address, and validValue writes one.
    case 'organizations':
      return ctx.child === ctx.org ? ctx.org : (await Organization.create({ name: `Fixture ${k}`, views: ['partner'], parentId: ctx.child, locale: 'de' })).id;
    case 'users': return (await user(ctx.child)).id;
    case 'memberships': return (await Membership.findOne({ where: { userId: (await user(ctx.child)).id } }))!.id;
    case 'articles': return (await Article.create({ code: `FA${k}`, name: 'Fixture', kind: 'full', interval: 'month', priceCents: 100, currency: 'EUR' })).id;
    case 'product_groups': return (await ProductGroup.create({ name: `Fixture ${k}`, minSeats: 1 })).id;
    // A distributor's fixture is a grant it passed on to reseller A; everyone else's the vendor's.
    case 'product_group_grants':
      return (await ProductGroupGrant.create({
        productGroupId: await grantableGroup(`Granted ${k}`, ctx), organizationId: ctx.reseller, grantedById: ctx.view === 'distributor' ? ctx.org : null,
      })).id;
    case 'software_releases': return (await SoftwareRelease.create({ productLine: 'Fixture', version: `f${k}`, releasedOn: '2026-01-01', fileUrl: 'https://example.test/old' })).id;
    case 'tickets': return (await Ticket.create({ code: `FT${k}`, articleId: ctx.article, organizationId: ctx.child, status: 'open' })).id;
    case 'licenses': return (await License.create({ licenseKey: `FL${k}`, organizationId: ctx.child, articleId: ctx.article, kind: 'full', status: 'inactive', seats: 1 })).id;
    case 'subscriptions':
      return (await Subscription.create({ ref: `FS${k}`, resellerId: ctx.reseller, customerId: ctx.customer, articleId: ctx.article, quantity: 1, unitPriceCents: 100, interval: 'month', startDate: '2026-01-01', termMonths: 1 })).id;
    case 'custom_property_definitions': return (await CustomPropertyDefinition.create({ organizationId: ctx.org, name: `Fixture ${k}`, type: 'choice', choices: ['x'] })).id;
    case 'custom_property_values': {
      const definition = await CustomPropertyDefinition.create({ organizationId: ctx.org, name: `Valued ${k}`, type: 'text' });
      return (await CustomPropertyValue.create({ definitionId: definition.id, organizationId: ctx.child, value: 'fixture' })).id;
    }
    case 'reseller_prices': return (await ResellerPrice.create({ articleId: await freshArticle(k), resellerId: ctx.reseller, unitPriceCents: 100 })).id;
    case 'invitations':
      return (await Invitation.create({ organizationId: ctx.child, email: `invited-${k}@fields.test`, role: 'member', tokenHash: hex64(), expiresAt: new Date(Date.now() + 86_400_000) })).id;
    case 'webhook_endpoints':
      return (await WebhookEndpoint.create({ organizationId: ctx.child, view: ctx.view, url: 'https://hooks.fields.test/old', events: ['license.changed'], secretSealed: 'sealed' })).id;
    case 'api_tokens':
      return (await ApiToken.create({ organizationId: ctx.org, name: `Fixture ${k}`, view: ctx.view === 'dpo' ? 'vendor' : ctx.view, role: 'read-only', tokenHash: hex64() })).id;
    default: {
      const [row] = await MODELS[resource].findAll({ limit: 1, order: [['id', 'ASC']] });
      return row ? Number(row.get('id')) : null;
    }
  }
}

/** A value for `field` that is valid in the context and differs from the fixture's. */
async function validValue(resource: ResourceId, field: string, mode: 'create' | 'update', ctx: Context): Promise<unknown> {
  const k = next();
  const byField: Record<string, unknown> = {
    name: `Name ${k}`, description: 'Described', email: `new-${k}@fields.test`, contactEmail: `contact-${k}@fields.test`,
    billingEmail: `billing-${k}@fields.test`, locale: 'en', street: 'Street 1', zip: '10115', city: 'Berlin', country: 'AT',
    supportContact: 'support@fields.test', ref: `R${k}`, customerNumber: `C${k}`, dataPolicy: 'pseudonymous', statementMode: 'cutoff',
    password: 'fields-password-1', role: 'guest', isDpo: true, code: `X${k}`, kind: 'demo', interval: 'year', priceCents: 4321,
    currency: 'USD', productGroupId: ctx.productGroup, demoDays: [14, 30], minSeats: 2, maxSeats: 9, productLine: 'Line', version: `v${k}`,
    releasedOn: '2026-02-02', fileUrl: 'https://example.test/new', sha256: hex64(), articleId: ctx.article, status: 'active',
    licenseKey: `K${k}`, seats: 3, device: 'PC-1', expiresOn: '2027-01-31', serviceUntil: '2027-01-31', quantity: 2, unitPriceCents: 555,
    startDate: ctx.today, termMonths: 12, autoRenew: false, type: 'choice', choices: ['a', 'b'], value: 'written', reason: 'asked by the subject',
    resellerId: ctx.reseller, customerId: ctx.customer, terminatedOn: '2026-06-01', cancelledOn: '2026-06-01', cancelReason: 'exchange',
    freeKeyQuota: 7, visibleToCustomer: true, url: 'https://hooks.fields.test/new', events: ['license.created', 'statement.issued'], active: false, customerTrials: true,
  };
  // The vendor creates a partner (so that a billing address may go with it); the channel its customers.
  if (resource === 'organizations' && field === 'views') return mode === 'create' ? [ctx.view === 'vendor' ? 'partner' : 'customer'] : ['customer', 'partner'];
  if ((resource === 'product_groups' || resource === 'product_group_grants') && field === 'termMonths') return [1, 12];
  if ((resource === 'product_groups' || resource === 'product_group_grants') && field === 'articleKinds') return ['demo', 'subscription'];
  // A license the channel issues: a demo of Office Suite, for 30 days (inside reseller A's frame).
  if (resource === 'licenses' && field === 'articleId') return ctx.demoArticle;
  if (resource === 'licenses' && field === 'demoDays') return 30;
  if (resource === 'product_group_grants' && field === 'organizationId') return ctx.otherReseller;
  // One price per article and reseller: each new price is for an article of its own.
  if (resource === 'reseller_prices' && field === 'articleId') return freshArticle(k);
  if (resource === 'organizations' && field === 'parentId') return mode === 'create' ? ctx.org : ctx.child;
  if (resource === 'tickets' && field === 'status') return 'assigned';
  if (resource === 'api_tokens' && field === 'role') return 'member';
  if (resource === 'memberships' && field === 'userId') {
    const user = await User.create({ email: `member-${k}@fields.test`, name: 'Member' });
    await Membership.create({ userId: user.id, organizationId: ctx.org, role: 'guest' });
    return user.id;
  }
  if (resource === 'product_group_grants' && field === 'productGroupId') return grantableGroup(`Grantable ${k}`, ctx);
  if (resource === 'custom_property_values' && field === 'definitionId') {
    return (await CustomPropertyDefinition.create({ organizationId: ctx.org, name: `Defined ${k}`, type: 'text' })).id;
  }
  if (field === 'organizationId') return resource === 'custom_property_definitions' ? ctx.org : ctx.child;
  if (field === 'assignedUserId') return (await User.findOne({ where: { id: (await Membership.findOne({ where: { organizationId: ctx.child } }))!.userId } }))!.id;
  if (field === 'licenseId') return (await License.create({ licenseKey: `VL${k}`, organizationId: ctx.child, articleId: ctx.article, kind: 'full' })).id;
  if (field === 'subjectLabel') return `org:${(await Organization.create({ ref: `subject-${k}`, name: 'Subject', views: ['customer'], parentId: ctx.customer })).ref}`;
  return field in byField ? byField[field] : `written ${k}`;
}

/** A valid value that differs from the stored one, so that refusing it is a refusal of a real change. */
async function differentValue(resource: ResourceId, field: string, stored: unknown, ctx: Context): Promise<unknown> {
  const value = await validValue(resource, field, 'update', ctx);
  if (asWritten(value) !== asWritten(stored)) return value;
  if (field === 'type') return 'text';
  const [other] = await MODELS[resource === 'tickets' && field === 'articleId' ? 'articles' : 'organizations'].findAll({
    where: { id: { [Op.ne]: Number(stored) } }, order: [['id', 'ASC']], limit: 1,
  });
  return Number(other.get('id'));
}

/** The fewest fields a new row needs (the service fills in the rest: tokens, hashes, defaults). */
const BASE: Partial<Record<ResourceId, string[]>> = {
  organizations: ['name', 'views', 'parentId'], users: ['email', 'name', 'password', 'organizationId', 'role'],
  memberships: ['userId', 'organizationId', 'role'], articles: ['code', 'name', 'kind'], product_groups: ['name'],
  product_group_grants: ['productGroupId', 'organizationId'], software_releases: ['productLine', 'version', 'releasedOn', 'fileUrl'],
  tickets: ['code', 'articleId', 'organizationId'], licenses: ['licenseKey', 'organizationId', 'articleId', 'kind'],
  subscriptions: ['ref', 'resellerId', 'customerId', 'articleId', 'quantity', 'unitPriceCents', 'interval', 'startDate', 'termMonths'],
  custom_property_definitions: ['organizationId', 'name', 'type', 'choices'], custom_property_values: ['definitionId', 'organizationId'],
  invitations: ['email', 'organizationId', 'role'], erasure_requests: ['subjectLabel', 'reason'],
  reseller_prices: ['articleId', 'resellerId', 'unitPriceCents'],
  webhook_endpoints: ['organizationId', 'url', 'events'],
  api_tokens: ['name', 'role'],
};

/** What the channel sends to issue a license or book a subscription; the service fills in the rest from the article and the frame. */
const ISSUED_BASE: Partial<Record<ResourceId, string[]>> = {
  licenses: ['organizationId', 'articleId', 'seats', 'demoDays'],
  subscriptions: ['customerId', 'articleId', 'quantity', 'startDate', 'termMonths'],
};

/** Input fields that are not columns: a new account's password, organization and role; a demo license's days. */
const EXTRA_FIELDS: Partial<Record<ResourceId, string[]>> = { users: ['password', 'organizationId', 'role'], erasure_requests: ['subjectLabel'], licenses: ['demoDays'] };

const candidates = (resource: ResourceId) =>
  [...new Set([...Object.keys(MODELS[resource].getAttributes()), ...(EXTRA_FIELDS[resource] ?? [])])].filter((f) => !SYSTEM.has(f));

/** A stored value as the API wrote it (dates and arrays compared as text). */
const asWritten = (value: unknown) => (value instanceof Date ? value.toISOString() : JSON.stringify(value));

interface Spec { view: View; orgRef: string; role: Role }

describe('field rules through the HTTP API, every view × role × resource × field', () => {
  let portal: TestPanel;
  let ids: Map<string, number>;
  before(async () => {
    portal = await startTestPanel();
    const vendor = (await Organization.findOne({ where: { ref: 'vendor' } }))!;
    const partner = await Organization.create({ ref: 'fields-partner', name: 'Fields Partner', views: ['partner'], parentId: vendor.id });
    await Organization.create({ ref: 'fields-partner-customer', name: 'Linked', views: ['customer'], parentId: partner.id });
    const si = await Organization.create({ ref: 'fields-si', name: 'Fields Integrator', views: ['system_integrator'], parentId: vendor.id });
    await Organization.create({ ref: 'fields-si-customer', name: 'SI Customer', views: ['customer'], parentId: si.id });
    await issueStatements(portal, { period: '2026-10', trigger: 'cli' });
    // A channel organization sees (and pools tickets of) the articles of its granted groups only:
    // the integrator holds Office Suite too (the demo distributor does already).
    const office = (await ProductGroup.findOne({ where: { name: 'Office Suite' } }))!;
    await ProductGroupGrant.create({ productGroupId: office.id, organizationId: si.id });
    ids = new Map((await Organization.findAll()).map((o) => [o.ref ?? String(o.id), o.id]));
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const ref of ['vendor', 'distributor', 'reseller-a', 'fields-partner', 'fields-si', 'customer-a1']) {
      for (const role of ROLES) {
        const user = await User.create({ email: `${ref}-${role}@fields.test`, name: `${ref} ${role}`, passwordHash });
        await Membership.create({ userId: user.id, organizationId: ids.get(ref)!, role });
      }
    }
  });
  after(() => portal.close());

  const SPECS: Spec[] = [
    ...(['vendor', 'distributor', 'reseller', 'service_provider', 'system_integrator', 'partner', 'customer'] as View[]).flatMap((view) => ROLES.map((role) => ({
      view, role,
      orgRef: { vendor: 'vendor', distributor: 'distributor', reseller: 'reseller-a', service_provider: 'reseller-a', system_integrator: 'fields-si', partner: 'fields-partner', customer: 'customer-a1', dpo: 'vendor' }[view],
    }))),
    { view: 'dpo', orgRef: 'vendor', role: 'member' },
  ];

  const tableText = async (table: string) => JSON.stringify(await portal.sequelize.query(`select * from ${table} order by id`, { type: QueryTypes.SELECT }));
  const rowOf = async (resource: ResourceId, id: number) => (await MODELS[resource].findByPk(id))?.toJSON() as Record<string, unknown> | undefined;

  for (const spec of SPECS) {
    it(`${spec.view}/${spec.role}`, async () => {
      const orgId = ids.get(spec.orgRef)!;
      const agent: Agent = await login(portal.panel.app, spec.view === 'dpo' ? 'dpo@demo.test' : `${spec.orgRef}-${spec.role}@fields.test`);
      await switchContext(agent, orgId, spec.view);
      const userId = spec.view === 'dpo' ? 0 : (await User.findOne({ where: { email: `${spec.orgRef}-${spec.role}@fields.test` } }))!.id;
      const actor: Actor = { userId, organizationId: orgId, view: spec.view, role: spec.role };
      const [child] = await portal.sequelize.query<{ id: number }>('select id from organizations where parent_id = :orgId order by id limit 1', { replacements: { orgId }, type: QueryTypes.SELECT });
      const ctx: Context = {
        view: spec.view, org: orgId, child: spec.view === 'vendor' || spec.view === 'dpo' ? ids.get('customer-a2')! : child?.id ?? orgId,
        article: (await Article.findOne({ where: { code: 'OFF-SUB-M' } }))!.id, demoArticle: (await Article.findOne({ where: { code: 'OFF-DEMO' } }))!.id,
        productGroup: (await ProductGroup.findOne({ where: { name: 'Office Suite' } }))!.id,
        reseller: ids.get('reseller-a')!, customer: ids.get('customer-a1')!, otherReseller: ids.get('reseller-b')!,
        today: calendarDateIn(new Date(), portal.config.timezone),
      };
      const problems: string[] = [];
      const api = (resource: string) => `/admin/api/resources/${resource}`;

      for (const resource of RESOURCES) {
        // update: each field the rules give succeeds on a fresh row; every other field is refused and changes nothing.
        const updatable = fieldsWritable(actor, resource, 'update');
        const shared = await fixture(resource, ctx);
        for (const field of candidates(resource).filter((f) => !updatable.includes(f))) {
          if (shared === null) continue;
          const value = await differentValue(resource, field, (await rowOf(resource, shared))?.[field], ctx);
          const before = await tableText(resource);
          const response = await agent.post(`${api(resource)}/records/${shared}/edit`).send({ [field]: value });
          const changed = await tableText(resource) !== before;
          if (response.status < 400 || response.status >= 500 || changed) {
            problems.push(`update ${resource}.${field} refused by the rules but answered ${response.status}${changed ? ' and changed the table' : ''}`);
          }
        }
        for (const field of updatable) {
          const id = await fixture(resource, ctx);
          const value = await validValue(resource, field, 'update', ctx);
          const response = await agent.post(`${api(resource)}/records/${id}/edit`).send({ [field]: value });
          const stored = (await rowOf(resource, id!))?.[field];
          if (response.status !== 200 || asWritten(stored) !== asWritten(value)) {
            problems.push(`update ${resource}.${field} allowed but ${response.status} ${JSON.stringify(response.body.error ?? '')} stored ${asWritten(stored)}`);
          }
        }

        // create: the base row with each allowed field succeeds; the base row plus a refused field is refused whole.
        const creatable = fieldsWritable(actor, resource, 'create');
        const base = (spec.view !== 'vendor' ? ISSUED_BASE[resource] : undefined) ?? BASE[resource] ?? [];
        if (creatable.length > 0 && !base.every((f) => creatable.includes(f))) problems.push(`create ${resource}: the rules give some fields but not a whole row (${base.filter((f) => !creatable.includes(f)).join(', ')})`);
        const payload = async () => Object.fromEntries(await Promise.all(base.map(async (f) => [f, await validValue(resource, f, 'create', ctx)])));
        for (const field of candidates(resource)) {
          const body = { ...await payload(), [field]: await validValue(resource, field, 'create', ctx) };
          const rows = await tableText(resource);
          const response = await agent.post(`${api(resource)}/actions/new`).send(body);
          if (creatable.includes(field) && base.every((f) => creatable.includes(f))) {
            if (response.status !== 200) problems.push(`create ${resource} with ${field} allowed but ${response.status} ${JSON.stringify(response.body.error ?? response.body.notice ?? '')}`);
          } else if (response.status < 400 || response.status >= 500 || await tableText(resource) !== rows) {
            problems.push(`create ${resource} with ${field} refused by the rules but answered ${response.status}${await tableText(resource) !== rows ? ' and changed the table' : ''}`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});
