import type { QueryInterface } from 'sequelize';

export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create table job_claims (
      key text primary key,
      job text not null,
      claimed_at timestamptz not null default now(),
      finished_at timestamptz,
      status text not null default 'running' check (status in ('running','done','failed')),
      error text
    );
  `);
}
