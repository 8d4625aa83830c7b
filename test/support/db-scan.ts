import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { TestPortal } from './portal.ts';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function publicTables(sequelize: Sequelize): Promise<string[]> {
  const rows = await sequelize.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by 1`, { type: QueryTypes.SELECT });
  return rows.map((r) => r.name);
}

/**
 * Every row of every table of the public schema as text (pg_dump 15 refuses the PostgreSQL 18
 * server, so this is the dump): a change anywhere changes the snapshot.
 */
export async function databaseText(sequelize: Sequelize): Promise<Record<string, string[]>> {
  const snapshot: Record<string, string[]> = {};
  for (const table of await publicTables(sequelize)) {
    const rows = await sequelize.query<{ row: string }>(`select t::text as row from "${table}" t order by 1`, { type: QueryTypes.SELECT });
    snapshot[table] = rows.map((r) => r.row);
  }
  return snapshot;
}

/** Rows mentioning the marker, as text or inside binary columns (bytea prints as hex). */
export async function markerRows(sequelize: Sequelize, marker: string): Promise<Array<{ table: string; row: string; restricted: boolean | null }>> {
  const hex = Buffer.from(marker, 'utf8').toString('hex');
  const hits: Array<{ table: string; row: string; restricted: boolean | null }> = [];
  for (const table of await publicTables(sequelize)) {
    const [restrictable] = await sequelize.query<{ n: number }>(
      `select count(*)::int as n from information_schema.columns where table_schema = 'public' and table_name = :table and column_name = 'restricted_at'`,
      { replacements: { table }, type: QueryTypes.SELECT });
    const rows = await sequelize.query<{ row: string; restricted: boolean | null }>(`
      select t::text as row, ${restrictable.n ? 't.restricted_at is not null' : 'null::boolean'} as restricted
      from "${table}" t where t::text ilike :text or t::text ilike :hex`,
    { replacements: { text: `%${marker}%`, hex: `%${hex}%` }, type: QueryTypes.SELECT });
    hits.push(...rows.map((r) => ({ table, ...r })));
  }
  return hits;
}

/** Files below `dir` (skipping `skip`) whose bytes contain the marker. */
export async function filesContaining(dir: string, marker: string, skip: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (full === skip) continue;
    if (entry.isDirectory()) found.push(...await filesContaining(full, marker, skip));
    else if (entry.isFile() && (await fs.readFile(full)).toString('latin1').toLowerCase().includes(marker.toLowerCase())) found.push(full);
  }
  return found;
}

export interface CliResult { code: number; stdout: string; stderr: string }

/** The real CLI in its own process, against the test portal's running PostgreSQL and data folder. */
export async function cli(portal: TestPortal, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bin/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: portal.db.url, DATA_DIR: portal.dataDir, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * The same snapshot as databaseText in one query (≈ 3 ms on the demo data instead of ≈ 14 ms), for
 * tests that compare the whole database after every request; `except` leaves tables out.
 */
export async function databaseRows(sequelize: Sequelize, except: string[] = []): Promise<Record<string, string[]>> {
  const tables = (await publicTables(sequelize)).filter((table) => !except.includes(table));
  const sql = tables.map((table) => `select ${sequelize.escape(table)} as name, coalesce(array_agg(t::text order by t::text), '{}') as rows from "${table}" t`).join(' union all ');
  const rows = await sequelize.query<{ name: string; rows: string[] }>(sql, { type: QueryTypes.SELECT });
  return Object.fromEntries(rows.map((r) => [r.name, r.rows]));
}

/** Every table's rows as text, sessions left out (every request refreshes its session's expiry). */
export async function dataWithoutSessions(sequelize: Sequelize): Promise<Record<string, string[]>> {
  return { ...await databaseText(sequelize), sessions: [] };
}

/** Runs requests that must all be refused, and asserts that no table changed (sessions aside). */
export async function assertUnchanged(sequelize: Sequelize, action: () => Promise<unknown>): Promise<void> {
  const before = await dataWithoutSessions(sequelize);
  await action();
  assert.deepEqual(await dataWithoutSessions(sequelize), before, 'nothing changed in the database');
}
