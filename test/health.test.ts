// GET /health against a real PostgreSQL: 200 while the database answers and every migration is
// applied, 503 when a migration is missing or the database is down; no session needed or made.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { startTestPanel, type TestPanel } from './support/portal.ts';
import { startEmbedded, type Database } from '../models/database.ts';
import { migrations } from '../models/migrations/index.ts';

describe('GET /health', () => {
  let portal: TestPanel;
  let restarted: Database | null = null;
  before(async () => { portal = await startTestPanel({}, { demo: false }); });
  after(async () => {
    // The restarted server first: removing the data folder under a running server fails (ENOTEMPTY).
    await restarted?.stop();
    await portal.close();
  });
  const health = () => supertest(portal.panel.app).get('/health');

  it('answers 200 {status: ok} without a session, and sets no cookie', async () => {
    const response = await health();
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { status: 'ok' });
    assert.equal(response.headers['set-cookie'], undefined);
  });

  it('answers 503 while a migration of models/migrations is not applied', async () => {
    const last = migrations.at(-1)!.name;
    await portal.sequelize.query('delete from schema_migrations where name = :last', { replacements: { last } });
    try {
      const response = await health();
      assert.equal(response.status, 503);
      assert.deepEqual(response.body, { status: 'unavailable', problem: 'migrations pending' });
    } finally {
      await portal.sequelize.query('insert into schema_migrations (name) values (:last)', { replacements: { last } });
    }
    assert.equal((await health()).status, 200);
  });

  it('answers 503 while the database is stopped, and 200 again once it is back', async () => {
    await portal.db.stop();
    const down = await health();
    assert.equal(down.status, 503);
    assert.deepEqual(down.body, { status: 'unavailable', problem: 'database unavailable' });

    restarted = await startEmbedded(portal.dataDir, portal.config.embeddedPgPort);
    const deadline = Date.now() + 30_000;
    let status = 0;
    while ((status = (await health()).status) !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(status, 200, 'the panel reconnects to the restarted database');
  });
});
