import type { Subscription } from '../../reports/subscription-charges.ts';
import type { StatementSubscription } from '../../reports/statement-lines.ts';

/** A monthly subscription at 31.00 from 2024-01-01 (31 cents a day in January), changed by `overrides`. */
export function subscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    ref: 'S-1',
    interval: 'month',
    quantity: 1,
    unitPriceCents: 3100,
    start: '2024-01-01',
    termMonths: 1,
    autoRenew: true,
    terminatedOn: null,
    cancelledOn: null,
    cancelReason: null,
    ...overrides,
  };
}

export function statementSubscription(overrides: Partial<StatementSubscription> = {}): StatementSubscription {
  return {
    ...subscription(),
    customerNumber: 'K-100',
    customerName: null,
    articleCode: 'CM-ACT',
    articleName: 'Activation',
    ...overrides,
  };
}
