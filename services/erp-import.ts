/**
 * Applies an ERP import document: every row upserted by its external reference inside one
 * transaction, or nothing at all when any row is wrong.
 */
import { Op, QueryTypes, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import { Article, Membership, Organization, ProductGroup, ProductGroupGrant, Subscription, Ticket, User } from '../models/index.ts';
import { grantProblems } from '../models/domain/frame.ts';
import { replacementProblem } from '../models/domain/subscription-rules.ts';
import { heldFrame, narrowingOf } from './frames.ts';
import { unitPriceFor } from './reseller-prices.ts';
import { endSessionsOf } from './sessions.ts';
import { recordAudit } from '../models/audit.ts';
import { can, type Actor } from '../models/domain/policy.ts';
import { mayGrantRole } from '../models/domain/roles.ts';
import { auditActor, auditWrites, changesBetween } from './audit-trail.ts';
import { Refusal, forbidden } from './refusal.ts';
import { insertTickets } from './tickets.ts';
import type { Progress } from './progress.ts';
import type { Row } from './records.ts';
import {
  parentsFirst, validateImportDocument, SECTIONS, type ImportDocument, type KnownRows, type Section,
} from '../models/domain/import-document.ts';
import { msg, renderMessage, type Message } from '../templates/messages.ts';

export type ImportCounts = Record<Section | 'memberships', { created: number; updated: number }>;
export type ImportResult = { ok: true; counts: ImportCounts } | { ok: false; errors: string[] };

/** Thrown inside the transaction to roll it back with the reasons. */
class Rejected extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
  }
}

// Imports run one after another, so two of them never race for the same new reference.
const IMPORT_LOCK = `select pg_advisory_xact_lock(hashtext('portal:erp-import'))`;

/**
 * The ERP import as the vendor's operation: refused (403) unless the actor may import, and a
 * membership role above the actor's own is refused (403, naming each) like an invitation's
 * (delegation never escalates).
 */
export async function importDocument(sequelize: Sequelize, actor: Actor, json: unknown, onProgress?: Progress): Promise<ImportResult> {
  if (!can(actor, 'organizations', 'import')) throw forbidden(msg('onlyVendorImports'));
  const { needs } = validateImportDocument(json);
  try {
    const counts = await sequelize.transaction(async (transaction) => {
      await sequelize.query(IMPORT_LOCK, { transaction });
      const known: Known = {
        organizations: byKey(await Organization.findAll({ where: { ref: { [Op.in]: needs.organizations } }, transaction }), (o) => o.ref as string),
        articles: byKey(await Article.findAll({ where: { code: { [Op.in]: needs.articles } }, transaction }), (a) => a.code),
        productGroups: byKey(await ProductGroup.findAll({ where: { name: { [Op.in]: needs.productGroups } }, transaction }), (g) => g.name),
      };
      const checked = validateImportDocument(json, known);
      if (!checked.ok) throw new Rejected(checked.errors);
      // Not a flaw of the document but a right the importer lacks: refused (403), nothing imported.
      const escalations = checked.doc.users.flatMap((user, u) => user.memberships.flatMap((m, i): Array<[string, Message]> => (mayGrantRole(actor.role, m.role)
        ? [] : [[`users[${u}].memberships[${i}].role`, msg('importRoleCeiling', { role: m.role, own: actor.role })]])));
      if (escalations.length > 0) throw Refusal.ofFields(403, Object.fromEntries(escalations));
      const vendor = await Organization.findOne({ where: { views: { [Op.contains]: ['vendor'] } }, order: [['id', 'ASC']], transaction });
      const errors = await conflictsWithDatabase(sequelize, checked.doc, vendor, transaction);
      if (errors.length > 0) throw new Rejected(errors);
      const result = await write(sequelize, checked.doc, known, vendor, actor, transaction, onProgress);
      await recordAudit({
        userId: auditActor(actor).userId, organizationId: vendor?.id ?? null, action: 'erp.import', details: { counts: result, ...auditActor(actor).who },
      }, transaction);
      return result;
    });
    return { ok: true, counts };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, errors: error.errors };
    if (error instanceof UniqueConstraintError) {
      const detail = (error.parent as { detail?: string } | undefined)?.detail ?? error.message;
      return { ok: false, errors: [`${detail} Another change wrote the same key while the import ran; nothing was imported, run it again.`] };
    }
    throw error;
  }
}

