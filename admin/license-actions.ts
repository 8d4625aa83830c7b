import type { Action, ActionContext, ActionRequest, RecordActionResponse } from 'adminjs';
import { LICENSE_OPERATIONS, can, type LicenseOperation } from '../models/domain/policy.ts';
import { applyLicenseOperation } from '../models/domain/license-lifecycle.ts';
import { License } from '../models/index.ts';
import { recordAudit } from '../models/audit.ts';
import { sessionActor } from './actor.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import type { ScopedResource } from './scoped-resource.ts';

const ICONS: Record<LicenseOperation, string> = { activate: 'Power', transfer: 'Repeat', restore: 'RotateCcw', destroy: 'Trash2' };

/** Activate, transfer, restore and destroy as record actions; each is recorded in the audit trail. */
export function licenseActions(timeZone: string): Record<string, Partial<Action<RecordActionResponse>>> {
  return Object.fromEntries(LICENSE_OPERATIONS.map((operation) => [operation, {
    actionType: 'record',
    component: false,
    icon: ICONS[operation],
    guard: operation === 'destroy' ? 'Destroy this license key? This cannot be undone.' : undefined,
    isAccessible: ({ currentAdmin }: ActionContext) => {
      const actor = sessionActor(currentAdmin);
      return Boolean(actor && can(actor, 'licenses', operation));
    },
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
      const { record, currentAdmin } = context;
      const resource = context.resource as unknown as ScopedResource;
      const scope = await resource.authorize(context, operation);
      const license = record && await License.findByPk(Number(record.id()));
      if (!record || !license) throw new Error('The record must be loaded through the scoped resource first.');
      const device = typeof request.payload?.device === 'string' ? request.payload.device : `device of ${currentAdmin?.email}`;
      const result = applyLicenseOperation(license, operation, { device, today: calendarDateIn(new Date(), timeZone) });
      if (!result.ok) {
        return { record: record.toJSON(currentAdmin), notice: { message: result.error, type: 'error' } };
      }
      await license.sequelize.transaction(async (transaction) => {
        await license.update({ ...result.next, activatedAt: operation === 'activate' ? new Date() : license.activatedAt }, { transaction });
        await recordAudit({
          userId: scope.actor.userId, organizationId: license.organizationId, action: `licenses.${operation}`,
          resource: 'licenses', recordId: license.id, details: { view: scope.actor.view },
        }, transaction);
      });
      const fresh = await resource.findOne(String(license.id), context);
      return { record: (fresh ?? record).toJSON(currentAdmin), notice: { message: `License ${operation} done.`, type: 'success' } };
    },
  }]));
}
