import type { QueryInterface } from 'sequelize';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENTS } from '../domain/values.ts';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');

/**
 * Webhooks (services/webhooks.ts, services/webhook-outbox.ts, services/webhook-delivery.ts):
 * - `webhook_endpoints`: an organization's https endpoint, the events it wants, and the view it was
 *   registered in (the scope its events are computed with). The signing secret is stored sealed
 *   (AES-256-GCM under a key derived from the session secret, services/sealed-secret.ts): HMAC needs
 *   the secret itself, so a hash would not do.
 * - `webhook_deliveries`: the outbox, one row per event and receiving endpoint, written in the same
 *   transaction as the audited change; the worker claims due rows with FOR UPDATE SKIP LOCKED.
 *   `organization_id` repeats the endpoint's, so the row is scoped like every other tenant row.
 * Custom property columns: `visible_to_customer` marks a partner's property whose value the
 * customer itself may read (default: only the partner's side).
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create table webhook_endpoints (
      id serial primary key,
      organization_id integer not null references organizations(id) on delete cascade,
      view text not null,
      url text not null check (length(url) between 8 and 2000),
      events text[] not null check (cardinality(events) >= 1 and events <@ array[${list(WEBHOOK_EVENTS)}]::text[]),
      secret_sealed text not null,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index webhook_endpoints_organization_id on webhook_endpoints (organization_id);

    create table webhook_deliveries (
      id bigserial primary key,
      endpoint_id integer not null references webhook_endpoints(id) on delete cascade,
      organization_id integer not null references organizations(id) on delete cascade,
      event text not null check (event in (${list(WEBHOOK_EVENTS)})),
      payload jsonb not null,
      status text not null default 'pending' check (status in (${list(WEBHOOK_DELIVERY_STATUSES)})),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_status integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index webhook_deliveries_due on webhook_deliveries (next_attempt_at, id) where status = 'pending';
    create index webhook_deliveries_organization_id on webhook_deliveries (organization_id, id);

    alter table custom_property_definitions add column visible_to_customer boolean not null default false;
  `);
}
