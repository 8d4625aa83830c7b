import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import type { Express } from 'express';
import { loadConfig, type Config } from '../../models/config.ts';
import { openPortal, type Portal } from '../../models/index.ts';
import { seedDemo, DEMO_PASSWORD } from '../../models/demo-seed.ts';
import { buildPanel, type Panel } from '../../admin/panel.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A data folder the `postgres` OS user can reach (mkdtemp makes 0700 folders). */
export async function tempDataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-test-'));
  await fs.chmod(dir, 0o755);
  return dir;
}

export interface TestPortal extends Portal {
  dataDir: string;
}

/**
 * Starts something on a port found free: another test process can take that port before the
 * embedded server binds it, so the start is tried again on another port (twice at most).
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/.test(String((error as Error).message))) throw error;
    }
  }
}

/** The portal on a free port (or on the one the overrides name). */
function openOnFreePort(dataDir: string, overrides: Partial<Config>): Promise<Portal> {
  const open = (port: number) => openPortal({ ...loadConfig({}), dataDir, embeddedPgPort: port, smtpUrl: null, ...overrides });
  return overrides.embeddedPgPort !== undefined ? open(overrides.embeddedPgPort) : onFreePort(open);
}

/**
 * A real PostgreSQL for one test file: embedded in a temporary folder on a free port, or the server
 * in TEST_DATABASE_URL (each test file must then get a database of its own).
 */
export async function startTestPortal(overrides: Partial<Config> = {}, options: { demo?: boolean } = {}): Promise<TestPortal> {
  const dataDir = await tempDataDir();
  const portal = await openOnFreePort(dataDir, overrides);
  if (options.demo !== false) await seedDemo();
  return {
    ...portal,
    dataDir,
    async close() {
      await portal.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type Agent = ReturnType<typeof supertest.agent>;

/** Logs in through the real login form and returns a cookie-keeping agent. */
export async function login(app: Express, email: string, password = DEMO_PASSWORD): Promise<Agent> {
  const agent = supertest.agent(app);
  const response = await agent.post('/admin/login').field('email', email).field('password', password);
  if (response.status !== 302 || response.headers.location !== '/admin') {
    throw new Error(`login as ${email} failed: ${response.status} ${response.headers.location ?? ''}`);
  }
  return agent;
}

/** Switches the agent's active organization and view through the panel's context route. */
export async function switchContext(agent: Agent, organizationId: number, view: string): Promise<void> {
  const response = await agent.post('/admin/context').send({ organizationId, view });
  if (response.status !== 200) throw new Error(`context switch failed: ${response.status} ${JSON.stringify(response.body)}`);
}

export interface TestPanel extends TestPortal {
  panel: Panel;
}

/** A test portal with the panel built on it; `close()` closes both. */
export async function startTestPanel(overrides: Partial<Config> = {}, options: { demo?: boolean } = {}): Promise<TestPanel> {
  const portal = await startTestPortal(overrides, options);
  const panel = await buildPanel(portal.config, portal.sequelize, portal.db.url);
  return {
    ...portal,
    panel,
    async close() {
      await panel.close();
      await portal.close();
    },
  };
}
