/** The README's commands as a user runs them: `npm start` on a fresh data folder, seed, worker, external database. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import supertest from 'supertest';
import { freePort, onFreePort, tempDataDir } from './support/portal.ts';
import { runEntry, startEntry, waitForOutput } from './support/processes.ts';
import { startEmbedded, type Database } from '../models/database.ts';

async function countOrganizations(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query('select count(*) as n from organizations')).rows[0].n);
  } finally {
    await client.end();
  }
}

describe('entry points', () => {
  const dirs: string[] = [];
  after(async () => { for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true }); });

  it('npm start on a fresh data folder: embedded database, demo data, URL and logins; a restart keeps the data', async () => {
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()) };
    const first = startEntry('start', [], env);
    try {
      const output = await waitForOutput(first, /customer-guest@demo\.test/);
      assert.match(output, new RegExp(`http://localhost:${port}/admin`));
      assert.match(output, /password "portal-demo"/);
      const agent = supertest.agent(`http://127.0.0.1:${port}`);
      const loginResponse = await agent.post('/admin/login').field('email', 'vendor@demo.test').field('password', 'portal-demo');
      assert.equal(loginResponse.status, 302);
      const list = await agent.get('/admin/api/resources/organizations/actions/list');
      assert.ok(list.body.meta.total >= 8);
      // A CLI command next to the running server reuses its database instead of starting another.
      const seed = await runEntry('seed', ['--demo'], env);
      assert.equal(seed.code, 0, seed.output);
    } finally {
      await first.stop();
    }
    await fs.access(path.join(dataDir, 'session-secret'));
    const second = startEntry('start', [], env);
    try {
      const output = await waitForOutput(second, /customer-guest@demo\.test/);
      assert.doesNotMatch(output, /First start: demo data loaded/);
    } finally {
      await second.stop();
    }
  });

  describe('with DATABASE_URL', () => {
    let server: Database;
    let url: string;
    before(async () => {
      const dataDir = await tempDataDir();
      dirs.push(dataDir);
      server = await onFreePort((port) => startEmbedded(dataDir, port));
      url = server.url;
    });
    after(() => server.stop());

    it('seeds nothing unless asked, then the demo once however often it runs', async () => {
      const env = { DATABASE_URL: url, DATA_DIR: await tempDataDir() };
      dirs.push(env.DATA_DIR);
      const plain = await runEntry('seed', [], env);
      assert.equal(plain.code, 0, plain.output);
      assert.equal(await countOrganizations(url), 0);
      for (let i = 0; i < 2; i++) {
        const demo = await runEntry('seed', ['--demo'], env);
        assert.equal(demo.code, 0, demo.output);
        assert.equal(await countOrganizations(url), 8);
      }
    });

    it('npm run admin and npm run worker start alone against the same database', async () => {
      const env = { DATABASE_URL: url, DATA_DIR: await tempDataDir(), PORT: String(await freePort()), SESSION_SECRET: 'a-shared-secret-for-this-test' };
      dirs.push(env.DATA_DIR);
      const admin = startEntry('admin', [], env);
      const worker = startEntry('worker', [], env);
      try {
        await waitForOutput(admin, /Panel: /);
        await waitForOutput(worker, /Worker schedule running/);
        const response = await supertest(`http://127.0.0.1:${env.PORT}`).get('/admin/login');
        assert.equal(response.status, 200);
      } finally {
        await Promise.all([admin.stop(), worker.stop()]);
      }
    });
  });
});
