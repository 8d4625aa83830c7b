import pg from 'pg';
import { Umzug, SequelizeStorage } from 'umzug';
import type { Sequelize } from 'sequelize';
import { migrations } from './migrations/index.ts';

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 727_274_001;

/**
 * Brings the schema up to date. Two processes starting at once would race on DDL
 * (duplicate pg_type entries), so the whole run holds one advisory lock on its own connection.
 */
export async function migrate(sequelize: Sequelize, url: string): Promise<string[]> {
  const lock = new pg.Client({ connectionString: url });
  // A lost connection also rejects the waiting query; unheard, its 'error' event would end the process.
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const umzug = new Umzug({
      migrations: migrations.map((m) => ({ name: m.name, up: m.up })),
      context: sequelize.getQueryInterface(),
      storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
      logger: undefined,
    });
    const applied = await umzug.up();
    return applied.map((m) => m.name);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}
