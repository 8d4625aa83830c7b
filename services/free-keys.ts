/**
 * Retrieving a free additional license key (feature matrix: customer and system integrator where
 * ALM licenses were bought, service provider). The key is drawn from an ALM license in use (rules:
 * models/domain/licensing-rules.ts freeKeyProblem) and counts against the partner's quota
 * (`organizations.freeKeyQuota`, set by vendor admins, default 0; whose quota: quotaHolderId). The
 * drawn key is a license of its own (same holder, article, expiry and service entitlement, one seat,
 * inactive) naming its source; the quota holder's row is locked while counting, so concurrent draws
 * never exceed the quota. Audited: `licenses.drawFreeKey` on the source license (with the new key's
 * id, the quota holder, the quota and how much of it is used) and `licenses.create` of the new key.
 */
import type { Sequelize } from 'sequelize';
import { licenseOperationAllowed, type Actor } from '../models/domain/policy.ts';
import { freeKeyProblem, quotaHolderId } from '../models/domain/licensing-rules.ts';
import { drawKey } from '../models/domain/ticket-code.ts';
import { License, Organization } from '../models/index.ts';
import type { IsoDate } from '../reports/calendar.ts';
import { authorize, lockedInScope } from './reach.ts';
import { inTransaction } from './records.ts';
import { auditOperation, auditWrite } from './audit-trail.ts';
import { Refusal } from './refusal.ts';
import { msg } from '../templates/messages.ts';

export async function drawFreeKey(db: Sequelize, actor: Actor, id: unknown, options: { today: IsoDate }): Promise<License> {
  const scope = await authorize(db, actor, 'licenses', 'drawFreeKey');
  return inTransaction(db, 'licenses', async (transaction) => {
    const source = await lockedInScope<License>(scope, 'licenses', id, transaction);
    if (!licenseOperationAllowed(actor, 'drawFreeKey', source)) {
      throw new Refusal(403, msg('freeKeyMatrix', { view: actor.view }));
    }
    const holder = (await Organization.findByPk(source.organizationId, { attributes: ['id', 'views', 'parentId'], transaction }))!;
    const quotaOrg = (await Organization.findByPk(quotaHolderId(holder), { attributes: ['id', 'name', 'freeKeyQuota'], transaction, lock: transaction.LOCK.UPDATE }))!;
    const used = await License.count({ where: { quotaOrganizationId: quotaOrg.id }, transaction });
    const problem = freeKeyProblem(source, { used, quota: quotaOrg.freeKeyQuota, holder: quotaOrg.name }, options.today);
    if (problem) throw new Refusal(409, problem);
    const key = await License.create({
      organizationId: source.organizationId, articleId: source.articleId, kind: 'alm', status: 'inactive', seats: 1,
      licenseKey: drawKey('LIC'), expiresOn: source.expiresOn, serviceUntil: source.serviceUntil,
      drawnFromId: source.id, quotaOrganizationId: quotaOrg.id,
    }, { transaction });
    await auditWrite(actor, 'licenses', 'create', key.toJSON() as Record<string, unknown>, undefined, transaction);
    await auditOperation(actor, 'licenses', 'drawFreeKey', source.organizationId, source.id, {}, transaction, {
      drawnLicenseId: key.id, quotaOrganizationId: quotaOrg.id, quota: quotaOrg.freeKeyQuota, used: used + 1,
    });
    return key;
  });
}
