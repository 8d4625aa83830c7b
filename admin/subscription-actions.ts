import type { Action, RecordActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import type { Config } from '../models/config.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { cancelSubscription, terminateSubscription } from '../services/subscriptions.ts';
import { operationAction } from './operation-action.ts';
import { msg } from '../templates/messages.ts';

/** Terminate (field `on`) and cancel (fields `reason`: reversal|exchange, `on`, for an exchange `replacedBy`); services/subscriptions.ts decides. */
export function subscriptionActions(db: Sequelize, config: Config): Record<string, Partial<Action<RecordActionResponse>>> {
  const options = () => ({ today: calendarDateIn(new Date(), config.timezone), reversalWindowDays: config.reversalWindowDays });
  return {
    terminate: operationAction({
      resource: 'subscriptions', operation: 'terminate', icon: 'StopCircle',
      guard: 'terminateSubscription',
      run: async (actor, id, payload) => {
        const sub = await terminateSubscription(db, actor, id, { on: payload.on }, options());
        return msg('terminatedNotice', { on: sub.terminatedOn! });
      },
    }),
    cancel: operationAction({
      resource: 'subscriptions', operation: 'cancel', icon: 'XCircle',
      run: async (actor, id, payload) => {
        const sub = await cancelSubscription(db, actor, id, { reason: payload.reason, on: payload.on, replacedBy: payload.replacedBy }, options());
        return msg('cancelledNotice', { reason: sub.cancelReason!, on: sub.cancelledOn!, replacedBy: sub.replacedById });
      },
    }),
  };
}
