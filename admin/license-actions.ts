import type { Action, RecordActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import { LICENSE_OPERATIONS, type LicenseOperation } from '../models/domain/policy.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { runLicenseOperation } from '../services/licenses.ts';
import { operationAction } from './operation-action.ts';

const ICONS: Record<LicenseOperation, string> = { activate: 'Power', transfer: 'Repeat', restore: 'RotateCcw', destroy: 'Trash2' };

/** Activate, transfer, restore and destroy as record actions (field `device`); services/licenses.ts decides. */
export function licenseActions(db: Sequelize, timeZone: string): Record<string, Partial<Action<RecordActionResponse>>> {
  return Object.fromEntries(LICENSE_OPERATIONS.map((operation) => [operation, operationAction({
    resource: 'licenses',
    operation,
    icon: ICONS[operation],
    guard: operation === 'destroy' ? 'Destroy this license key? This cannot be undone.' : undefined,
    run: async (actor, id, payload) => {
      await runLicenseOperation(db, actor, id, operation, { device: payload.device }, { today: calendarDateIn(new Date(), timeZone) });
      return `License ${operation} done.`;
    },
  })]));
}