type Known = KnownRows & { organizations: Map<string, Organization>; articles: Map<string, Article>; productGroups: Map<string, ProductGroup> };

function byKey<T>(rows: T[], key: (row: T) => string): Map<string, T> {
  return new Map(rows.map((row) => [key(row), row]));
}

/** What only the database can tell: collisions with rows outside the document. */
async function conflictsWithDatabase(sequelize: Sequelize, doc: ImportDocument, vendor: Organization | null, transaction: Transaction): Promise<string[]> {
  const errors: string[] = [];
  const existing = byKey(await Organization.findAll({ where: { ref: { [Op.in]: doc.organizations.map((o) => o.ref) } }, transaction }), (o) => o.ref as string);
  const numbers = doc.organizations.map((o) => o.customerNumber).filter((n): n is string => n !== null);
  const holders = await Organization.findAll({ where: { customerNumber: { [Op.in]: numbers } }, transaction });
  const docRefs = new Set(doc.organizations.map((o) => o.ref));
  // An erased organization stays pseudonymous: the ERP sending its row again would restore the
  // personal data the erasure removed. Its ref still works in subscriptions.
  const erasedIds = existing.size === 0 ? new Set<number>() : new Set((await sequelize.query<{ id: number }>(
    `select subject_id as id from erasure_requests where subject_kind = 'org' and status = 'executed' and subject_id in (:ids)`,
    { replacements: { ids: [...existing.values()].map((o) => o.id) }, type: QueryTypes.SELECT, transaction })).map((r) => r.id));
  doc.organizations.forEach((org, index) => {
    const before = existing.get(org.ref);
    if (before && erasedIds.has(before.id)) errors.push(`organizations[${index}]: "${org.ref}" was erased under the GDPR; remove it from the ERP export (its ref may still be used by subscriptions)`);
    if (existing.get(org.ref)?.views.includes('vendor')) errors.push(`organizations[${index}].ref: "${org.ref}" is the vendor organization, which is not imported`);
    if (org.parent === null && !vendor) errors.push(`organizations[${index}].parent: no vendor organization in the portal to place "${org.ref}" below; name a parent`);
    const holder = holders.find((h) => h.customerNumber === org.customerNumber);
    if (holder && holder.ref !== org.ref && !(holder.ref && docRefs.has(holder.ref))) {
      errors.push(`organizations[${index}].customerNumber: "${org.customerNumber}" already belongs to organization ${holder.ref ? `"${holder.ref}"` : `#${holder.id}`}`);
    }
  });
  // Issued statements charged the old reseller; moving a subscription would leave its corrections nowhere.
  const refs = doc.subscriptions.map((s) => s.ref);
  const current = refs.length === 0 ? [] : await sequelize.query<{ ref: string; reseller: string | null }>(`
    select s.ref, o.ref as reseller from subscriptions s join organizations o on o.id = s.reseller_id
    where s.ref in (:refs)`, { replacements: { refs }, type: QueryTypes.SELECT, transaction });
  const resellerOf = byKey(current, (row) => row.ref);
  doc.subscriptions.forEach((sub, index) => {
    const before = resellerOf.get(sub.ref);
    if (before && before.reseller !== sub.reseller) {
      errors.push(`subscriptions[${index}].reseller: subscription "${sub.ref}" belongs to reseller ${before.reseller ? `"${before.reseller}"` : '(without ref)'}; a subscription cannot move to another reseller, cancel it and import a new one`);
    }
  });
  return errors;
}

async function upsert<M extends Organization | User | Article | Subscription | Membership | ProductGroupGrant>(
  found: M | null, create: () => Promise<M>, values: Record<string, unknown>, count: { created: number; updated: number }, transaction: Transaction,
): Promise<M> {
  if (found) {
    count.updated += 1;
    return found.update(values, { transaction }) as Promise<M>;
  }
  count.created += 1;
  return create();
}

async function write(
  sequelize: Sequelize, doc: ImportDocument, known: Known,
  vendor: Organization | null, importer: Actor, transaction: Transaction, onProgress?: Progress,
): Promise<ImportCounts> {
  const importerRole = importer.role;
  const counts = Object.fromEntries([...SECTIONS, 'memberships'].map((s) => [s, { created: 0, updated: 0 }])) as ImportCounts;
  // One step per section: the import is one transaction, written section after section.
  let sectionsDone = 0;
  const sectionDone = (section: string) => onProgress?.(++sectionsDone, SECTIONS.length, section);
  const orgs = new Map(known.organizations);
  for (const org of parentsFirst(doc.organizations)) {
    const parent = org.parent === null ? vendor : orgs.get(org.parent);
    const values = {
      name: org.name, views: org.views, parentId: parent?.id ?? null, customerNumber: org.customerNumber,
      dataPolicy: org.dataPolicy, statementMode: org.statementMode, billingEmail: org.billingEmail,
      contactEmail: org.contactEmail, locale: org.locale, ...org.address,
    };
    const found = await Organization.findOne({ where: { ref: org.ref }, transaction });
    orgs.set(org.ref, await upsert(found, () => Organization.create({ ref: org.ref, ...values }, { transaction }), values, counts.organizations, transaction));
  }
  await rejectParentCycles(sequelize, doc, doc.organizations.map((o) => orgs.get(o.ref)!.id), transaction);
  sectionDone('organizations');

  // As in the panel (row-rules.ts): a membership holding a role above the importer's is not changed by it.
  const aboveImporter: Record<string, Message> = {};
  // People whose memberships the import creates or whose role it changes: their sessions end (services/sessions.ts).
  const membershipsChanged = new Set<number>();
  for (const [u, user] of doc.users.entries()) {
    const found = await User.findOne({ where: { email: user.email }, transaction });
    // Imported people get no password: they are invited, and set one through the invitation.
    const row = await upsert(found, () => User.create({ email: user.email, name: user.name }, { transaction }), { name: user.name }, counts.users, transaction);
    for (const [i, membership] of user.memberships.entries()) {
      const organizationId = orgs.get(membership.org)!.id;
      const existing = await Membership.findOne({ where: { userId: row.id, organizationId }, transaction });
      if (existing && existing.role !== membership.role && !mayGrantRole(importerRole, existing.role)) {
        aboveImporter[`users[${u}].memberships[${i}].role`] = msg('importRoleAbove', { role: existing.role, org: membership.org, own: importerRole });
        continue;
      }
      if (!existing || existing.role !== membership.role) membershipsChanged.add(row.id);
      await upsert(existing, () => Membership.create({ userId: row.id, organizationId, role: membership.role }, { transaction }),
        { role: membership.role }, counts.memberships, transaction);
    }
  }
  if (Object.keys(aboveImporter).length > 0) throw Refusal.ofFields(403, aboveImporter);
  await endSessionsOf(sequelize, membershipsChanged, transaction);
  sectionDone('users');

  const articles = new Map(known.articles);
  for (const article of doc.articles) {
    const values = { name: article.name, kind: article.kind, interval: article.interval, priceCents: article.priceCents, currency: article.currency };
    const found = await Article.findOne({ where: { code: article.code }, transaction });
    articles.set(article.code, await upsert(found, () => Article.create({ code: article.code, ...values }, { transaction }), values, counts.articles, transaction));
  }
  sectionDone('articles');

  // What only the written rows can tell (a grant inside its granter's frame, an exchange's replacement, a ticket staying where it is), all listed at once.
  const errors = await writeGrants(sequelize, doc, orgs, known.productGroups, counts, transaction);
  sectionDone('grants');

  const subscriptions: Subscription[] = [];
  // Each subscription as it was before this import (undefined: new), for its audit entry.
  const subscriptionsBefore: Array<Row | undefined> = [];
  for (const sub of doc.subscriptions) {
    const article = articles.get(sub.article)!;
    const resellerId = orgs.get(sub.reseller)!.id;
    const values = {
      resellerId, customerId: orgs.get(sub.customer)!.id, articleId: article.id,
      // Without a price of its own, the vendor's price for the reseller (services/reseller-prices.ts), else the article's.
      quantity: sub.quantity, unitPriceCents: sub.unitPriceCents ?? await unitPriceFor(article, resellerId, transaction), interval: article.interval,
      startDate: sub.start, termMonths: sub.termMonths, autoRenew: sub.autoRenew,
      terminatedOn: sub.terminatedOn, cancelledOn: sub.cancelledOn, cancelReason: sub.cancelReason,
      // A replacement the ERP does not name but the portal did stays while the row remains an exchange.
      ...(sub.cancelReason === 'exchange' ? {} : { replacedById: null }),
    };
    const found = await Subscription.findOne({ where: { ref: sub.ref }, transaction });
    subscriptionsBefore.push(found?.toJSON() as Row | undefined);
    subscriptions.push(await upsert(found, () => Subscription.create({ ref: sub.ref, ...values }, { transaction }), values, counts.subscriptions, transaction));
  }
  errors.push(...await writeReplacements(doc, subscriptions, transaction));
  sectionDone('subscriptions');
  errors.push(...await writeTickets(sequelize, doc, orgs, articles, counts, transaction));
  sectionDone('tickets');
  if (errors.length > 0) throw new Rejected(errors);
  await auditSubscriptions(importer, subscriptions, subscriptionsBefore, transaction);
  return counts;
}

/**
 * Each subscription the import created or changed gets its own audit entry, as a panel write does,
 * and with it its webhook events (services/audit-trail.ts auditWrites: one INSERT for the entries,
 * the recipients looked up once per section). A row the document repeats unchanged is no write.
 */
async function auditSubscriptions(importer: Actor, written: Subscription[], before: Array<Row | undefined>, transaction: Transaction): Promise<void> {
  const created: Array<{ row: Row; before: undefined }> = [];
  const updated: Array<{ row: Row; before: Row }> = [];
  written.forEach((sub, index) => {
    const row = sub.toJSON() as Row;
    const was = before[index];
    if (!was) created.push({ row, before: undefined });
    else if (Object.keys(changesBetween(was, row)).length > 0) updated.push({ row, before: was });
  });
  await auditWrites(importer, 'subscriptions', 'create', created, transaction);
  await auditWrites(importer, 'subscriptions', 'update', updated, transaction);
}

/**
 * Grants are upserted by (organization, group) in an order that writes a granter's own grant before
 * the ones it passes on; each must lie inside what its granter holds then (the vendor: the whole
 * group), below the granter in the tree. Returns the rows out of bounds, each naming its path.
 */
async function writeGrants(
  sequelize: Sequelize, doc: ImportDocument, orgs: Map<string, Organization>, groups: Map<string, ProductGroup>, counts: ImportCounts, transaction: Transaction,
): Promise<string[]> {
  const errors: string[] = [];
  const pending = [...doc.grants.entries()];
  const waitsFor = ([, grant]: (typeof pending)[number]) => pending.some(([, other]) => other.organization === grant.grantedBy && other.productGroup === grant.productGroup);
  while (pending.length > 0) {
    // A granter's own grant first; a cycle of grants passing each other on is written as it stands and found out of bounds.
    const index = Math.max(0, pending.findIndex((entry) => !waitsFor(entry)));
    const [[i, grant]] = pending.splice(index, 1);
    const at = `grants[${i}]`;
    const organizationId = orgs.get(grant.organization)!.id;
    const grantedById = grant.grantedBy === null ? null : orgs.get(grant.grantedBy)!.id;
    const group = groups.get(grant.productGroup)!;
    if (grantedById !== null && !(await subtree(sequelize, grantedById, transaction)).has(organizationId)) {
      errors.push(`${at}.organization: "${grant.organization}" is not below "${grant.grantedBy}", which passes the group on`);
      continue;
    }
    const held = await heldFrame(grantedById, group.id, transaction);
    if (!held) {
      errors.push(`${at}.grantedBy: "${grant.grantedBy}" holds no grant of ${group.name} to pass on`);
      continue;
    }
    const narrowing = narrowingOf(grant as unknown as Record<string, unknown>);
    const problems = grantProblems(held.frame, narrowing, held.label);
    if (problems.length > 0) {
      errors.push(...problems.map((problem) => `${at}.${problem.field}: ${renderMessage(problem.message).replace(new RegExp(`^${problem.field}:? `), '')}`));
      continue;
    }
    const values = { ...narrowing, grantedById };
    const found = await ProductGroupGrant.findOne({ where: { organizationId, productGroupId: group.id }, transaction });
    await upsert(found, () => ProductGroupGrant.create({ organizationId, productGroupId: group.id, ...values }, { transaction }), values, counts.grants, transaction);
  }
  return errors;
}

/** An exchange's replacement, named by ref, checked as the portal's `cancel` checks it (subscription-rules.ts); returns the refusals. */
async function writeReplacements(doc: ImportDocument, written: Subscription[], transaction: Transaction): Promise<string[]> {
  const errors: string[] = [];
  for (const [index, entry] of doc.subscriptions.entries()) {
    if (entry.replacedBy === null) continue;
    const sub = written[index];
    const replacement = await Subscription.findOne({ where: { ref: entry.replacedBy }, transaction });
    const problem = replacement ? replacementProblem(sub, replacement, sub.cancelledOn!) : null;
    if (!replacement) errors.push(`subscriptions[${index}].replacedBy: unknown subscription "${entry.replacedBy}" (neither in this document nor in the portal)`);
    else if (problem) errors.push(`subscriptions[${index}].replacedBy: ${renderMessage(problem).replace(/\.$/, '')}`);
    else await sub.update({ replacedById: replacement!.id }, { transaction });
  }
  return errors;
}

/** The organization ids at and below `rootId`, as this transaction sees the tree. */
async function subtree(sequelize: Sequelize, rootId: number, transaction: Transaction): Promise<Set<number>> {
  const rows = await sequelize.query<{ id: number }>(`
    with recursive tree(id) as (select :rootId::int union select o.id from organizations o join tree t on o.parent_id = t.id)
    select id from tree`, { replacements: { rootId }, type: QueryTypes.SELECT, transaction });
  return new Set(rows.map((r) => r.id));
}

/**
 * Tickets by code are created when new; pools are topped up to their count with codes the portal
 * draws. Tickets already stored are never moved, withdrawn or given another article: a row that
 * would do so is an error (returned), and the whole import is refused.
 */
async function writeTickets(
  sequelize: Sequelize, doc: ImportDocument, orgs: Map<string, Organization>, articles: Map<string, Article>, counts: ImportCounts, transaction: Transaction,
): Promise<string[]> {
  const errors: string[] = [];
  for (const [index, entry] of doc.tickets.entries()) {
    const at = `tickets[${index}]`;
    const holder = orgs.get(entry.holder)!;
    const article = articles.get(entry.article)!;
    const existing = await Ticket.findAll({ where: entry.code !== null ? { code: entry.code } : { poolRef: entry.pool }, transaction, lock: transaction.LOCK.UPDATE });
    const what = entry.code !== null ? `ticket ${entry.code}` : `pool "${entry.pool}"`;
    if (existing.some((t) => t.articleId !== article.id)) errors.push(`${at}.article: ${what} holds tickets of another article; an import does not change a ticket's article`);
    const within = existing.length === 0 ? new Set<number>() : await subtree(sequelize, holder.id, transaction);
    if (existing.some((t) => !within.has(t.organizationId))) errors.push(`${at}.holder: ${what} is held outside "${entry.holder}" and the organizations below it; an import does not move tickets`);
    if (existing.length > entry.count) errors.push(`${at}.count: pool "${entry.pool}" holds ${existing.length} tickets already; an import does not withdraw tickets (delete them in the portal)`);
    if (errors.length > 0) continue;
    counts.tickets.updated += existing.length;
    const missing = entry.count - existing.length;
    if (missing === 0) continue;
    if (entry.code !== null) await Ticket.create({ code: entry.code, articleId: article.id, organizationId: holder.id, status: 'open' }, { transaction });
    else await insertTickets(sequelize, transaction, { articleId: article.id, organizationId: holder.id, count: missing, poolRef: entry.pool });
    counts.tickets.created += missing;
  }
  return errors;
}

/** A parent taken from the portal may sit below the imported organization itself. */
async function rejectParentCycles(sequelize: Sequelize, doc: ImportDocument, ids: number[], transaction: Transaction): Promise<void> {
  if (ids.length === 0) return;
  const cycles = await sequelize.query<{ ref: string }>(`
    with recursive up(origin, id, depth) as (
      select o.id, o.parent_id, 1 from organizations o where o.id in (:ids) and o.parent_id is not null
      union all
      select up.origin, o.parent_id, up.depth + 1 from up join organizations o on o.id = up.id
      where o.parent_id is not null and up.id <> up.origin and up.depth < 1000
    )
    select distinct o.ref from up join organizations o on o.id = up.origin where up.id = up.origin order by o.ref`,
  { replacements: { ids }, type: QueryTypes.SELECT, transaction });
  if (cycles.length > 0) {
    const index = (ref: string) => doc.organizations.findIndex((o) => o.ref === ref);
    throw new Rejected(cycles.map((c) => `organizations[${index(c.ref)}].parent: "${c.ref}" would end up below itself through its parents in the portal`));
  }
}

/** One line per section, e.g. `organizations: 2 created, 1 updated`. */
export function describeCounts(counts: ImportCounts): string[] {
  return Object.entries(counts).map(([section, c]) => renderMessage(msg('importedSection', { section, ...c })));
}
