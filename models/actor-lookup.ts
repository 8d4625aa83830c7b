import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor, View } from './domain/policy.ts';
import type { Role } from './domain/roles.ts';

export interface ActorContext {
  organizationId: number;
  organizationName: string;
  view: View;
  role: Role;
  /** The role comes from a membership above this organization (policy.ts Actor.inherited). */
  inherited: boolean;
}

/** The organization ids at and below `rootId`. */
export async function subtreeIds(sequelize: Sequelize, rootId: number): Promise<Set<number>> {
  const rows = await sequelize.query<{ id: number }>(`
    with recursive tree(id) as (
      select id from organizations where id = :rootId
      union
      select o.id from organizations o join tree t on o.parent_id = t.id
    ) select id from tree`, { replacements: { rootId }, type: QueryTypes.SELECT });
  return new Set(rows.map((r) => r.id));
}

/**
 * Every (organization, view) a user may act as: each view of each organization where the user is
 * a member, each organization below those (a channel user works on behalf of its customers with
 * the same role), and the DPO desk for data-protection officers.
 */
export async function availableContexts(sequelize: Sequelize, userId: number): Promise<ActorContext[]> {
  const rows = await sequelize.query<{ id: number; name: string; views: string[]; role: Role; depth: number }>(`
    with recursive reach(id, role, depth) as (
      select organization_id, role, 0 from memberships where user_id = :userId
      union
      select o.id, r.role, r.depth + 1 from organizations o join reach r on o.parent_id = r.id where r.depth < 20
    )
    select distinct on (o.id) o.id, o.name, o.views, r.role, r.depth
    from reach r join organizations o on o.id = r.id
    order by o.id, r.depth`, { replacements: { userId }, type: QueryTypes.SELECT });
  const contexts: ActorContext[] = rows
    .sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name))
    .flatMap((r) => r.views.map((view) => ({ organizationId: r.id, organizationName: r.name, view: view as View, role: r.role, inherited: r.depth > 0 })));
  const [dpo] = await sequelize.query<{ id: number; name: string }>(`
    select o.id, o.name from users u, organizations o
    where u.id = :userId and u.is_dpo and 'vendor' = any(o.views) order by o.id limit 1`,
  { replacements: { userId }, type: QueryTypes.SELECT });
  if (dpo) contexts.push({ organizationId: dpo.id, organizationName: dpo.name, view: 'dpo', role: 'member', inherited: false });
  return contexts;
}

/** What contextSql answers for one user and organization. */
export interface ContextRow { name: string; views: string[]; role: Role | null; depth: number | null; is_dpo: boolean; subtree?: number[] | null }

/**
 * The statement resolveContext runs, for a user and an organization given as SQL expressions (bind
 * names, or columns of an enclosing query: admin/sessions.ts reads it in the session's own round
 * trip). `subtree`, when given, is the SQL condition under which the organizations at and below are
 * read too (column `subtree`, null otherwise).
 */
export function contextSql(userId: string, organizationId: string, subtree: string | null = null): string {
  const tree = subtree === null ? '' : `, case when ${subtree} then array(
      with recursive tree(id) as (select o.id union select b.id from organizations b join tree t on b.parent_id = t.id)
      select id from tree) end as subtree`;
  return `
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from organizations where id = ${organizationId}
      union all
      select o.id, o.parent_id, up.depth + 1 from organizations o join up on o.id = up.parent_id where up.depth < 20
    )
    select o.name, o.views, u.is_dpo, nearest.role, nearest.depth ${tree}
    from organizations o cross join users u left join lateral (
      select m.role, up.depth from up join memberships m on m.organization_id = up.id and m.user_id = ${userId} order by up.depth limit 1
    ) nearest on true
    where o.id = ${organizationId} and u.id = ${userId}`;
}

/** The context a row of contextSql gives the view, or null (no membership at or above, or the organization lacks the view). */
export function contextFromRow(row: ContextRow | undefined, organizationId: number, view: string): (ActorContext & { subtree?: Set<number> }) | null {
  if (!row) return null;
  const base = { organizationId, organizationName: row.name, ...(row.subtree ? { subtree: new Set(row.subtree.map(Number)) } : {}) };
  if (view === 'dpo') return row.is_dpo && row.views.includes('vendor') ? { ...base, view: 'dpo', role: 'member', inherited: false } : null;
  return row.role && row.views.includes(view) ? { ...base, view: view as View, role: row.role, inherited: Number(row.depth) > 0 } : null;
}

/**
 * The one context a session names, checked against the database on every request (so revoked
 * memberships take effect at once): the nearest membership at or above the organization gives the
 * role, and the organization must hold the view. Walks up the tree, so its cost does not grow with
 * the number of organizations below the user.
 */
export async function resolveContext(sequelize: Sequelize, userId: number, organizationId: number, view: string, options: { subtree?: boolean } = {}): Promise<(ActorContext & { subtree?: Set<number> }) | null> {
  // The organizations at and below, when asked for, in the same round trip (the panel asks on every request).
  const [row] = await sequelize.query<ContextRow>(contextSql(':userId', ':organizationId', options.subtree ? 'true' : null),
    { replacements: { userId, organizationId }, type: QueryTypes.SELECT });
  return contextFromRow(row, organizationId, view);
}

export async function resolveActor(sequelize: Sequelize, userId: number, organizationId: number, view: string): Promise<Actor | null> {
  return (await resolveActorWithSubtree(sequelize, userId, organizationId, view, false))?.actor ?? null;
}

/** The actor and, when `subtree`, the organization ids at and below its organization, in one query. */
export async function resolveActorWithSubtree(sequelize: Sequelize, userId: number, organizationId: number, view: string, subtree: boolean): Promise<{ actor: Actor; subtree?: Set<number> } | null> {
  const context = await resolveContext(sequelize, userId, organizationId, view, { subtree });
  return context ? { actor: { userId, organizationId, view: context.view, role: context.role, inherited: context.inherited }, subtree: context.subtree } : null;
}

/** White label: whom an organization's users call for help — the nearest organization at or above it with a support contact. */
export async function supportContactFor(sequelize: Sequelize, organizationId: number, options: { transaction?: Transaction } = {}): Promise<{ organizationId: number; organizationName: string; supportContact: string } | null> {
  const [row] = await sequelize.query<{ id: number; name: string; support_contact: string }>(`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from organizations where id = :organizationId
      union all
      select o.id, o.parent_id, up.depth + 1 from organizations o join up on o.id = up.parent_id where up.depth < 20
    )
    select o.id, o.name, o.support_contact from up join organizations o on o.id = up.id
    where o.support_contact is not null order by up.depth limit 1`,
  { replacements: { organizationId }, type: QueryTypes.SELECT, transaction: options.transaction });
  return row ? { organizationId: Number(row.id), organizationName: row.name, supportContact: row.support_contact } : null;
}
