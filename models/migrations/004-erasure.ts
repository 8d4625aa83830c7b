import { randomBytes } from 'node:crypto';
import type { QueryInterface } from 'sequelize';

export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    -- Secrets of this installation; the erasure salt makes subject hashes verifiable here and
    -- useless as a lookup table anywhere else.
    create table installation_secrets (
      name text primary key,
      value text not null,
      created_at timestamptz not null default now()
    );

    -- How long restricted billing records are kept and why; German periods changed in 2025, so the
    -- numbers live here, not in code.
    create table retention_settings (
      record_type text primary key,
      retention_years integer not null check (retention_years between 1 and 100),
      legal_basis text not null check (length(trim(legal_basis)) > 0),
      updated_at timestamptz not null default now()
    );
    insert into retention_settings (record_type, retention_years, legal_basis) values
      ('statements', 10, '§ 147 AO / § 257 HGB'),
      ('statement_lines', 10, '§ 147 AO / § 257 HGB');

    create table erasure_requests (
      id serial primary key,
      subject_kind text not null check (subject_kind in ('org','user')),
      -- No foreign key: the erasure deletes the user it points to.
      subject_id integer not null,
      -- The subject as the DPO named it (org ref or e-mail); replaced by the pseudonym on execution.
      subject_label text not null,
      reason text not null check (length(trim(reason)) > 0),
      status text not null default 'requested' check (status in ('requested','approved','executed','rejected')),
      requested_by integer references users(id) on delete set null,
      requested_at timestamptz not null default now(),
      approved_by integer references users(id) on delete set null,
      approved_at timestamptz,
      due_at timestamptz,
      rejected_by integer references users(id) on delete set null,
      rejected_at timestamptz,
      executed_by integer references users(id) on delete set null,
      executed_at timestamptz,
      subject_hash text,
      pseudonym text,
      check ((status in ('approved','executed')) = (approved_at is not null)),
      check ((status = 'executed') = (executed_at is not null))
    );
    create unique index erasure_requests_one_open on erasure_requests(subject_kind, subject_id) where status in ('requested','approved');
    create index erasure_requests_due on erasure_requests(due_at) where status = 'approved';

    -- The certificate is a record; its PDF is rendered from these columns, never from personal data.
    create table erasure_certificates (
      id serial primary key,
      request_id integer not null unique references erasure_requests(id) on delete restrict,
      subject_kind text not null,
      subject_hash text not null,
      pseudonym text not null,
      -- DPOs (id, e-mail) who asked, approved and executed; not the subject's data.
      actors jsonb not null,
      requested_at timestamptz not null,
      approved_at timestamptz not null,
      executed_at timestamptz not null,
      deleted jsonb not null,
      pseudonymized jsonb not null,
      retained jsonb not null,
      issued_at timestamptz not null default now()
    );

    create table custom_property_definitions (
      id serial primary key,
      organization_id integer not null references organizations(id) on delete cascade,
      name text not null check (length(trim(name)) > 0),
      type text not null check (type in ('text','number','date','boolean','choice')),
      choices text[] not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, name),
      check ((type = 'choice') = (cardinality(choices) > 0))
    );

    create table custom_property_values (
      id serial primary key,
      definition_id integer not null references custom_property_definitions(id) on delete cascade,
      organization_id integer not null references organizations(id) on delete cascade,
      value text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (definition_id, organization_id)
    );
    create index custom_property_values_organization_id on custom_property_values(organization_id, id);
  `);
  await q.sequelize.query(`insert into installation_secrets (name, value) values ('erasure_subject_salt', :salt)`,
    { replacements: { salt: randomBytes(32).toString('hex') } });
}
