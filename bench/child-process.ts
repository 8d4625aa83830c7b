/** Benchmark helpers that run as processes of their own and answer in JSON lines on stdout. */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export interface JsonChild {
  process: ChildProcess;
  /** The next JSON line the child prints; rejects when it exits first or after `timeoutMs`. */
  next<T>(timeoutMs?: number): Promise<T>;
  /** Sends a line to the child's stdin. */
  ask(line?: string): void;
  stop(): Promise<void>;
}

export function startTsChild(script: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): JsonChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiting: Array<(line: string | null) => void> = [];
  let exited = false;
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const wake = waiting.shift();
    if (wake) wake(line); else lines.push(line);
  });
  child.on('exit', () => {
    exited = true;
    for (const wake of waiting.splice(0)) wake(null);
  });
  return {
    process: child,
    next<T>(timeoutMs = 10 * 60_000) {
      return new Promise<T>((resolve, reject) => {
        const take = (line: string | null) => {
          clearTimeout(timer);
          if (line === null) reject(new Error(`${script} exited before answering`));
          else resolve(JSON.parse(line) as T);
        };
        const timer = setTimeout(() => {
          const i = waiting.indexOf(take);
          if (i >= 0) waiting.splice(i, 1);
          reject(new Error(`${script} gave no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        if (lines.length > 0) take(lines.shift()!);
        else if (exited) take(null);
        else waiting.push(take);
      });
    },
    ask(line = '') {
      child.stdin!.write(`${line}\n`);
    },
    stop() {
      if (exited) return Promise.resolve();
      return new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      });
    },
  };
}
