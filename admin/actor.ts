import type { CurrentAdmin } from 'adminjs';
import type { Actor, View } from '../models/domain/policy.ts';
import { isRole } from '../models/domain/roles.ts';

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
