import type { QueryInterface } from 'sequelize';
import { WEBHOOK_EVENTS } from '../domain/values.ts';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');

/**
 * Webhook deliveries, second step (services/webhook-retention.ts, models/domain/webhook-rules.ts):
 * - The webhook job purges finished deliveries past WEBHOOK_RETENTION_DAYS on every run (each
 *   minute by default): this index holds only finished rows, by the time they ended (a delivered
 *   row's `delivered_at`, a given-up row's last attempt, which `next_attempt_at` holds once it is
 *   given up), so the purge reads the rows it deletes and no others.
 * - Deleted licenses and subscriptions are events too (`license.deleted`, `subscription.deleted`):
 *   the event lists of endpoints and deliveries are checked against the grown value list.
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create index webhook_deliveries_ended on webhook_deliveries ((coalesce(delivered_at, next_attempt_at))) where status <> 'pending';
    alter table webhook_endpoints drop constraint webhook_endpoints_events_check,
      add constraint webhook_endpoints_events_check check (cardinality(events) >= 1 and events <@ array[${list(WEBHOOK_EVENTS)}]::text[]);
    alter table webhook_deliveries drop constraint webhook_deliveries_event_check,
      add constraint webhook_deliveries_event_check check (event in (${list(WEBHOOK_EVENTS)}));
  `);
}
