import type { QueryInterface } from 'sequelize';

/**
 * A running claim is a lease (worker/schedule.ts): `lease_until` is renewed while its worker runs
 * the job, and a claim whose lease has passed (the worker was killed, the machine lost power) is
 * taken over by another worker. Claims already running when this lands get an hour from their
 * claim: one left behind by an earlier crash is taken over at once, a run still going keeps it.
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    alter table job_claims add column lease_until timestamptz;
    update job_claims set lease_until = claimed_at + interval '1 hour' where status = 'running';
    create index job_claims_lease_due on job_claims (lease_until) where status = 'running';
  `);
}
