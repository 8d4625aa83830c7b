import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  url: string;
  port: number;
  messages: ParsedMail[];
  waitFor(n: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** Answer the next `count` messages with 451, as a relay in trouble would. */
  failNext(count?: number): void;
  stop(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (no TLS, no auth required) that parses and keeps what it receives. */
export async function startSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  let failures = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, _session, callback) {
      if (failures > 0) {
        failures--;
        // The body must be drained before replying, or the client sees a broken pipe instead of 451.
        stream.on('end', () => callback(Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 })));
        stream.resume();
        return;
      }
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          for (const wake of waiters) wake();
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    failNext(count = 1) {
      failures += count;
    },
    waitFor(n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < n) return;
          cleanup();
          resolve(messages.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${n} message(s) within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopped;
    },
  };
}
