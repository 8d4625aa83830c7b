/**
 * Tickets (activation vouchers) from generation to license (rules: models/domain/ticket-rules.ts,
 * codes: models/domain/ticket-code.ts). Each operation: the policy first, then the row through the
 * actor's reach (404 when out of reach), the input, then one transaction holding the change and its
 * audit entry.
 *
 * - Generating draws every code with crypto.randomInt and writes a whole pool (up to 10,000) with
 *   one multi-row insert; a code that exists already (a collision, about 2^-114 per pair) is
 *   skipped by the database and drawn again, so the pool has exactly the count asked for.
 * - Redeeming locks the ticket's row (select … for update) and marks it redeemed only where it is
 *   not yet (a conditional update), in the transaction that creates its license; the database
 *   allows one ticket per license and no redeemed ticket without one. Of concurrent redemptions of
 *   one ticket exactly one creates a license, the others answer 409.
 */
import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { Article, License, Membership, Organization, Ticket } from '../models/index.ts';
import { recordAudit } from '../models/audit.ts';
import { drawKey, drawTicketCode } from '../models/domain/ticket-code.ts';
import {
  assignProblem, MAX_GENERATED_TICKETS, mayHoldTickets, passDownProblem, redeemProblem, redemptionTerms, ticketCountProblem, type TicketRefusal,
} from '../models/domain/ticket-rules.ts';
import type { IsoDate } from '../reports/calendar.ts';
import { frameAbove } from './frames.ts';
import { authorize, lockedInScope, reaches } from './reach.ts';
import { inTransaction } from './records.ts';
import { auditActor, auditOperation, auditWrite, changesBetween } from './audit-trail.ts';
import { Refusal } from './refusal.ts';
import { msg, type Message } from '../templates/messages.ts';
import type { TicketTarget } from '../templates/messages-en.ts';

const INT_MAX = 2_147_483_647;

function refusalOf(problem: TicketRefusal): Refusal {
  return problem.field ? new Refusal(problem.status, problem.message, { [problem.field]: problem.message }) : new Refusal(problem.status, problem.message);
}

/** A whole number from a form (text) or JSON (number), or undefined when absent, or null when it is not one. */
function wholeNumber(value: unknown): number | null | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null;
  if (text === null || !/^\d{1,10}$/.test(text)) return null;
  const n = Number(text);
  return n > INT_MAX ? null : n;
}

/** An id from the input, or undefined with the problem noted under `field`. */
function idInput(value: unknown, what: TicketTarget, field: string, problems: Record<string, Message>): number | undefined {
  const id = wholeNumber(value);
  if (id !== undefined && id !== null && id >= 1) return id;
  problems[field] = msg(id === undefined ? 'idRequired' : 'idMalformed', { what });
  return undefined;
}

function requiredId(value: unknown, what: TicketTarget, field: string): number {
  const problems: Record<string, Message> = {};
  const id = idInput(value, what, field, problems);
  if (id === undefined) throw Refusal.ofFields(422, problems);
  return id;
}

export interface NewTickets {
  articleId: number;
  organizationId: number;
  count: number;
  /** The ERP's pool reference, or null. */
  poolRef: string | null;
}

/**
 * Writes `count` open tickets with fresh codes in the caller's transaction: one multi-row insert
 * (the codes as one array), collisions skipped and drawn again. `draw` is for tests.
 */
export async function insertTickets(db: Sequelize, transaction: Transaction, pool: NewTickets, draw: () => string = drawTicketCode): Promise<Array<{ id: number; code: string }>> {
  const made: Array<{ id: number; code: string }> = [];
  for (let round = 0; made.length < pool.count; round += 1) {
    // Each round is a fresh draw; a second one happens about never, a tenth would mean a broken generator.
    if (round === 10) throw new Error(`Could not draw ${pool.count} distinct new ticket codes in ${round} rounds.`);
    const codes = new Set<string>();
    for (let tries = 0; codes.size < pool.count - made.length && tries < 4 * pool.count; tries += 1) codes.add(draw());
    const rows = await db.query<{ id: number; code: string }>(`
      insert into tickets (code, article_id, organization_id, status, pool_ref, created_at, updated_at)
      select code, $2, $3, 'open', $4, now(), now() from unnest($1::text[]) as code
      on conflict (code) do nothing
      returning id, code`, { bind: [[...codes], pool.articleId, pool.organizationId, pool.poolRef], type: QueryTypes.SELECT, transaction });
    made.push(...rows);
  }
  return made.sort((a, b) => a.id - b.id);
}

