// What the statement of one reseller for one period is computed from, read inside the issuing
// transaction: the reseller, its subscriptions as they are now, and what its issued statements
// already charged. Money arrives as text (bigint) and is converted with a safe-integer check.
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { ChargedSum, IssuedPeriod } from '../../reports/adjustments.ts';
import type { StatementSubscription } from '../../reports/statement-lines.ts';
import type { Period } from '../../reports/calendar.ts';
import type { StatementMode } from '../../reports/subscription-charges.ts';

export interface ResellerRow {
  id: number;
  ref: string | null;
  name: string;
  statementMode: StatementMode;
  locale: 'de' | 'en';
  billingEmail: string | null;
  /** The letterhead: copied onto the statement at issue time, which is rendered from that copy. */
  customerNumber: string | null;
  street: string | null;
  zip: string | null;
  city: string | null;
  country: string | null;
  logo: Buffer | null;
  logoContentType: 'image/png' | 'image/jpeg' | null;
}

export type BilledSubscription = StatementSubscription & {
  id: number;
  customerId: number;
  currency: string;
  /** Belongs to this reseller now (a subscription moved to another reseller is only settled here for what this reseller charged). */
  current: boolean;
};

export interface ResellerBillingData {
  reseller: ResellerRow;
  subscriptions: BilledSubscription[];
  issuedPeriods: IssuedPeriod[];
  charged: ChargedSum[];
  /** `${subscriptionId}:${period}` of earlier periods some other reseller's statement charged. */
  chargedElsewhere: Set<string>;
}

export function cents(value: string | number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Amount is not a safe integer number of cents: ${value}`);
  return n;
}

export async function loadResellerBillingData(sequelize: Sequelize, resellerId: number, period: Period, transaction: Transaction): Promise<ResellerBillingData> {
  const select = <T extends object>(sql: string) =>
    sequelize.query<T>(sql, { replacements: { resellerId, period }, type: QueryTypes.SELECT, transaction });

  const [reseller] = await select<ResellerRow>(`
    select id, ref, name, statement_mode as "statementMode", locale, billing_email as "billingEmail",
           customer_number as "customerNumber", street, zip, city, country, logo, logo_content_type as "logoContentType"
    from organizations where id = :resellerId`);
  if (!reseller) throw new Error(`Reseller ${resellerId} does not exist.`);

  // A customer without a customer number is still named on the statement by a stable key.
  const rows = await select<Omit<BilledSubscription, 'unitPriceCents'> & { unitPriceCents: number }>(`
    select s.id, s.ref, s.interval, s.quantity, s.unit_price_cents as "unitPriceCents",
           s.start_date::text as start, s.term_months as "termMonths", s.auto_renew as "autoRenew",
           s.terminated_on::text as "terminatedOn", s.cancelled_on::text as "cancelledOn", s.cancel_reason as "cancelReason",
           s.customer_id as "customerId",
           coalesce(c.customer_number, c.ref, 'ORG-' || c.id) as "customerNumber",
           case when c.data_policy = 'full' then c.name end as "customerName",
           a.code as "articleCode", a.name as "articleName", a.currency,
           s.reseller_id = :resellerId as current
    from subscriptions s
    join organizations c on c.id = s.customer_id
    join articles a on a.id = s.article_id
    where s.reseller_id = :resellerId
       or s.id in (select l.subscription_id from statement_lines l join statements st on st.id = l.statement_id where st.reseller_id = :resellerId)
    order by s.id`);

  const issuedPeriods = await select<IssuedPeriod>(`
    select period, mode from statements where reseller_id = :resellerId and period < :period order by period`);

  const chargedRows = await select<{ subscriptionRef: string; chargedPeriod: string; amount: string }>(`
    select s.ref as "subscriptionRef", l.charged_period as "chargedPeriod", sum(l.amount_cents)::text as amount
    from statement_lines l
    join statements st on st.id = l.statement_id
    join subscriptions s on s.id = l.subscription_id
    where st.reseller_id = :resellerId and l.charged_period < :period
    group by s.ref, l.charged_period`);

  const elsewhere = await select<{ key: string }>(`
    select distinct l.subscription_id || ':' || l.charged_period as key
    from statement_lines l join statements st on st.id = l.statement_id
    join subscriptions s on s.id = l.subscription_id
    where s.reseller_id = :resellerId and st.reseller_id <> :resellerId and l.charged_period < :period`);

  return {
    reseller,
    subscriptions: rows,
    issuedPeriods,
    charged: chargedRows.map((r) => ({ subscriptionRef: r.subscriptionRef, chargedPeriod: r.chargedPeriod, amountCents: cents(r.amount) })),
    chargedElsewhere: new Set(elsewhere.map((r) => r.key)),
  };
}
