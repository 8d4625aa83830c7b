import type { QueryInterface } from 'sequelize';

export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    -- An issued statement never changes: it keeps the reseller's letterhead (customer number,
    -- address, logo) as it was at issue time, next to the name and billing address it kept already,
    -- and its PDF is rendered from these columns, never from the organization as it is now.
    alter table statements
      add column reseller_customer_number text,
      add column reseller_street text,
      add column reseller_zip text,
      add column reseller_city text,
      add column reseller_country text check (reseller_country ~ '^[A-Z]{2}$'),
      add column reseller_logo bytea,
      add column reseller_logo_content_type text check (reseller_logo_content_type in ('image/png','image/jpeg')),
      -- Where the latest (re)send goes; billing_email stays the address the statement was issued to.
      add column mail_to text;

    -- Statements issued before this migration: the reseller's data now is the closest copy there
    -- is (an erased reseller has none left, so its statements stay without address and logo).
    -- Until now a resend overwrote billing_email, so it also holds the latest destination.
    update statements s
       set reseller_customer_number = o.customer_number,
           reseller_street = o.street, reseller_zip = o.zip, reseller_city = o.city, reseller_country = o.country,
           reseller_logo = o.logo, reseller_logo_content_type = o.logo_content_type
      from organizations o
     where o.id = s.reseller_id;
    update statements set mail_to = billing_email;
  `);
}
