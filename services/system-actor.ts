import { Op } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { Organization } from '../models/index.ts';

/**
 * The portal itself as the actor of the CLI and the jobs: whoever runs them holds the server, so
 * they act with a vendor admin's rights on the vendor organization; audit entries name no user.
 */
export async function systemActor(): Promise<Actor> {
  const vendor = await Organization.findOne({ where: { views: { [Op.contains]: ['vendor'] } }, order: [['id', 'ASC']] });
  return { userId: 0, organizationId: vendor?.id ?? 0, view: 'vendor', role: 'admin', system: true };
}
