/**
 * The second factor: TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator
 * app reads from an otpauth:// URI) through otplib, with single-use recovery codes.
 *
 * - The secret is stored AES-256-GCM-encrypted under a key derived (HKDF) from the session secret
 *   and bound to the user's id: a dump of the database alone does not give it away. Changing the
 *   session secret makes every stored secret unreadable: those users log in with a recovery code
 *   and enrol again.
 * - Recovery codes (10, each 80 random bits) are shown once and stored as SHA-256 hashes; each
 *   works once.
 * - A code is accepted at most once (the step of the last accepted code is kept), within one step
 *   before or after the server's clock.
 * - Wrong codes are counted per user in PostgreSQL (every panel process): after 5 in 15 minutes
 *   further codes are refused with 429 until the oldest of them leaves the window; a right code
 *   forgives the user's failures.
 * - Required for vendor staff and the DPO in production (`secondFactorRequired`), optional for
 *   everyone else.
 */
import crypto from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { QueryTypes, Transaction, type Sequelize } from 'sequelize';
import { recordAudit } from '../models/audit.ts';
import { User } from '../models/index.ts';
import { verifyPassword } from '../models/passwords.ts';
import { Refusal } from './refusal.ts';
import { endSessionsOf } from './sessions.ts';
import { secretKeyFor, seal as sealSecret, unseal as unsealSecret } from './sealed-secret.ts';
import { msg, renderMessage, type Message } from '../templates/messages.ts';

export const CODE_FAILURE_LIMIT = 5;
export const CODE_FAILURE_WINDOW_MINUTES = 15;
export const RECOVERY_CODE_COUNT = 10;
export const TOTP_ISSUER = 'Channel License Portal';

// Advisory lock namespace (first key of pg_advisory_xact_lock(int, int)), next to login-throttle.ts's.
const USER_LOCK = 727_274_011;

/** The key the TOTP secrets are encrypted with, derived from the session secret (services/sealed-secret.ts). */
export type SecretKey = Buffer;

export function secretKeyFrom(sessionSecret: string): SecretKey {
  return secretKeyFor(sessionSecret, 'second-factor-secret/v1');
}

const seal = (key: SecretKey, userId: number, secret: string) => sealSecret(key, `user:${userId}`, secret);
const unseal = (key: SecretKey, userId: number, sealed: string) => unsealSecret(key, `user:${userId}`, sealed);

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A recovery code: 16 base32 characters (80 bits) in groups of four. */
function newRecoveryCode(): string {
  const bytes = crypto.randomBytes(10);
  let bits = 0;
  let value = 0;
  let text = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return text.match(/.{4}/g)!.join('-');
}

const normalizedRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z2-7]/g, '');
const recoveryCodeHash = (code: string) => crypto.createHash('sha256').update(`recovery:${normalizedRecoveryCode(code)}`).digest('hex');

/** A code as typed: six digits (spaces allowed) are a TOTP code, anything else is taken for a recovery code. */
function classify(code: unknown): { totp: string } | { recovery: string } | null {
  const text = String(code ?? '').trim();
  if (!text || text.length > 64) return null;
  const digits = text.replace(/\s/g, '');
  if (/^\d{6}$/.test(digits)) return { totp: digits };
  return normalizedRecoveryCode(text).length === 16 ? { recovery: text } : null;
}

/** Too many wrong codes: answered 429 with Retry-After. */
export class CodesThrottled extends Error {
  readonly statusCode = 429;
  /** What the person reads, in their language (the message is English, for logs). */
  readonly text: Message;
  constructor(readonly retryAfterSeconds: number) {
    const text = msg('tooManyCodes', { minutes: Math.ceil(retryAfterSeconds / 60) });
    super(renderMessage(text));
    this.text = text;
    this.name = 'CodesThrottled';
  }
}

const wrongCode = () => new Refusal(422, msg('wrongCode'), { code: msg('wrongCode') });

interface Row { secret: string; enabled_at: Date | null; last_time_step: string | null }