export interface GeneratedPool {
  article: Article;
  organization: Organization;
  tickets: Array<{ id: number; code: string }>;
}

/** Vendor staff generate `count` tickets (1–10,000) for an article, held by a channel organization. */
export async function generateTickets(db: Sequelize, actor: Actor, input: { articleId?: unknown; organizationId?: unknown; count?: unknown }): Promise<GeneratedPool> {
  const scope = await authorize(db, actor, 'tickets', 'generate');
  const problems: Record<string, Message> = {};
  const articleId = idInput(input.articleId, 'article', 'articleId', problems);
  const organizationId = idInput(input.organizationId, 'holder', 'organizationId', problems);
  const count = wholeNumber(input.count);
  const countProblem = count === undefined ? msg('ticketCountRequired', { max: MAX_GENERATED_TICKETS }) : ticketCountProblem(count ?? Number.NaN);
  if (countProblem) problems.count = countProblem;
  if (Object.keys(problems).length > 0) throw Refusal.ofFields(422, problems);
  return inTransaction(db, 'tickets', async (transaction) => {
    const article = await Article.findByPk(articleId!, { transaction });
    const organization = await Organization.findByPk(organizationId!, { transaction });
    if (!article) problems.articleId = msg('noArticle');
    if (!organization || !reaches(scope.reachable, organization.id)) problems.organizationId = msg('noOrganization');
    else if (!mayHoldTickets(organization.views)) problems.organizationId = msg('noTicketPools');
    if (Object.keys(problems).length > 0) throw Refusal.ofFields(422, problems);
    const tickets = await insertTickets(db, transaction, { articleId: article!.id, organizationId: organization!.id, count: count!, poolRef: null });
    await recordAudit({
      userId: auditActor(actor).userId, organizationId: organization!.id, action: 'tickets.generate', resource: 'tickets',
      details: { ...auditActor(actor).who, articleId: article!.id, organizationId: organization!.id, count: tickets.length, firstId: tickets[0].id, lastId: tickets[tickets.length - 1].id },
    }, transaction);
    return { article: article!, organization: organization!, tickets };
  });
}

/** Whether `id` lies strictly below `ancestorId` in the organization tree. */
async function isBelow(db: Sequelize, id: number, ancestorId: number, transaction: Transaction): Promise<boolean> {
  const [row] = await db.query<{ below: boolean }>(`
    with recursive up(id, depth) as (
      select parent_id, 1 from organizations where id = :id
      union all
      select o.parent_id, up.depth + 1 from organizations o join up on o.id = up.id where up.depth < 50
    ) select exists (select 1 from up where id = :ancestorId) as below`, { replacements: { id, ancestorId }, type: QueryTypes.SELECT, transaction });
  return Boolean(row?.below);
}

async function lockedTicket(scope: Awaited<ReturnType<typeof authorize>>, id: unknown, transaction: Transaction): Promise<Ticket> {
  const ticket = await lockedInScope<Ticket>(scope, 'tickets', id, transaction);
  return ticket;
}

const TICKET_FIELDS = ['organizationId', 'assignedUserId', 'status', 'licenseId'];

/** The holder hands an open ticket to an organization below it (`organizationId`). */
export async function passDownTicket(db: Sequelize, actor: Actor, id: unknown, input: { organizationId?: unknown }): Promise<{ ticket: Ticket; organization: Organization }> {
  const scope = await authorize(db, actor, 'tickets', 'passDown');
  const targetId = requiredId(input.organizationId, 'passDownTarget', 'organizationId');
  return inTransaction(db, 'tickets', async (transaction) => {
    const ticket = await lockedTicket(scope, id, transaction);
    const found = await Organization.findByPk(targetId, { transaction });
    // An organization out of the actor's reach does not exist for it: refused like one not below the holder.
    const target = found && reaches(scope.reachable, found.id) ? found : null;
    const problem = passDownProblem(actor, ticket, {
      isHolder: target?.id === ticket.organizationId,
      belowHolder: target !== null && await isBelow(db, target.id, ticket.organizationId, transaction),
      holdsTickets: target !== null && mayHoldTickets(target.views),
    });
    if (problem) throw refusalOf(problem);
    const before = ticket.toJSON() as Record<string, unknown>;
    await ticket.update({ organizationId: target!.id }, { transaction });
    // In the new holder's trail, which the organizations above it read too.
    await auditOperation(actor, 'tickets', 'passDown', target!.id, ticket.id, changesBetween(before, ticket.toJSON() as Record<string, unknown>, TICKET_FIELDS), transaction);
    return { ticket, organization: target! };
  });
}

