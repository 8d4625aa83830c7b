import type { QueryInterface } from 'sequelize';

/**
 * Failed logins, counted per account and per source address by every panel process that shares
 * the database (admin/login-throttle.ts). The keys are SHA-256 hashes of the typed e-mail and of
 * the address, so no typed text (people type passwords into the e-mail field) is stored; rows older
 * than the throttle window are deleted at every login attempt.
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create table login_failures (
      id bigserial primary key,
      account_key text not null,
      address_key text not null,
      failed_at timestamptz not null default now()
    );
    create index login_failures_account on login_failures (account_key, failed_at);
    create index login_failures_address on login_failures (address_key, failed_at);
    create index login_failures_failed_at on login_failures (failed_at);
  `);
}
