import type { QueryInterface } from 'sequelize';

/**
 * Trial licenses for a new customer (Enginsight: "for a limited time you can use two licenses for
 * test purposes with your customer"): `product_groups.customer_trials`, set by vendor admins
 * (default false), makes a reseller's new customer organization receive two demo licenses of the
 * group inside the reseller's frame (services/customer-trials.ts).
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`alter table product_groups add column customer_trials boolean not null default false;`);
}
