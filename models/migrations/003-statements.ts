import type { QueryInterface } from 'sequelize';

const PERIOD = `'^[0-9]{4}-(0[1-9]|1[0-2])$'`;

export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create table statement_runs (
      id serial primary key,
      period text not null check (period ~ ${PERIOD}),
      trigger text not null check (trigger in ('schedule','cli','panel')),
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      status text not null default 'running' check (status in ('running','done','failed')),
      issued_count integer not null default 0,
      sent_count integer not null default 0,
      error text
    );
    create index statement_runs_period on statement_runs(period, id);

    create table statements (
      id serial primary key,
      reseller_id integer not null references organizations(id) on delete restrict,
      period text not null check (period ~ ${PERIOD}),
      mode text not null check (mode in ('prorated','cutoff')),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      locale text not null check (locale in ('de','en')),
      reseller_ref text,
      reseller_name text not null,
      billing_email text,
      total_cents bigint not null,
      issued_at timestamptz not null default now(),
      run_id integer references statement_runs(id) on delete set null,
      mail_status text not null default 'pending' check (mail_status in ('pending','sent','failed','no_address')),
      mail_attempts integer not null default 0,
      next_mail_attempt_at timestamptz,
      mailed_at timestamptz,
      mail_error text,
      message_id text not null unique,
      restricted_at timestamptz,
      retain_until date,
      unique (reseller_id, period)
    );
    create index statements_mail_due on statements(next_mail_attempt_at) where mail_status = 'pending';

    create table statement_lines (
      id serial primary key,
      statement_id integer not null references statements(id) on delete cascade,
      line_type text not null check (line_type in ('charge','adjustment')),
      charged_period text not null check (charged_period ~ ${PERIOD}),
      subscription_id integer not null references subscriptions(id) on delete restrict,
      subscription_ref text not null,
      customer_id integer references organizations(id) on delete set null,
      customer_number text not null,
      customer_name text,
      article_code text not null,
      article_name text not null,
      from_date date,
      to_date date,
      days integer not null check (days >= 0),
      quantity integer not null,
      unit_price_cents integer not null,
      amount_cents bigint not null,
      restricted_at timestamptz,
      retain_until date
    );
    -- A subscription is charged once per period; later differences only arrive as adjustments,
    -- at most one per statement.
    create unique index statement_lines_one_charge on statement_lines(subscription_id, charged_period) where line_type = 'charge';
    create unique index statement_lines_one_adjustment on statement_lines(statement_id, subscription_id, charged_period) where line_type = 'adjustment';
    create index statement_lines_statement on statement_lines(statement_id, id);
  `);
}