async function factorRow(db: Sequelize, userId: number, transaction?: Transaction): Promise<Row | null> {
  const [row] = await db.query<Row>(`select secret, enabled_at, last_time_step from second_factors where user_id = :userId${transaction ? ' for update' : ''}`,
    { replacements: { userId }, type: QueryTypes.SELECT, transaction });
  return row ?? null;
}

/** Checks a TOTP code against the row's secret; on success the code's step is kept so it is not accepted again. */
async function totpMatches(db: Sequelize, key: SecretKey, userId: number, row: Row, token: string, transaction: Transaction): Promise<boolean> {
  const secret = unseal(key, userId, row.secret);
  if (secret === null) {
    console.warn(`The second factor of user ${userId} cannot be decrypted (was the session secret changed?); only recovery codes work.`);
    return false;
  }
  const replay = row.last_time_step === null ? {} : { afterTimeStep: Number(row.last_time_step) };
  const result = await verify({ secret, token, epochTolerance: 30, ...replay }).catch(() => ({ valid: false as const }));
  if (!result.valid || !('timeStep' in result)) return false;
  await db.query('update second_factors set last_time_step = :step where user_id = :userId', { replacements: { step: result.timeStep, userId }, transaction });
  return true;
}

/** What a check answers for a wrong code (null) or a wrong password (its refusal): counted as a failure. */
class Wrong {
  constructor(readonly refusal: Refusal) {}
}

/**
 * One code attempt of a user, under the user's lock: refused (429) while the user has its limit
 * of wrong codes in the window; `check` decides inside the transaction; a wrong code (null) or
 * password (a Wrong) is counted, a right one forgives the user's failures.
 */
async function codeAttempt<T>(db: Sequelize, userId: number, check: (transaction: Transaction) => Promise<T | Wrong | null>): Promise<T> {
  type Verdict = { throttled: number } | { wrong: Refusal } | { result: T };
  const verdict = await db.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED }, async (transaction): Promise<Verdict> => {
    const replacements = { userId, lock: USER_LOCK, window: CODE_FAILURE_WINDOW_MINUTES, offset: CODE_FAILURE_LIMIT - 1 };
    await db.query('select pg_advisory_xact_lock(:lock, :userId)', { replacements, transaction });
    await db.query('delete from second_factor_failures where failed_at < now() - make_interval(mins => :window)', { replacements, transaction });
    const [limit] = await db.query<{ free: number | null }>(`
      select extract(epoch from (select failed_at from second_factor_failures where user_id = :userId
        order by failed_at desc offset :offset limit 1) + make_interval(mins => :window) - now()) as free`,
    { replacements, type: QueryTypes.SELECT, transaction });
    if (limit.free !== null) return { throttled: Math.max(1, Math.ceil(Number(limit.free))) };
    const result = await check(transaction);
    const wrong = result === null ? wrongCode() : result instanceof Wrong ? result.refusal : null;
    if (wrong) {
      await db.query('insert into second_factor_failures (user_id) values (:userId)', { replacements, transaction });
      return { wrong };
    }
    await db.query('delete from second_factor_failures where user_id = :userId', { replacements, transaction });
    return { result: result as T };
  });
  if ('throttled' in verdict) throw new CodesThrottled(verdict.throttled);
  if ('wrong' in verdict) throw verdict.wrong;
  return verdict.result;
}

async function replaceRecoveryCodes(db: Sequelize, userId: number, transaction: Transaction): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.query('delete from recovery_codes where user_id = :userId', { replacements: { userId }, transaction });
  for (const code of codes) {
    await db.query('insert into recovery_codes (user_id, code_hash) values (:userId, :hash)', { replacements: { userId, hash: recoveryCodeHash(code) }, transaction });
  }
  return codes;
}

/** Who must have a second factor: in production, vendor staff (a member of the vendor organization) and the DPO. */
export async function secondFactorRequired(db: Sequelize, userId: number, production: boolean): Promise<boolean> {
  if (!production) return false;
  const [row] = await db.query<{ required: boolean }>(`
    select u.is_dpo or exists (
      select 1 from memberships m join organizations o on o.id = m.organization_id where m.user_id = u.id and 'vendor' = any(o.views)
    ) as required from users u where u.id = :userId`, { replacements: { userId }, type: QueryTypes.SELECT });
  return Boolean(row?.required);
}

