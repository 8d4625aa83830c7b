/**
 * Activating, transferring, restoring and destroying a license key (rules:
 * models/domain/license-lifecycle.ts). The feature matrix binds the operation to where the actor
 * holds the view that grants it (policy.ts licenseOperationAllowed), not to the view that reached the row.
 */
import type { Sequelize } from 'sequelize';
import { licenseOperationAllowed, type Actor, type LicenseOperation } from '../models/domain/policy.ts';
import { applyLicenseOperation } from '../models/domain/license-lifecycle.ts';
import type { License } from '../models/index.ts';
import type { IsoDate } from '../reports/calendar.ts';
import { authorize, lockedInScope } from './reach.ts';
import { inTransaction } from './records.ts';
import { auditOperation, changesBetween } from './audit-trail.ts';
import { Refusal } from './refusal.ts';
import { msg } from '../templates/messages.ts';

const DEVICE_MAX = 200;

export async function runLicenseOperation(db: Sequelize, actor: Actor, id: unknown, operation: LicenseOperation,
  input: { device?: unknown }, options: { today: IsoDate }): Promise<License> {
  const scope = await authorize(db, actor, 'licenses', operation);
  if (input.device !== undefined && input.device !== null && (typeof input.device !== 'string' || input.device.length > DEVICE_MAX || /[\u0000-\u001f]/.test(input.device))) {
    throw Refusal.ofFields(422, { device: msg('deviceName', { max: DEVICE_MAX }) });
  }
  return inTransaction(db, 'licenses', async (transaction) => {
    const license = await lockedInScope<License>(scope, 'licenses', id, transaction);
    if (!licenseOperationAllowed(actor, operation, license)) {
      throw new Refusal(403, msg('featureMatrix', { view: actor.view, operation }));
    }
    const result = applyLicenseOperation(license, operation, { device: input.device as string | undefined, today: options.today });
    if (!result.ok) throw new Refusal(409, result.error);
    const before = license.toJSON() as Record<string, unknown>;
    await license.update({ ...result.next, activatedAt: operation === 'activate' ? new Date() : license.activatedAt }, { transaction });
    await auditOperation(actor, 'licenses', operation, license.organizationId, license.id,
      changesBetween(before, license.toJSON() as Record<string, unknown>, ['status', 'device']), transaction);
    return license;
  });
}