/** The holder assigns a ticket to one of its users (`userId`), or takes it back (`userId` empty). */
export async function assignTicket(db: Sequelize, actor: Actor, id: unknown, input: { userId?: unknown }): Promise<Ticket> {
  const scope = await authorize(db, actor, 'tickets', 'assign');
  if (input.userId === undefined) throw Refusal.ofFields(422, { userId: msg('userToAssign') });
  const userId = wholeNumber(input.userId);
  if (userId === null || userId === 0) throw Refusal.ofFields(422, { userId: msg('mustBeUserId') });
  return inTransaction(db, 'tickets', async (transaction) => {
    const ticket = await lockedTicket(scope, id, transaction);
    const membership = userId === undefined ? null
      : await Membership.findOne({ where: { userId, organizationId: ticket.organizationId }, transaction });
    const problem = assignProblem(actor, ticket, { userId: userId ?? null, roleInHolder: membership?.role ?? null });
    if (problem) throw refusalOf(problem);
    const before = ticket.toJSON() as Record<string, unknown>;
    await ticket.update(userId === undefined ? { assignedUserId: null, status: 'open' } : { assignedUserId: userId, status: 'assigned' }, { transaction });
    await auditOperation(actor, 'tickets', 'assign', ticket.organizationId, ticket.id, changesBetween(before, ticket.toJSON() as Record<string, unknown>, TICKET_FIELDS), transaction);
    return ticket;
  });
}

/** The ticket becomes a license of its holder: kind from the article, seats and demo days from its frame, a new key. */
export async function redeemTicket(db: Sequelize, actor: Actor, id: unknown, options: { today: IsoDate }): Promise<{ ticket: Ticket; license: License }> {
  const scope = await authorize(db, actor, 'tickets', 'redeem');
  return inTransaction(db, 'tickets', async (transaction) => {
    const ticket = await lockedTicket(scope, id, transaction);
    const problem = redeemProblem(actor, ticket);
    if (problem) throw refusalOf(problem);
    const article = (await Article.findByPk(ticket.articleId, { transaction }))!;
    // The holder's frame: a ticket passed down to a customer follows the reseller's (narrower) grant.
    const held = article.productGroupId === null ? null : await frameAbove(ticket.organizationId, article.productGroupId, transaction);
    const terms = redemptionTerms(article, held && { minSeats: held.frame.minSeats, demoDays: held.frame.demoDays }, options.today);
    if (!terms.ok) throw new Refusal(409, terms.problem);
    const license = await License.create({
      licenseKey: drawKey('LIC'), organizationId: ticket.organizationId, articleId: article.id, status: 'inactive', ...terms.terms,
    }, { transaction });
    const before = ticket.toJSON() as Record<string, unknown>;
    // The row is locked; the condition keeps a second redemption out even if it were not.
    const [updated] = await Ticket.update({ status: 'redeemed', licenseId: license.id, redeemedAt: new Date() },
      { where: { id: ticket.id, status: { [Op.ne]: 'redeemed' } }, transaction });
    if (updated !== 1) throw new Refusal(409, msg('redeemedMeanwhile'));
    await ticket.reload({ transaction });
    await auditWrite(actor, 'licenses', 'create', license.toJSON() as Record<string, unknown>, undefined, transaction);
    await auditOperation(actor, 'tickets', 'redeem', ticket.organizationId, ticket.id,
      changesBetween(before, ticket.toJSON() as Record<string, unknown>, TICKET_FIELDS), transaction, { licenseKey: license.licenseKey });
    return { ticket, license };
  });
}