export interface SecondFactorStatus { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number; required: boolean }

export async function secondFactorStatus(db: Sequelize, userId: number, production: boolean): Promise<SecondFactorStatus> {
  const row = await factorRow(db, userId);
  const [{ left }] = await db.query<{ left: number }>('select count(*)::int as left from recovery_codes where user_id = :userId and used_at is null',
    { replacements: { userId }, type: QueryTypes.SELECT });
  const enabledAt = row?.enabled_at ?? null;
  return { enabled: enabledAt !== null, enabledAt, recoveryCodesLeft: left, required: await secondFactorRequired(db, userId, production) };
}

/** What a password login still needs: a code (enrolled), an enrolment (required, none yet), or nothing. */
export async function loginStep(db: Sequelize, userId: number, production: boolean): Promise<'code' | 'enrol' | null> {
  const row = await factorRow(db, userId);
  if (row?.enabled_at) return 'code';
  return await secondFactorRequired(db, userId, production) ? 'enrol' : null;
}

/**
 * Starts (or shows again) an enrolment: a new secret, stored encrypted and not yet enabled, or the
 * one an unfinished enrolment already stored. Refused when a second factor is enabled already.
 */
export async function beginEnrolment(db: Sequelize, key: SecretKey, user: { id: number; email: string }): Promise<{ secret: string; uri: string }> {
  return db.transaction(async (transaction) => {
    await db.query('select pg_advisory_xact_lock(:lock, :userId)', { replacements: { lock: USER_LOCK, userId: user.id }, transaction });
    const row = await factorRow(db, user.id, transaction);
    if (row?.enabled_at) throw new Refusal(409, msg('secondFactorSetUp'));
    let secret = row ? unseal(key, user.id, row.secret) : null;
    if (secret === null) {
      secret = generateSecret();
      await db.query(`
        insert into second_factors (user_id, secret) values (:userId, :sealed)
        on conflict (user_id) do update set secret = excluded.secret, enabled_at = null, last_time_step = null, created_at = now()`,
      { replacements: { userId: user.id, sealed: seal(key, user.id, secret) }, transaction });
    }
    return { secret, uri: generateURI({ issuer: TOTP_ISSUER, label: user.email, secret }) };
  });
}

export interface CodeActor { userId: number; organizationId: number; view: string }

/**
 * Confirms an enrolment with the first code of the app: the second factor is enabled, ten recovery
 * codes are made (returned once, stored hashed) and every other session of the user ends
 * (`keepSession` stays). Outside the login that requires it (`passwordProven`), the current
 * password is asked too, so a session left open cannot tie the account to someone else's app;
 * a wrong password counts like a wrong code. Audited.
 */
export async function confirmEnrolment(db: Sequelize, key: SecretKey, actor: CodeActor, input: { code?: unknown; currentPassword?: unknown },
  options: { keepSession: string | null; passwordProven: boolean }): Promise<string[]> {
  const typed = classify(input.code);
  const passwordOk = options.passwordProven
    || await verifyPassword(String(input.currentPassword ?? ''), (await User.findByPk(actor.userId))?.passwordHash ?? null);
  return codeAttempt(db, actor.userId, async (transaction) => {
    const row = await factorRow(db, actor.userId, transaction);
    if (!row) throw new Refusal(409, msg('startSetUpAgain'));
    if (row.enabled_at) throw new Refusal(409, msg('secondFactorSetUp'));
    if (!passwordOk) return new Wrong(Refusal.ofFields(422, { currentPassword: msg('notCurrentPassword') }));
    if (!typed || !('totp' in typed) || !await totpMatches(db, key, actor.userId, row, typed.totp, transaction)) return null;
    await db.query('update second_factors set enabled_at = now() where user_id = :userId', { replacements: { userId: actor.userId }, transaction });
    const codes = await replaceRecoveryCodes(db, actor.userId, transaction);
    await endSessionsOf(db, [actor.userId], transaction, options.keepSession);
    await recordAudit({
      userId: actor.userId, organizationId: actor.organizationId, action: 'users.second_factor_enabled', resource: 'users', recordId: actor.userId,
      details: { view: actor.view, recoveryCodes: RECOVERY_CODE_COUNT },
    }, transaction);
    return codes;
  });
}

