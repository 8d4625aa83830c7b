import type { QueryInterface } from 'sequelize';

export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    -- An e-mail invitation into an organization with a role. Only the SHA-256 of the registration
    -- token is stored: a database dump does not hand out working links.
    create table invitations (
      id serial primary key,
      organization_id integer not null references organizations(id) on delete cascade,
      email text not null check (email = lower(email) and email like '%_@_%'),
      role text not null check (role in ('admin','member','guest')),
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      -- The inviter may be erased later; the invitation stays with the organization.
      invited_by integer references users(id) on delete set null,
      expires_at timestamptz not null default now() + interval '7 days',
      accepted_at timestamptz,
      accepted_user_id integer references users(id) on delete set null,
      created_at timestamptz not null default now()
    );
    -- One open invitation per person and organization; an accepted one no longer counts.
    create unique index invitations_one_open on invitations(organization_id, email) where accepted_at is null;
    create index invitations_organization_id on invitations(organization_id, id);
    create index invitations_email on invitations(email);
  `);
}
