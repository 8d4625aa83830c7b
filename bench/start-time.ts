/**
 * Target 6: how long `npm start` takes until it serves the login page — the first start (new data
 * folder: initdb, migrations, demo data) and a warm one (the same folder again) — next to a bare
 * Node.js HTTP server's start in the same run.
 */
import { performance } from 'node:perf_hooks';
import fs from 'node:fs/promises';
import { freePort, tempDataDir } from '../test/support/portal.ts';
import { startEntry, type Started } from '../test/support/processes.ts';
import { spawn } from 'node:child_process';
import { record } from './measure.ts';

const DEADLINE_MS = 120_000;

/** Milliseconds until GET url answers 200 (polled every 25 ms, until the deadline). */
async function untilServed(url: string, exited: () => boolean): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < DEADLINE_MS) {
    if (exited()) throw new Error(`the process ended before it served ${url}`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${url} not served within ${DEADLINE_MS} ms`);
}

async function timeStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const started: Started = startEntry('start', [], { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()) });
  try {
    return await untilServed(`http://127.0.0.1:${port}/admin/login`, () => started.child.exitCode !== null);
  } finally {
    await started.stop();
  }
}

async function bareStart(): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port})`], { stdio: 'ignore' });
  try {
    return await untilServed(`http://127.0.0.1:${port}/`, () => child.exitCode !== null);
  } finally {
    child.kill();
  }
}

export async function startTimes(): Promise<void> {
  const dataDir = await tempDataDir();
  try {
    const bare = await bareStart();
    const first = await timeStart(dataDir);
    const warm = await timeStart(dataDir);
    record({ section: '6 start', name: 'npm start, first (initdb, migrations, demo data)', value: first / 1000, unit: 's', floor: { value: bare / 1000, name: 'bare node HTTP server' } });
    record({ section: '6 start', name: 'npm start, warm, until the login page answers', value: warm / 1000, unit: 's', floor: { value: bare / 1000, name: 'bare node HTTP server' }, target: { maxValue: 5 } });
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
