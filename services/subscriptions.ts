/**
 * Terminating and cancelling a subscription (rules: models/domain/subscription-rules.ts). A
 * cancellation puts the subscription's license on recall in the same transaction; an exchange
 * names the subscription that replaces it (`replacedBy`), stored with it.
 */
import type { Sequelize, Transaction } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { CANCEL_REASONS, type CancelReason } from '../models/domain/values.ts';
import { cancellationProblem, replacementProblem, terminationProblem } from '../models/domain/subscription-rules.ts';
import { License, Subscription } from '../models/index.ts';
import { isValidIsoDate, type IsoDate } from '../reports/calendar.ts';
import { authorize, findInScope, lockedInScope, type Scope } from './reach.ts';
import { inTransaction } from './records.ts';
import { auditOperation, changesBetween } from './audit-trail.ts';
import { Refusal } from './refusal.ts';
import { msg, type Message } from '../templates/messages.ts';

export interface SubscriptionStepOptions { today: IsoDate; reversalWindowDays: number }

function dateInput(value: unknown, today: IsoDate): IsoDate {
  if (value === undefined || value === null || value === '') return today;
  if (typeof value !== 'string' || !isValidIsoDate(value)) throw Refusal.ofFields(422, { on: msg('mustBeDate') });
  return value;
}

type Change = { problem: Message | null; values: Record<string, unknown> };

async function step(db: Sequelize, actor: Actor, id: unknown, operation: 'terminate' | 'cancel',
  change: (sub: Subscription, scope: Scope, transaction: Transaction) => Change | Promise<Change>): Promise<Subscription> {
  const scope = await authorize(db, actor, 'subscriptions', operation);
  return inTransaction(db, 'subscriptions', async (transaction) => {
    const sub = await lockedInScope<Subscription>(scope, 'subscriptions', id, transaction);
    const { problem, values } = await change(sub, scope, transaction);
    if (problem) throw new Refusal(409, problem);
    const before = sub.toJSON() as Record<string, unknown>;
    await sub.update(values, { transaction });
    await auditOperation(actor, 'subscriptions', operation, sub.resellerId, sub.id, changesBetween(before, sub.toJSON() as Record<string, unknown>, Object.keys(values)), transaction);
    if (operation === 'cancel' && sub.licenseId !== null) {
      const license = await License.findByPk(sub.licenseId, { transaction, lock: transaction.LOCK.UPDATE });
      if (license && license.status !== 'destroyed' && license.status !== 'recalled') {
        const was = license.status;
        await license.update({ status: 'recalled' }, { transaction });
        await auditOperation(actor, 'licenses', 'recall', license.organizationId, license.id, { status: { before: was, after: 'recalled' } }, transaction, { subscriptionId: sub.id });
      }
    }
    return sub;
  });
}

/** Stops the renewal: the subscription runs to the end of the term containing `on` (default today). */
export function terminateSubscription(db: Sequelize, actor: Actor, id: unknown, input: { on?: unknown }, options: SubscriptionStepOptions): Promise<Subscription> {
  const on = dateInput(input.on, options.today);
  return step(db, actor, id, 'terminate', (sub) => ({
    problem: terminationProblem(sub, on, { today: options.today, byVendor: actor.view === 'vendor' }),
    values: { terminatedOn: on, autoRenew: false },
  }));
}

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Reversal (nothing owed) or exchange (ends on `on`, naming the subscription that replaces it,
 * which starts that day); the license goes on recall.
 */
export function cancelSubscription(db: Sequelize, actor: Actor, id: unknown, input: { reason?: unknown; on?: unknown; replacedBy?: unknown }, options: SubscriptionStepOptions): Promise<Subscription> {
  if (!(CANCEL_REASONS as readonly unknown[]).includes(input.reason)) throw Refusal.ofFields(422, { reason: msg('mustBeOneOf', { field: 'cancelReason', allowed: CANCEL_REASONS }) });
  const reason = input.reason as CancelReason;
  if (reason === 'reversal' && given(input.replacedBy)) throw Refusal.ofFields(422, { replacedBy: msg('onlyExchangeReplaced') });
  const on = dateInput(input.on, options.today);
  return step(db, actor, id, 'cancel', async (sub, scope, transaction) => {
    const problem = cancellationProblem(sub, reason, on, { today: options.today, byVendor: actor.view === 'vendor', reversalWindowDays: options.reversalWindowDays });
    const values: Record<string, unknown> = { cancelledOn: on, cancelReason: reason, autoRenew: false };
    if (problem || reason !== 'exchange') return { problem, values };
    if (!given(input.replacedBy)) throw Refusal.ofFields(422, { replacedBy: msg('namesReplacement') });
    const replacement = await findInScope(scope, 'subscriptions', input.replacedBy, { transaction }) as Subscription | null;
    if (!replacement) throw Refusal.ofFields(422, { replacedBy: msg('chooseVisibleSubscription') });
    const mismatch = replacementProblem(sub, replacement, on);
    if (mismatch) throw Refusal.ofFields(422, { replacedBy: mismatch });
    return { problem: null, values: { ...values, replacedById: replacement.id } };
  });
}
