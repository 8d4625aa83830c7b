/**
 * REST API tokens. An organization's admin creates one in the organization and view it acts in
 * (the token is shown once; only its SHA-256 is stored) and revokes it. A request's bearer token
 * becomes an actor (`tokenActor`): that organization's view with the token's role, handed to the
 * same services, the same reach and the same field rules as the panel.
 */
import { randomBytes } from 'node:crypto';
import { Op, QueryTypes, type Sequelize } from 'sequelize';
import { personOf, type Actor, type View } from '../models/domain/policy.ts';
import type { ApiTokenRole } from '../models/domain/values.ts';
import type { Role } from '../models/domain/roles.ts';
import type { IsoDate } from '../reports/calendar.ts';
import { tokenHash } from '../models/domain/invitation-rules.ts';
import { ApiToken } from '../models/index.ts';
import { authorize, lockedInScope } from './reach.ts';
import { inTransaction, prepareWrite, visible, type Input, type Row } from './records.ts';
import { auditOperation, auditWrite, changesBetween } from './audit-trail.ts';
import { Refusal } from './refusal.ts';
import { msg } from '../templates/messages.ts';

/** A recognisable prefix (secret scanners, logs) before 32 random bytes in base64url. */
export const TOKEN_PREFIX = 'clp_';
const TOKEN_SHAPE = /^clp_[A-Za-z0-9_-]{43}$/;

/** A token never acts above member: `read-only` reads as a guest does. */
const ACTOR_ROLE: Record<ApiTokenRole, Role> = { 'read-only': 'guest', member: 'member' };

export async function createApiToken(db: Sequelize, actor: Actor, input: Input, options: { today: IsoDate }): Promise<{ row: Row; token: string }> {
  return inTransaction(db, 'api_tokens', async (transaction) => {
    const { scope, values } = await prepareWrite(db, actor, 'api_tokens', 'create', input, {
      transaction, setByService: ['tokenHash'], fixed: { organizationId: actor.organizationId, view: actor.view },
    });
    if (typeof values.expiresOn === 'string' && values.expiresOn < options.today) {
      throw Refusal.ofFields(422, { expiresOn: msg('todayOrLater', { today: options.today }) });
    }
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const created = await ApiToken.create({ ...values, tokenHash: tokenHash(token), createdBy: personOf(actor) }, { transaction });
    const row = created.toJSON() as Row;
    await auditWrite(actor, 'api_tokens', 'create', row, undefined, transaction);
    return { row: visible(scope, row), token };
  });
}

export async function revokeApiToken(db: Sequelize, actor: Actor, id: unknown): Promise<ApiToken> {
  const scope = await authorize(db, actor, 'api_tokens', 'revoke');
  return inTransaction(db, 'api_tokens', async (transaction) => {
    const token = await lockedInScope<ApiToken>(scope, 'api_tokens', id, transaction);
    if (token.revokedAt) throw new Refusal(409, msg('tokenRevoked', { id: token.id }));
    const before = token.toJSON() as Row;
    await token.update({ revokedAt: new Date() }, { transaction });
    await auditOperation(actor, 'api_tokens', 'revoke', token.organizationId, token.id, changesBetween(before, token.toJSON() as Row, ['revokedAt']), transaction);
    return token;
  });
}

/** The tokens the actor reaches (an organization's admins, the admins above it, vendor admins), oldest first. */
export async function listApiTokens(db: Sequelize, actor: Actor, options: { organizationId?: number } = {}): Promise<Row[]> {
  const scope = await authorize(db, actor, 'api_tokens', 'read');
  const rows = await ApiToken.findAll({
    where: { [Op.and]: [scope.where, options.organizationId === undefined ? {} : { organizationId: options.organizationId }] },
    order: [['id', 'ASC']],
  });
  return rows.map((row) => visible(scope, row.toJSON() as Row));
}

export type TokenUse =
  | { ok: true; actor: Actor; limit: number; remaining: number; resetSeconds: number }
  | { ok: false; retryAfterSeconds: number };

/**
 * The actor a bearer token stands for, counted against its fixed rate-limit window: 401 when the
 * token is missing, malformed, unknown, revoked, past its last day (`today`, the vendor's date) or
 * its organization no longer holds the token's view — one answer for all, so a caller learns
 * nothing about tokens it does not hold. Counting and "last used" are one UPDATE of the token's
 * row, so every panel process on the database shares the window; a refused (429) request counts too.
 */
export async function tokenActor(db: Sequelize, bearer: string | null, options: { today: IsoDate; limit: number; windowSeconds: number }): Promise<TokenUse> {
  const unauthorized = new Refusal(401, msg('sendToken'));
  if (!bearer || !TOKEN_SHAPE.test(bearer)) throw unauthorized;
  const [row] = await db.query<{ id: number; organization_id: number; view: View; role: ApiTokenRole; window_count: number; reset_seconds: number }>(`
    update api_tokens t set
      last_used_at = now(),
      window_started_at = case when t.window_started_at > now() - make_interval(secs => :window) then t.window_started_at else now() end,
      window_count = case when t.window_started_at > now() - make_interval(secs => :window) then t.window_count + 1 else 1 end
    from organizations o
    where t.token_hash = :hash and t.revoked_at is null and (t.expires_on is null or t.expires_on >= :today)
      and o.id = t.organization_id and t.view = any(o.views)
    returning t.id, t.organization_id, t.view, t.role, t.window_count,
      greatest(1, ceil(extract(epoch from t.window_started_at + make_interval(secs => :window) - now())))::int as reset_seconds`,
  { replacements: { hash: tokenHash(bearer), today: options.today, window: options.windowSeconds }, type: QueryTypes.SELECT });
  if (!row) throw unauthorized;
  if (row.window_count > options.limit) return { ok: false, retryAfterSeconds: row.reset_seconds };
  return {
    ok: true,
    actor: { userId: 0, organizationId: row.organization_id, view: row.view, role: ACTOR_ROLE[row.role], inherited: false, apiTokenId: row.id },
    limit: options.limit,
    remaining: options.limit - row.window_count,
    resetSeconds: row.reset_seconds,
  };
}
