import type { QueryInterface } from 'sequelize';

/**
 * The webhook job purges finished deliveries past WEBHOOK_RETENTION_DAYS on every run (each
 * minute by default; services/webhook-retention.ts): this index holds only finished rows, by the
 * time they ended (a delivered row's `delivered_at`, a given-up row's last attempt, which
 * `next_attempt_at` holds once it is given up), so the purge reads the rows it deletes and no others.
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create index webhook_deliveries_ended on webhook_deliveries ((coalesce(delivered_at, next_attempt_at))) where status <> 'pending';
  `);
}
