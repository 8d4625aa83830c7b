import type { QueryInterface } from 'sequelize';

const VIEWS = `'vendor','distributor','reseller','service_provider','system_integrator','partner','customer'`;

export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create table organizations (
      id serial primary key,
      ref text unique,
      name text not null check (length(trim(name)) > 0),
      views text[] not null check (cardinality(views) > 0 and views <@ array[${VIEWS}]),
      parent_id integer references organizations(id) on delete restrict,
      customer_number text unique,
      data_policy text not null default 'full' check (data_policy in ('pseudonymous','full')),
      statement_mode text not null default 'prorated' check (statement_mode in ('prorated','cutoff')),
      billing_email text,
      contact_email text,
      locale text not null default 'de' check (locale in ('de','en')),
      street text, zip text, city text,
      country text check (country ~ '^[A-Z]{2}$'),
      support_contact text,
      logo bytea,
      logo_content_type text check (logo_content_type in ('image/png','image/jpeg')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index organizations_parent_id on organizations(parent_id);

    create table users (
      id serial primary key,
      email text not null unique check (email = lower(email) and email like '%_@_%'),
      name text,
      password_hash text,
      is_dpo boolean not null default false,
      locale text not null default 'de' check (locale in ('de','en')),
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table memberships (
      id serial primary key,
      user_id integer not null references users(id) on delete cascade,
      organization_id integer not null references organizations(id) on delete cascade,
      role text not null check (role in ('admin','member','guest')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (user_id, organization_id)
    );
    create index memberships_organization_id on memberships(organization_id);

    create table product_groups (
      id serial primary key,
      name text not null unique,
      description text,
      demo_days integer[] not null default '{}',
      min_seats integer not null default 1 check (min_seats >= 1),
      max_seats integer check (max_seats >= min_seats),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table articles (
      id serial primary key,
      code text not null unique,
      name text not null,
      kind text not null check (kind in ('full','demo','subscription','nfr','alm')),
      interval text check (interval in ('month','year')),
      price_cents integer not null default 0 check (price_cents >= 0),
      currency text not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
      product_group_id integer references product_groups(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index articles_product_group_id on articles(product_group_id);

    create table product_group_grants (
      id serial primary key,
      product_group_id integer not null references product_groups(id) on delete cascade,
      organization_id integer not null references organizations(id) on delete cascade,
      demo_days integer[],
      min_seats integer check (min_seats >= 1),
      max_seats integer check (max_seats >= coalesce(min_seats, 1)),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (product_group_id, organization_id)
    );
    create index product_group_grants_organization_id on product_group_grants(organization_id);

    create table software_releases (
      id serial primary key,
      product_line text not null,
      version text not null,
      released_on date not null,
      file_url text not null,
      sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (product_line, version)
    );

    create table licenses (
      id serial primary key,
      license_key text not null unique,
      organization_id integer not null references organizations(id) on delete restrict,
      article_id integer not null references articles(id) on delete restrict,
      kind text not null check (kind in ('full','demo','subscription','nfr','alm')),
      status text not null default 'inactive' check (status in ('inactive','active','recalled','expired','destroyed')),
      seats integer not null default 1 check (seats >= 1),
      device text,
      activated_at timestamptz,
      expires_on date,
      service_until date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index licenses_organization_id on licenses(organization_id, id);

    create table tickets (
      id serial primary key,
      code text not null unique,
      article_id integer not null references articles(id) on delete restrict,
      organization_id integer not null references organizations(id) on delete restrict,
      assigned_user_id integer references users(id) on delete set null,
      status text not null default 'open' check (status in ('open','assigned','redeemed')),
      license_id integer references licenses(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index tickets_organization_id on tickets(organization_id, id);

    create table subscriptions (
      id serial primary key,
      ref text not null unique,
      reseller_id integer not null references organizations(id) on delete restrict,
      customer_id integer not null references organizations(id) on delete restrict,
      article_id integer not null references articles(id) on delete restrict,
      license_id integer references licenses(id) on delete set null,
      quantity integer not null check (quantity >= 1),
      unit_price_cents integer not null check (unit_price_cents >= 0),
      interval text not null check (interval in ('month','year')),
      start_date date not null,
      term_months integer not null check (term_months >= 1),
      auto_renew boolean not null default true,
      terminated_on date check (terminated_on >= start_date),
      cancelled_on date check (cancelled_on >= start_date),
      cancel_reason text check (cancel_reason in ('reversal','exchange')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((cancelled_on is null) = (cancel_reason is null))
    );
    create index subscriptions_reseller_id on subscriptions(reseller_id, id);
    create index subscriptions_customer_id on subscriptions(customer_id, id);

    create table audit_events (
      id bigserial primary key,
      at timestamptz not null default now(),
      user_id integer references users(id) on delete set null,
      organization_id integer references organizations(id) on delete set null,
      action text not null,
      resource text,
      record_id text,
      details jsonb not null default '{}'
    );
    create index audit_events_organization_id on audit_events(organization_id, at);

    create table sessions (
      sid varchar not null primary key,
      sess json not null,
      expire timestamp(6) not null
    );
    create index sessions_expire on sessions(expire);
  `);
}
