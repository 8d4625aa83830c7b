import type { QueryInterface } from 'sequelize';

/**
 * Free additional license keys (services/free-keys.ts): `organizations.free_key_quota` is how many
 * free keys the partner may hand out over the ALM licenses it looks after, set by vendor admins
 * (default 0: none). A key drawn is a license of its own naming the ALM license it was drawn from
 * and the organization whose quota it counts against.
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    alter table organizations
      add column free_key_quota integer not null default 0 check (free_key_quota >= 0 and free_key_quota <= 100000);
    alter table licenses
      add column drawn_from_id integer references licenses (id) on delete set null,
      add column quota_organization_id integer references organizations (id) on delete set null;
    create index licenses_quota_organization on licenses (quota_organization_id) where quota_organization_id is not null;
  `);
}
