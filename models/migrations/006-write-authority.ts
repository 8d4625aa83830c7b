import type { QueryInterface } from 'sequelize';

export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    -- A password someone else chose (an admin creating the account) must be replaced by the user
    -- at the first login, and before an invitation into another tenant takes effect.
    alter table users add column password_change_required boolean not null default false;
  `);
}
