import type { QueryInterface } from 'sequelize';

/**
 * The audit trail is evidence, so the database itself refuses to rewrite it, whatever code or
 * console issues the statement. Two writers stay legitimate:
 * - the `on delete set null` keys: deleting a user or an organization cuts the entry's link to the
 *   row that is gone, and changes nothing else;
 * - the GDPR erasure, which must scrub personal data out of `details`: it opts in for its own
 *   transaction only, with `set local portal.audit_maintenance = 'on'` (see models/audit.ts).
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      if current_setting('portal.audit_maintenance', true) = 'on' then
        return case when tg_op = 'DELETE' then old else new end;
      end if;
      -- Only a link to a user or organization that no longer exists may be cut: that is what the
      -- foreign keys' "on delete set null" does, and nothing else looks the same.
      if tg_op = 'UPDATE'
        and to_jsonb(new) - 'user_id' - 'organization_id' = to_jsonb(old) - 'user_id' - 'organization_id'
        and (new.user_id is not distinct from old.user_id
          or (new.user_id is null and not exists (select 1 from users where id = old.user_id)))
        and (new.organization_id is not distinct from old.organization_id
          or (new.organization_id is null and not exists (select 1 from organizations where id = old.organization_id)))
      then
        return new;
      end if;
      raise exception 'audit_events is append-only: % refused',
        case when tg_op = 'TRUNCATE' then 'TRUNCATE' else tg_op || ' of audit entry ' || old.id end
        using hint = 'Audit entries are never changed or deleted; only the GDPR erasure scrubs their details.';
    end $$;

    create trigger audit_events_append_only before update or delete on audit_events
      for each row execute function audit_events_append_only();
    create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_append_only();
  `);
}
