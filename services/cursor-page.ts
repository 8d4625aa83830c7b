/**
 * One page of the rows an actor reads, in id order after a cursor (the last id of the page before):
 * every row appears once however rows are added meanwhile, and a page costs one index range scan
 * however deep it is. Query parameters are read strictly: an unknown name or a malformed value is
 * refused (400) naming it, so a client's typo is no silently ignored filter.
 */
import { Op, type Sequelize, type WhereOptions } from 'sequelize';
import type { Actor, ResourceId } from '../models/domain/policy.ts';
import { MODELS } from '../models/index.ts';
import { authorize } from './reach.ts';
import { visible, type Row } from './records.ts';
import { Refusal } from './refusal.ts';
import { msg, type Message } from '../templates/messages.ts';

export const PAGE_LIMIT_DEFAULT = 100;
export const PAGE_LIMIT_MAX = 500;

export interface PageInput { cursor: number | null; limit: number }
export interface Page { data: Row[]; next: string | null }
export type Query = Record<string, unknown>;

/** Refuses parameters other than `allowed`, and any given twice (?kind=a&kind=b). */
export function onlyParams(query: Query, allowed: readonly string[]): Record<string, string> {
  const problems: Record<string, Message> = {};
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!allowed.includes(name)) problems[name] = msg('notAParameter', { allowed });
    else if (typeof value !== 'string') problems[name] = msg('givenOnce');
    else values[name] = value;
  }
  if (Object.keys(problems).length > 0) throw Refusal.ofFields(400, problems);
  return values;
}

const ID = /^[1-9]\d{0,9}$/;
export const isId = (value: string) => ID.test(value) && Number(value) <= 2_147_483_647;

export function pageInput(params: Record<string, string>): PageInput {
  const problems: Record<string, Message> = {};
  const { cursor, limit } = params;
  if (cursor !== undefined && !isId(cursor)) problems.cursor = msg('pageCursor');
  if (limit !== undefined && !(/^\d{1,3}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= PAGE_LIMIT_MAX)) problems.limit = msg('limitRange', { max: PAGE_LIMIT_MAX });
  if (Object.keys(problems).length > 0) throw Refusal.ofFields(400, problems);
  return { cursor: cursor === undefined ? null : Number(cursor), limit: limit === undefined ? PAGE_LIMIT_DEFAULT : Number(limit) };
}

/** A page of `resource` in the actor's scope (services/reach.ts), hidden fields removed, narrowed by `where`. */
export async function pageInScope(db: Sequelize, actor: Actor, resource: ResourceId, page: PageInput, where: WhereOptions[] = []): Promise<Page> {
  const scope = await authorize(db, actor, resource, 'read');
  const rows = await MODELS[resource].findAll({
    where: { [Op.and]: [scope.where, ...where, page.cursor === null ? {} : { id: { [Op.gt]: page.cursor } }] },
    order: [['id', 'ASC']],
    limit: page.limit + 1,
  });
  const data = rows.slice(0, page.limit).map((row) => visible(scope, row.toJSON() as Row));
  return { data, next: rows.length > page.limit ? String(data[data.length - 1].id) : null };
}

/** A page of `resource` as a list endpoint without filters asks for it (`cursor`, `limit`). */
export async function listInScope(db: Sequelize, actor: Actor, resource: ResourceId, query: Query): Promise<Page> {
  return pageInScope(db, actor, resource, pageInput(onlyParams(query, ['cursor', 'limit'])));
}
