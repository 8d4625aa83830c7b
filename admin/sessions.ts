import session, { type SessionData } from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { Request, RequestHandler } from 'express';
import type pg from 'pg';
import type { Config } from '../models/config.ts';
import { contextFromRow, contextSql, type ActorContext, type ContextRow } from '../models/actor-lookup.ts';
import { REACHES_ALL_VIEWS } from '../services/reach.ts';

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
/** Where the actor's context read with a session travels from the store's `get` to `createSession` (never saved). */
const CONTEXT = Symbol('actor context');

type ReadContext = { userId: number; organizationId: number; view: string; context: ActorContext & { subtree?: Set<number> } };
/** By the session user object of this request (loaded, never kept beyond it): its actor's context, read with the session. */
const readContexts = new WeakMap<object, ReadContext>();

/** A whole number field of the session's user, or null. */
const sessionNumber = (field: string) => `case when s.sess->'adminUser'->>'${field}' ~ '^[0-9]{1,9}$' then (s.sess->'adminUser'->>'${field}')::int end`;

/**
 * The session and, in the same round trip, its user's context as the database says now (the
 * statement resolveContext runs, with the organizations reached unless the view reaches all): a
 * panel request otherwise waited for a second query before it could read anything (README,
 * Performance). The membership changes that end sessions delete their rows in the same transaction,
 * so the session and the context come from one snapshot.
 */
const SESSION_WITH_CONTEXT = `
  select s.sess, extract(epoch from s.expire) * 1000 as expire_ms, to_json(c) as context
  from sessions s
  cross join lateral (select ${sessionNumber('userId')} as user_id, ${sessionNumber('organizationId')} as organization_id,
    s.sess->'adminUser'->>'view' as view) k
  left join lateral (${contextSql('k.user_id', 'k.organization_id', `k.view <> all(array[${REACHES_ALL_VIEWS.map((v) => `'${v}'`).join(', ')}])`)}) c on true
  where s.sid = $1 and s.expire >= to_timestamp($2)`;

/**
 * The context of the session user's actor read with the session in this request, while the
 * session still names the same user, organization and view; undefined where it was not read so
 * (another route, a login or a switch in this request, no such membership): the caller then asks
 * the database itself.
 */
export function contextReadWithSession(admin: object | undefined): (ActorContext & { subtree?: Set<number> }) | undefined {
  const read = admin ? readContexts.get(admin) : undefined;
  if (!read) return undefined;
  const { userId, organizationId, view } = admin as { userId?: unknown; organizationId?: unknown; view?: unknown };
  return read.userId === userId && read.organizationId === organizationId && read.view === view ? read.context : undefined;
}

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
export function guardedStore(pool: pg.Pool, options: ConstructorParameters<ReturnType<typeof connectPgSimple>>[0], readsContext: () => boolean = () => false) {
  const PgStore = connectPgSimple(session);
  const loaded = new WeakSet<object>();
  class GuardedStore extends PgStore {
    get(sid: string, callback: (error: unknown, session?: SessionData | null) => void) {
      const withContext = readsContext();
      // A named statement: each connection plans it once (it is the statement every panel API request starts with).
      const values = [sid, Date.now() / 1000];
      (withContext ? pool.query({ name: 'panel-session-with-context', text: SESSION_WITH_CONTEXT, values })
        : pool.query('select sess, extract(epoch from expire) * 1000 as expire_ms from sessions where sid = $1 and expire >= to_timestamp($2)', values))
        .then(({ rows: [row] }) => callback(null, row ? { ...row.sess, [EXPIRY]: Number(row.expire_ms), ...(row.context && { [CONTEXT]: row.context }) } : null), (error: unknown) => callback(error));
    }

    createSession(req: Request, data: SessionData & { [EXPIRY]?: number; [CONTEXT]?: ContextRow }) {
      const expiry = data[EXPIRY];
      const contextRow = data[CONTEXT];
      delete data[EXPIRY];
      delete data[CONTEXT];
      const created = super.createSession(req, data);
      loaded.add(created);
      if (expiry !== undefined) storedExpiries.set(created, expiry);
      const admin = (created as SessionObject).adminUser;
      const context = admin && contextRow ? contextFromRow(contextRow, admin.organizationId, admin.view) : null;
      if (admin && context) readContexts.set(admin, { userId: admin.userId, organizationId: admin.organizationId, view: admin.view, context });
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
export function panelSession(config: Config, pool: pg.Pool, secret: string, contextUnder = '/admin/api/'): RequestHandler[] {
  const idleMs = config.sessionIdleMinutes * 60_000;
  const maxMs = config.sessionMaxHours * 3_600_000;
  // Whether the session being read is read with its actor's context: set around express-session's
  // call, which asks the store synchronously (the panel's data routes under `contextUnder` read the actor at once).
  let readingContext = false;
  const load = session({
    // The expiry moves only where `lifetime` below decides so (a touch is a write per request).
    store: guardedStore(pool, { tableName: 'sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60, disableTouch: true }, () => readingContext),
    secret,
    name: 'portal.sid',
    resave: false,
    saveUninitialized: false,
    // A changed session is saved and its cookie sent again with the new expiry; `lifetime` decides when.
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.publicUrl.startsWith('https://'), maxAge: idleMs },
  });
  const middleware: RequestHandler = (req, res, next) => {
    readingContext = req.originalUrl.startsWith(contextUnder);
    try {
      load(req, res, next);
    } finally {
      readingContext = false;
    }
  };
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
