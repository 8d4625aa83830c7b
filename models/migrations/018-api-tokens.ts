import type { QueryInterface } from 'sequelize';
import { VIEWS } from '../organization.ts';
import { API_TOKEN_ROLES } from '../domain/values.ts';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');

/**
 * `api_tokens`: the REST API's credentials (services/api-tokens.ts). A token belongs to an
 * organization and acts there in one of its views (`view`) with at most `role` (`read-only` reads,
 * `member` also runs operations). Only the SHA-256 of the token is kept. `expires_on` is its last
 * vendor calendar day; `revoked_at` ends it for good. `last_used_at`, `window_started_at` and
 * `window_count` are its use: the fixed rate-limit window lives on the row, so every panel process
 * on the database counts the same requests.
 */
export async function up({ context: q }: { context: QueryInterface }): Promise<void> {
  await q.sequelize.query(`
    create table api_tokens (
      id serial primary key,
      organization_id integer not null references organizations(id) on delete cascade,
      name text not null check (length(name) between 1 and 100),
      view text not null check (view in (${list(VIEWS)})),
      role text not null check (role in (${list(API_TOKEN_ROLES)})),
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      expires_on date,
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      last_used_at timestamptz,
      window_started_at timestamptz,
      window_count integer not null default 0
    );
    create index api_tokens_organization_id on api_tokens (organization_id, id);
  `);
}
