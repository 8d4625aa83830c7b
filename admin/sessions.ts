import session, { type SessionData } from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { Request, RequestHandler } from 'express';
import type pg from 'pg';
import type { Config } from '../models/config.ts';

declare module 'express-session' {
  interface SessionData {
    /** When the password login succeeded (ms since the epoch): the absolute lifetime counts from it. */
    loginAt: number;
    /**
     * The login still lacks its second factor: `code` (the user has one: enter a code) or `enrol`
     * (production requires one of this user, who has none yet). Absent: the login is complete.
     */
    secondFactor: 'code' | 'enrol';
    /** When the session's expiry was last moved (ms since the epoch). */
    touchedAt: number;
  }
}

type SessionObject = session.Session & Partial<SessionData>;

/** Where a loaded session's row expiry travels from the store's `get` to `createSession` (never saved). */
const EXPIRY = Symbol('stored expiry');
/** The row's expiry (ms since the epoch) of each session loaded from the store in this request. */
const storedExpiries = new WeakMap<object, number>();

/**
 * A session's expiry moves when a request finds it more than this behind now + the idle timeout:
 * reading a page does not write its session every time (README, Performance), and the idle timeout
 * counts from the last write, at most this much earlier than the last request.
 */
export const SESSION_TOUCH_MS = 60_000;

/**
 * connect-pg-simple saves a session with an upsert, so a request that loaded a session before
 * services/sessions.ts deleted it would write it back when it saves. Here a session that was loaded
 * from the store is saved by UPDATE only: once its row is gone, it stays gone. A new session (a
 * login, a renewed id) is inserted as before. Loading also notes the row's expiry (storedExpiry),
 * so a request writes the session only when its expiry has to move (panelSession).
 */
export function guardedStore(pool: pg.Pool, options: ConstructorParameters<ReturnType<typeof connectPgSimple>>[0]) {
  const PgStore = connectPgSimple(session);
  const loaded = new WeakSet<object>();
  class GuardedStore extends PgStore {
    get(sid: string, callback: (error: unknown, session?: SessionData | null) => void) {
      pool.query('select sess, extract(epoch from expire) * 1000 as expire_ms from sessions where sid = $1 and expire >= to_timestamp($2)', [sid, Date.now() / 1000])
        .then(({ rows: [row] }) => callback(null, row ? { ...row.sess, [EXPIRY]: Number(row.expire_ms) } : null), (error: unknown) => callback(error));
    }

    createSession(req: Request, data: SessionData & { [EXPIRY]?: number }) {
      const expiry = data[EXPIRY];
      delete data[EXPIRY];
      const created = super.createSession(req, data);
      loaded.add(created);
      if (expiry !== undefined) storedExpiries.set(created, expiry);
      return created;
    }

    set(sid: string, sess: SessionData, callback?: (error?: unknown) => void) {
      if (!loaded.has(sess)) return super.set(sid, sess, callback);
      const expires = sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date();
      pool.query('update sessions set sess = $1, expire = to_timestamp($2) where sid = $3', [sess, Math.ceil(expires.getTime() / 1000), sid])
        .then(() => callback?.(), (error: unknown) => callback?.(error));
    }
  }
  return new GuardedStore({ ...options, pool });
}

/** Fits the session's expiry (the cookie's and the `sessions` row's) to the idle timeout, never past the absolute end. */
function fitExpiry(sess: SessionObject, idleMs: number, endsAt: number): void {
  const ms = Math.max(0, Math.min(idleMs, endsAt - Date.now()));
  sess.cookie.originalMaxAge = ms;
  sess.cookie.maxAge = ms;
}

/**
 * The panel's session: stored in PostgreSQL (table `sessions`, shared by every panel process), the
 * cookie HttpOnly and SameSite=Lax, Secure behind https. A session ends
 * - when it was not used for SESSION_IDLE_MINUTES: a request moves the row's `expire` (and the
 *   cookie's) to now + the idle timeout once it lags more than SESSION_TOUCH_MS behind that, and
 *   the store finds no session whose `expire` has passed;
 * - SESSION_MAX_HOURS after its login, however active: `expire` is never set past that, and a
 *   session older than that is ended by the next request;
 * - when services/sessions.ts deletes it.
 * An ended session is replaced by an empty one: the request goes on logged out (the login page).
 */
export function panelSession(config: Config, pool: pg.Pool, secret: string): RequestHandler[] {
  const idleMs = config.sessionIdleMinutes * 60_000;
  const maxMs = config.sessionMaxHours * 3_600_000;
  const middleware = session({
    // The expiry moves only where `lifetime` below decides so (a touch is a write per request).
    store: guardedStore(pool, { tableName: 'sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60, disableTouch: true }),
    secret,
    name: 'portal.sid',
    resave: false,
    saveUninitialized: false,
    // A changed session is saved and its cookie sent again with the new expiry; `lifetime` decides when.
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.publicUrl.startsWith('https://'), maxAge: idleMs },
  });
  const lifetime: RequestHandler = (req, _res, next) => {
    const sess = req.session as SessionObject | undefined;
    if (!sess?.adminUser) return next();
    const endsAt = typeof sess.loginAt === 'number' ? sess.loginAt + maxMs : 0;
    const now = Date.now();
    if (endsAt <= now) return sess.regenerate((error) => next(error));
    const due = Math.min(now + idleMs, endsAt);
    const stored = storedExpiries.get(sess);
    // The row keeps whole seconds (rounded up), so a second more is the same expiry.
    if (stored === undefined || due - stored > SESSION_TOUCH_MS || due < stored - 1000) {
      fitExpiry(sess, idleMs, endsAt);
      // A change of the session itself (not only its cookie) makes express-session save it and send the cookie.
      sess.touchedAt = now;
    }
    next();
  };
  return [middleware, lifetime];
}

/** Marks the session's login as made now (at the login, after its id was renewed). */
export function startLogin(req: Request, secondFactor: SessionData['secondFactor'] | null): void {
  req.session.loginAt = Date.now();
  if (secondFactor) req.session.secondFactor = secondFactor;
  else delete req.session.secondFactor;
}

/**
 * A new session id keeping the login (user, context, login time, expiry) — at an organization or
 * view switch and when the second factor completes the login — so an id seen before is worth
 * nothing after. The old id's row is deleted, the new one saved before the response.
 */
export function renewSessionId(req: Request, change: (sess: SessionObject) => void = () => undefined): Promise<void> {
  const { adminUser, loginAt, secondFactor } = req.session as SessionObject;
  const { originalMaxAge } = req.session.cookie;
  return new Promise((resolve, reject) => req.session.regenerate((error) => {
    if (error) return reject(error);
    const sess = req.session as SessionObject;
    Object.assign(sess, { adminUser, loginAt }, secondFactor ? { secondFactor } : {});
    if (typeof originalMaxAge === 'number') {
      sess.cookie.originalMaxAge = originalMaxAge;
      sess.cookie.maxAge = originalMaxAge;
    }
    change(sess);
    sess.save((saveError) => (saveError ? reject(saveError) : resolve()));
  }));
}

/**
 * Stores a changed session before the answer starts. Left to express-session, the headers and all
 * but the answer's last byte go out before the session is stored, so a client that moves on at the
 * headers (a redirect, a fetch) could still find the session as it was.
 */
export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}
