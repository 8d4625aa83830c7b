import type { QueryInterface } from 'sequelize';

/**
 * Tickets become vouchers with a lifecycle (services/tickets.ts, rules in
 * models/domain/ticket-rules.ts): open → assigned → redeemed into exactly one license.
 * - `pool_ref`: the ERP's reference of a pool it ordered (its import tops the pool up to the
 *   ordered count, so importing the same document twice generates nothing new);
 *   `redeemed_at`: when the ticket became its license.
 * - A license comes from at most one ticket, a redeemed ticket names its license and only a
 *   redeemed one does, an assigned ticket names its user. The license of a redeemed ticket is not
 *   deleted under it (restrict instead of set null). Rows written before this migration that claim
 *   a redemption without a license are left as they are (that check is `not valid`: it holds for
 *   every write from now on); an assigned ticket without a user is open again.
 * - When the user a ticket is assigned to is deleted (an admin, the GDPR erasure), the foreign key
 *   clears the user and the trigger puts the ticket back into its pool (open).
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    alter table tickets add column pool_ref text, add column redeemed_at timestamptz;
    create index tickets_pool_ref on tickets (pool_ref) where pool_ref is not null;

    update tickets set status = 'redeemed' where license_id is not null and status <> 'redeemed';
    update tickets set status = 'open' where status = 'assigned' and assigned_user_id is null;

    create unique index tickets_license_id on tickets (license_id) where license_id is not null;
    alter table tickets
      add constraint tickets_license_id_check check (license_id is null or status = 'redeemed'),
      add constraint tickets_assigned_user_id_check check (status <> 'assigned' or assigned_user_id is not null),
      add constraint tickets_status_redeemed_check check (status <> 'redeemed' or license_id is not null) not valid,
      drop constraint tickets_license_id_fkey,
      add constraint tickets_license_id_fkey foreign key (license_id) references licenses(id) on delete restrict;

    create function tickets_back_to_pool() returns trigger language plpgsql as $$
    begin
      new.status := 'open';
      return new;
    end $$;
    create trigger tickets_back_to_pool before update on tickets
      for each row when (new.status = 'assigned' and new.assigned_user_id is null)
      execute function tickets_back_to_pool();
  `);
}
