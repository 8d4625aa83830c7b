import type { ActionContext, CurrentAdmin } from 'adminjs';
import type { Sequelize } from 'sequelize';
import { can, type Actor, type Operation, type ResourceId, type View } from '../models/domain/policy.ts';
import { isRole } from '../models/domain/roles.ts';
import { resolveActorWithSubtree } from '../models/actor-lookup.ts';
import { contextReadWithSession } from './sessions.ts';
import { reachesAll, type Reachable } from '../services/reach.ts';
import { Refusal } from '../services/refusal.ts';
import type { SessionAdmin } from './session-admin.ts';
import { msg } from '../templates/messages.ts';

/**
 * The actor as the session last saw it, for synchronous UI decisions (AdminJS reads `isAccessible`
 * synchronously). The data layer re-reads role and reach from the database on every request.
 */
export function sessionActor(admin: CurrentAdmin | undefined): Actor | null {
  if (!admin || typeof admin.userId !== 'number' || typeof admin.organizationId !== 'number') return null;
  const role = admin.role;
  if (!isRole(role)) return null;
  return { userId: admin.userId, organizationId: admin.organizationId, view: admin.view as View, role };
}

/** An action's `isAccessible`/`isVisible`: whether the policy gives the session's actor the operation. */
export function policyAllows(resource: ResourceId, operation: Operation) {
  return ({ currentAdmin }: ActionContext): boolean => {
    const actor = sessionActor(currentAdmin);
    return Boolean(actor && can(actor, resource, operation));
  };
}

/**
 * The session's actor as the database says now, for the services: 401 without a session, 403 once
 * its membership ended (a revoked membership takes effect at the next request).
 */
export async function currentActor(db: Sequelize, admin: SessionAdmin | undefined): Promise<Actor> {
  // Without its reach (`reachable` is then not looked up).
  return (await currentActorReach(db, admin, false)).actor;
}

/** currentActor and, with `reach`, the organizations it reaches: one query per panel request (README, Performance). */
export async function currentActorReach(db: Sequelize, admin: SessionAdmin | undefined, reach = true): Promise<{ actor: Actor; reachable: Reachable }> {
  if (!admin) throw new Refusal(401, msg('logInFirst'));
  const subtree = reach && !reachesAll(admin.view);
  // Read in the session's own round trip where it was (admin/sessions.ts), else asked now.
  const read = contextReadWithSession(admin);
  const found = read && (!subtree || read.subtree)
    ? { actor: { userId: admin.userId, organizationId: admin.organizationId, view: read.view, role: read.role, inherited: read.inherited }, subtree: read.subtree }
    : await resolveActorWithSubtree(db, admin.userId, admin.organizationId, admin.view, subtree);
  if (!found) throw new Refusal(403, msg('membershipEnded'));
  return { actor: found.actor, reachable: found.subtree ?? 'all' };
}
