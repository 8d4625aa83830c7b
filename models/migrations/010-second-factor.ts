import type { QueryInterface } from 'sequelize';

/**
 * The second factor (services/second-factor.ts): one TOTP secret per user (RFC 6238), stored
 * AES-256-GCM-encrypted under a key derived from the session secret, so a dump of the database alone
 * does not give it away; `enabled_at` null while the enrolment waits for its first code;
 * `last_time_step` the 30-second step of the last code accepted, so no code is accepted twice.
 * Recovery codes are stored as SHA-256 hashes (each carries 80 random bits), marked when used.
 * Wrong codes are counted per user for the throttle. All of it goes with the user (on delete cascade).
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create table second_factors (
      user_id integer primary key references users(id) on delete cascade,
      secret text not null,
      enabled_at timestamptz,
      last_time_step bigint,
      created_at timestamptz not null default now()
    );
    create table recovery_codes (
      id serial primary key,
      user_id integer not null references users(id) on delete cascade,
      code_hash text not null,
      used_at timestamptz,
      unique (user_id, code_hash)
    );
    create table second_factor_failures (
      id bigserial primary key,
      user_id integer not null references users(id) on delete cascade,
      failed_at timestamptz not null default now()
    );
    create index second_factor_failures_user on second_factor_failures (user_id, failed_at);
  `);
}
