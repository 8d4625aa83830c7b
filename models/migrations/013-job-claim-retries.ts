import type { QueryInterface } from 'sequelize';

/**
 * A slot's run cut off by the database (a restart, a lost connection) is run again from its claim
 * row (worker/schedule.ts): `retry_at` says when, `attempts` how often it was started, `worker`
 * which process (host:pid) holds or last held it.
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    alter table job_claims
      add column attempts integer not null default 1,
      add column retry_at timestamptz,
      add column worker text;
    create index job_claims_retry_due on job_claims (retry_at) where retry_at is not null;
  `);
}
