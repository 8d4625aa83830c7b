import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Started {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Runs one of the project's entry points (bin/*.ts) as its own process, as `npm run …` would. */
export function startEntry(entry: string, args: string[], env: Record<string, string>): Started {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', `bin/${entry}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  return {
    child,
    output: () => output,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(); // ended already (or was killed)
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export async function runEntry(entry: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  const started = startEntry(entry, args, env);
  const code = await new Promise<number>((resolve) => started.child.once('exit', (c) => resolve(c ?? 1)));
  return { code, output: started.output() };
}

export async function waitForOutput(started: Started, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pattern.test(started.output())) return started.output();
    if (started.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${pattern} in output:\n${started.output()}`);
}
