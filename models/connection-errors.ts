const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  // PostgreSQL: shut down or crashed under the session, starting up or shutting down; connection exceptions (class 08).
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006',
]);

/**
 * True when an error (or what pg and Sequelize wrap in it) says the database went away or could not
 * be reached: a restart, a crash, a cut connection. Not a fault of the request or of the data.
 */
export function isConnectionError(error: unknown): boolean {
  type Wrapped = { name?: string; code?: string; message?: string; original?: unknown; parent?: unknown; cause?: unknown };
  let current = error as Wrapped | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if (current.code && CONNECTION_CODES.has(current.code)) return true;
    if (/^Sequelize(Connection\w*|HostNotFound|HostNotReachable|InvalidConnection)Error$/.test(current.name ?? '')) return true;
    if (/Connection terminated|not queryable|terminating connection/i.test(current.message ?? '')) return true;
    current = (current.original ?? current.parent ?? current.cause) as Wrapped | undefined;
  }
  return false;
}
