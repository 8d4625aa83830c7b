import { createHash } from 'node:crypto';
import net from 'node:net';
import type { Request, RequestHandler } from 'express';
import { QueryTypes, Transaction, type Sequelize } from 'sequelize';
import type AdminJS from 'adminjs';
import { msg, renderMessage } from '../templates/messages.ts';
import { browserLanguage } from './request-language.ts';

/** Failed logins of one account (the typed e-mail, whether or not it exists) within the window. */
export const ACCOUNT_LIMIT = 10;
/**
 * Failed logins from one source address within the window, whatever the accounts: a password
 * spray over many accounts. Higher than the account's, as one office (NAT) shares an address.
 */
export const ADDRESS_LIMIT = 50;

// Advisory lock namespaces (first key of pg_advisory_xact_lock(int, int)).
const ACCOUNT_LOCK = 727_274_009;
const ADDRESS_LOCK = 727_274_010;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The e-mail as the login looks it up (login.ts): the account's key, for unknown accounts too. */
export function loginEmail(value: unknown): string {
  return String(value ?? '').trim().toLowerCase();
}

/**
 * The source address as it is counted: an IPv4 address (also IPv4-mapped IPv6) as such, an IPv6
 * address by its /64, the block one host or home network gets and may rotate addresses within.
 * `req.ip` is the TCP peer, or, when PUBLIC_URL is https (`trust proxy` 1), the address the
 * reverse proxy in front saw (the last X-Forwarded-For entry, which a client cannot forge).
 */
export function sourceAddress(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!net.isIPv6(ip.split('%')[0])) return ip;
  const address = ip.split('%')[0];
  const groups = (part: string) => (part ? part.split(':') : []);
  const [head, tail] = address.includes('::') ? address.split('::') : [address, null];
  const start = groups(head);
  const end = tail === null ? [] : groups(tail);
  const all = tail === null ? start : [...start, ...Array(Math.max(0, 8 - start.length - end.length)).fill('0'), ...end];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

export const accountKey = (email: string) => sha256(`account:${email}`);
export const addressKey = (address: string) => sha256(`address:${address}`);

type Verdict = { attempt: number } | { retryAfterSeconds: number };

/**
 * Decides one attempt under a lock on its account and its address, so parallel attempts count
 * exactly: refused while the account or the address has its limit of failures in the window;
 * otherwise the attempt is stored as a failure at once (an attempt in flight counts) and a
 * success takes it back (loginSucceeded). Times are the database's, shared by every process.
 */
async function beginAttempt(sequelize: Sequelize, account: string, address: string, windowMinutes: number): Promise<Verdict> {
  const window = { window: windowMinutes };
  await sequelize.query(`delete from login_failures where failed_at < now() - make_interval(mins => :window)`, { replacements: window });
  // Read committed: each statement after the locks sees what the previous holders committed.
  return sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED }, async (transaction) => {
    const replacements = {
      account, address, ...window, accountOffset: ACCOUNT_LIMIT - 1, addressOffset: ADDRESS_LIMIT - 1, accountLock: ACCOUNT_LOCK, addressLock: ADDRESS_LOCK,
    };
    await sequelize.query(`select pg_advisory_xact_lock(:accountLock, hashtext(:account)), pg_advisory_xact_lock(:addressLock, hashtext(:address))`, { replacements, transaction });
    // The oldest of the last `limit` failures: once it leaves the window, there is room for one more attempt.
    const [limits] = await sequelize.query<{ account_free: number | null; address_free: number | null }>(`
      select
        extract(epoch from (select failed_at from login_failures
          where account_key = :account and failed_at >= now() - make_interval(mins => :window)
          order by failed_at desc offset :accountOffset limit 1) + make_interval(mins => :window) - now()) as account_free,
        extract(epoch from (select failed_at from login_failures
          where address_key = :address and failed_at >= now() - make_interval(mins => :window)
          order by failed_at desc offset :addressOffset limit 1) + make_interval(mins => :window) - now()) as address_free`,
    { replacements, transaction, type: QueryTypes.SELECT });
    const wait = Math.max(Number(limits.account_free ?? 0), Number(limits.address_free ?? 0));
    if (limits.account_free !== null || limits.address_free !== null) return { retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
    const [row] = await sequelize.query<{ id: string }>(
      `insert into login_failures (account_key, address_key) values (:account, :address) returning id`,
      { replacements, transaction, type: QueryTypes.SELECT });
    return { attempt: Number(row.id) };
  });
}

