/**
 * A white-label logo for an organization: whoever may edit the organization may set it; PNG or
 * JPEG of at least 150×150 px and at most 1 MB, read from the file's header.
 */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { checkLogo } from '../models/domain/logo-image.ts';
import type { Organization } from '../models/index.ts';
import { authorize, lockedInScope } from './reach.ts';
import { inTransaction } from './records.ts';
import { auditOperation } from './audit-trail.ts';
import { Refusal } from './refusal.ts';

export async function setLogo(db: Sequelize, actor: Actor, organizationId: unknown, bytes: Buffer): Promise<{ width: number; height: number }> {
  const scope = await authorize(db, actor, 'organizations', 'update');
  const logo = checkLogo(bytes);
  return inTransaction(db, 'organizations', async (transaction) => {
    const organization = await lockedInScope<Organization>(scope, 'organizations', organizationId, transaction);
    if (!logo.ok) throw Refusal.ofFields(422, { logo: logo.error });
    await organization.update({ logo: bytes, logoContentType: logo.contentType }, { transaction });
    await auditOperation(actor, 'organizations', 'logo', organization.id, organization.id, { logo: { changed: true } }, transaction, { width: logo.width, height: logo.height });
    return { width: logo.width, height: logo.height };
  });
}