/**
 * The login step: a current TOTP code or an unused recovery code (which is used up). Throttled;
 * a recovery code's use is audited with the number left.
 */
export type LoginCodeUse = { used: 'totp' } | { used: 'recovery'; recoveryCodesLeft: number };

export async function checkLoginCode(db: Sequelize, key: SecretKey, actor: CodeActor, code: unknown): Promise<LoginCodeUse> {
  const typed = classify(code);
  return codeAttempt<LoginCodeUse>(db, actor.userId, async (transaction) => {
    const row = await factorRow(db, actor.userId, transaction);
    if (!row?.enabled_at || !typed) return null;
    if ('totp' in typed) return await totpMatches(db, key, actor.userId, row, typed.totp, transaction) ? { used: 'totp' } : null;
    const used = await db.query<{ id: number }>(`
      update recovery_codes set used_at = now() where user_id = :userId and code_hash = :hash and used_at is null returning id`,
    { replacements: { userId: actor.userId, hash: recoveryCodeHash(typed.recovery) }, type: QueryTypes.SELECT, transaction });
    if (used.length === 0) return null;
    const [{ left }] = await db.query<{ left: number }>('select count(*)::int as left from recovery_codes where user_id = :userId and used_at is null',
      { replacements: { userId: actor.userId }, type: QueryTypes.SELECT, transaction });
    await recordAudit({
      userId: actor.userId, organizationId: actor.organizationId, action: 'users.recovery_code_used', resource: 'users', recordId: actor.userId,
      details: { view: actor.view, recoveryCodesLeft: left },
    }, transaction);
    return { used: 'recovery', recoveryCodesLeft: left };
  });
}

/** New recovery codes (the old ones stop working), proven with a current TOTP code. Audited. */
export async function renewRecoveryCodes(db: Sequelize, key: SecretKey, actor: CodeActor, code: unknown): Promise<string[]> {
  const typed = classify(code);
  return codeAttempt(db, actor.userId, async (transaction) => {
    const row = await factorRow(db, actor.userId, transaction);
    if (!row?.enabled_at) throw new Refusal(409, msg('noSecondFactor'));
    if (!typed || !('totp' in typed) || !await totpMatches(db, key, actor.userId, row, typed.totp, transaction)) return null;
    const codes = await replaceRecoveryCodes(db, actor.userId, transaction);
    await recordAudit({
      userId: actor.userId, organizationId: actor.organizationId, action: 'users.recovery_codes_renewed', resource: 'users', recordId: actor.userId,
      details: { view: actor.view, recoveryCodes: RECOVERY_CODE_COUNT },
    }, transaction);
    return codes;
  });
}

/** Turns the second factor off, proven with a current TOTP code; refused (403) where it is required. Audited. */
export async function disableSecondFactor(db: Sequelize, key: SecretKey, actor: CodeActor, code: unknown, production: boolean): Promise<void> {
  if (await secondFactorRequired(db, actor.userId, production)) throw new Refusal(403, msg('mustKeepSecondFactor'));
  const typed = classify(code);
  await codeAttempt(db, actor.userId, async (transaction) => {
    const row = await factorRow(db, actor.userId, transaction);
    if (!row?.enabled_at) throw new Refusal(409, msg('noSecondFactor'));
    if (!typed || !('totp' in typed) || !await totpMatches(db, key, actor.userId, row, typed.totp, transaction)) return null;
    await db.query('delete from recovery_codes where user_id = :userId', { replacements: { userId: actor.userId }, transaction });
    await db.query('delete from second_factors where user_id = :userId', { replacements: { userId: actor.userId }, transaction });
    await recordAudit({
      userId: actor.userId, organizationId: actor.organizationId, action: 'users.second_factor_disabled', resource: 'users', recordId: actor.userId,
      details: { view: actor.view },
    }, transaction);
    return true;
  });
}