/**
 * The account page's current-password check (password and e-mail change, admin/account-routes.ts)
 * counts in the same throttle as the login, under the account's e-mail and the source address: a
 * stolen session could otherwise guess the password there without limit. Decided before the
 * password is checked, so a right one is no oracle while the account is refused.
 */
export function beginPasswordCheck(sequelize: Sequelize, windowMinutes: number, email: string, ip: string | undefined): Promise<Verdict> {
  return beginAttempt(sequelize, accountKey(loginEmail(email)), addressKey(sourceAddress(ip)), windowMinutes);
}

/**
 * The check did not find a wrong password (it was right, or the request was refused before the
 * password was looked at): that attempt is no failure. Unlike a login it forgives no earlier
 * failures, since a request that never checks the password could otherwise reset the count.
 */
export async function passwordCheckNotFailed(sequelize: Sequelize, attempt: number): Promise<void> {
  await sequelize.query('delete from login_failures where id = :attempt', { replacements: { attempt } });
}

interface Attempt { sequelize: Sequelize; id: number; account: string; address: string }
const attempts = new WeakMap<Request, Attempt>();

/**
 * Called by the authenticator when the credentials were right: the attempt was no failure, and
 * the account's earlier failures from this address are forgiven (its owner's typos). The
 * account's failures from other addresses stay, and so do other accounts' failures from this
 * address: a login to one's own account resets no one else's counter, nor the address's.
 */
export async function loginSucceeded(req: Request | undefined): Promise<void> {
  const attempt = req && attempts.get(req);
  if (!attempt) return;
  attempts.delete(req);
  await attempt.sequelize.query(`delete from login_failures where id = :id or (account_key = :account and address_key = :address)`, { replacements: { id: attempt.id, account: attempt.account, address: attempt.address } });
}

type ParsedRequest = Request & { fields?: Record<string, unknown> };

/**
 * POST /admin/login, after the body is parsed and before @adminjs/express checks the password:
 * 429 with Retry-After (and the login page with the message, or JSON to a client asking for it)
 * while the typed account or the source address is over its limit — the same answer whether or not
 * the account exists, and without checking the password, so a right one is no oracle either.
 */
export function loginThrottle(sequelize: Sequelize, admin: AdminJS, windowMinutes: number): RequestHandler {
  return async (req: ParsedRequest, res, next) => {
    if (req.method !== 'POST') return next();
    try {
      const account = accountKey(loginEmail(req.fields?.email));
      const address = addressKey(sourceAddress(req.ip));
      const verdict = await beginAttempt(sequelize, account, address, windowMinutes);
      if ('attempt' in verdict) {
        attempts.set(req, { sequelize, id: verdict.attempt, account, address });
        return next();
      }
      // The browser's language, as the login page's: the typed account's own would tell whether it exists.
      const message = renderMessage(msg('tooManyLogins', { minutes: Math.ceil(verdict.retryAfterSeconds / 60) }), browserLanguage(req));
      res.status(429).set('Retry-After', String(verdict.retryAfterSeconds));
      if (req.accepts(['html', 'json']) === 'json') return void res.json({ error: message });
      res.type('html').send(await admin.renderLogin({ action: admin.options.loginPath, errorMessage: message }));
    } catch (error) {
      next(error);
    }
  };
}
