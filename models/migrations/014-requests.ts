import type { QueryInterface } from 'sequelize';

/**
 * Requests on a license (services/license-requests.ts):
 * - `offer_requests`: a non-binding service offer requested by an organization (`organization_id`,
 *   the requester) on a license it reaches; mailed to the vendor's sales (`mailed_to`), answered
 *   once by vendor staff (`answer`, `answered_by`, `answered_at`).
 * - `support_messages`: support threads. The opening message (`thread_id` null) is written by the
 *   license holder (`organization_id`) and goes to `handler_organization_id` (the nearest organization
 *   above the holder with a support contact, else the vendor); replies name the opening message as
 *   `thread_id` and repeat its license and both organizations, so every row is scoped on its own.
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create table offer_requests (
      id serial primary key,
      license_id integer not null references licenses(id) on delete cascade,
      organization_id integer not null references organizations(id) on delete cascade,
      requested_by integer references users(id) on delete set null,
      message text not null check (length(message) between 1 and 2000),
      mailed_to text not null,
      answer text check (answer is null or length(answer) between 1 and 2000),
      answered_by integer references users(id) on delete set null,
      answered_at timestamptz,
      created_at timestamptz not null default now(),
      check ((answer is null) = (answered_at is null))
    );
    create index offer_requests_organization_id on offer_requests (organization_id);
    create index offer_requests_license_id on offer_requests (license_id);

    create table support_messages (
      id serial primary key,
      thread_id integer references support_messages(id) on delete cascade,
      license_id integer not null references licenses(id) on delete cascade,
      organization_id integer not null references organizations(id) on delete cascade,
      handler_organization_id integer not null references organizations(id) on delete cascade,
      author_user_id integer references users(id) on delete set null,
      author_organization_id integer references organizations(id) on delete set null,
      message text not null check (length(message) between 1 and 2000),
      created_at timestamptz not null default now()
    );
    create index support_messages_organization_id on support_messages (organization_id);
    create index support_messages_handler_organization_id on support_messages (handler_organization_id);
    create index support_messages_thread_id on support_messages (thread_id);
  `);
}
