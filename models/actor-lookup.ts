import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor, View } from './domain/policy.ts';
import type { Role } from './domain/roles.ts';

export interface ActorContext {
  organizationId: number;
  organizationName: string;
  view: View;
  role: Role;
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
    .flatMap((r) => r.views.map((view) => ({ organizationId: r.id, organizationName: r.name, view: view as View, role: r.role })));
  const [dpo] = await sequelize.query<{ id: number; name: string }>(`
    select o.id, o.name from users u, organizations o
    where u.id = :userId and u.is_dpo and 'vendor' = any(o.views) order by o.id limit 1`,
  { replacements: { userId }, type: QueryTypes.SELECT });
  if (dpo) contexts.push({ organizationId: dpo.id, organizationName: dpo.name, view: 'dpo', role: 'member' });
  return contexts;
}

/** Re-checks a session's chosen context against the database, so revoked memberships take effect at once. */
export async function resolveActor(sequelize: Sequelize, userId: number, organizationId: number, view: string): Promise<Actor | null> {
  const match = (await availableContexts(sequelize, userId)).find((c) => c.organizationId === organizationId && c.view === view);
  return match ? { userId, organizationId, view: match.view, role: match.role } : null;
}
