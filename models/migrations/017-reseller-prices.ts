import type { QueryInterface } from 'sequelize';

/**
 * Vendor-set prices per reseller (services/reseller-prices.ts): the unit price in cents a reseller
 * is charged for an article instead of the article's own price. One per article and reseller; a
 * booking by that reseller takes it (services/subscription-booking.ts). Removed with either side.
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create table reseller_prices (
      id serial primary key,
      article_id integer not null references articles(id) on delete cascade,
      reseller_id integer not null references organizations(id) on delete cascade,
      unit_price_cents integer not null check (unit_price_cents >= 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (article_id, reseller_id)
    );
    create index reseller_prices_reseller_id on reseller_prices (reseller_id);
  `);
}
