import type { Action, ActionContext, ActionRequest, RecordActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import { LICENSE_OPERATIONS, runtimeExtensionAllowed, type LicenseOperation } from '../models/domain/policy.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { runLicenseOperation } from '../services/licenses.ts';
import { drawFreeKey } from '../services/free-keys.ts';
import { extendRuntime } from '../services/license-runtime.ts';
import { licenseHistory } from '../services/license-history.ts';
import { operationAction } from './operation-action.ts';
import { policyAllows } from './actor.ts';
import type { ScopedResource } from './scoped-resource.ts';
import { msg } from '../templates/messages.ts';

const ICONS: Record<LicenseOperation, string> = { activate: 'Power', transfer: 'Repeat', restore: 'RotateCcw', destroy: 'Trash2' };

/**
 * Activate, transfer, restore and destroy as record actions (field `device`), `drawFreeKey` (a free
 * additional key of an ALM license), `extendRuntime` (`days` for a demo, else `months`), and `history` (the license's audit entries, also shown on its
 * page); the services decide.
 */
export function licenseActions(db: Sequelize, timeZone: string): Record<string, Partial<Action<RecordActionResponse>>> {
  const today = () => calendarDateIn(new Date(), timeZone);
  return {
    ...Object.fromEntries(LICENSE_OPERATIONS.map((operation) => [operation, operationAction({
      resource: 'licenses',
      operation,
      icon: ICONS[operation],
      guard: operation === 'destroy' ? 'destroyLicense' : undefined,
      run: async (actor, id, payload) => {
        await runLicenseOperation(db, actor, id, operation, { device: payload.device }, { today: today() });
        return msg('licenseOperationDone', { operation });
      },
    })])),
    drawFreeKey: operationAction({
      resource: 'licenses',
      operation: 'drawFreeKey',
      icon: 'Key',
      guard: 'drawFreeKey',
      run: async (actor, id) => {
        const key = await drawFreeKey(db, actor, id, { today: today() });
        return msg('freeKeyDrawn', { key: key.licenseKey, id: key.id });
      },
    }),
    extendRuntime: operationAction({
      resource: 'licenses',
      operation: 'extendRuntime',
      icon: 'Calendar',
      appliesTo: (actor, params) => runtimeExtensionAllowed(actor, { organizationId: Number(params.organizationId) }),
      run: async (actor, id, payload) => {
        const license = await extendRuntime(db, actor, id, { days: payload.days, months: payload.months }, { today: today() });
        return msg('runtimeExtended', { key: license.licenseKey, until: license.expiresOn! });
      },
    }),
    history: {
      actionType: 'record',
      component: false,
      icon: 'Clock',
      isAccessible: policyAllows('licenses', 'read'),
      handler: async (_request: ActionRequest, _response: unknown, context: ActionContext) => {
        const resource = context.resource as unknown as ScopedResource;
        if (!context.record) throw new Error('The record must be loaded through the scoped resource first.');
        const history = await licenseHistory(db, await resource.actor(context), String(context.record.id()));
        return { record: context.record.toJSON(context.currentAdmin), history } as RecordActionResponse;
      },
    },
  };
}
