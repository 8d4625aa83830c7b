import path from 'node:path';

export interface Config {
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  embeddedPgPort: number;
  sessionSecret: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  /** Where service offer requests are mailed; null: the vendor organization's contact e-mail. */
  salesEmail: string | null;
  publicUrl: string;
  statementCron: string;
  erasureCron: string;
  /** The daily licensing job (demo expiry, NFR renewal, removal of recalled licenses). */
  licensingCron: string;
  /** How often the worker delivers the webhook outbox (services/webhook-delivery.ts). */
  webhookCron: string;
  /** The first retry of a failed webhook delivery after this many seconds, doubling each time. */
  webhookRetrySeconds: number;
  /** Webhook endpoints may be plain http://127.0.0.1 (tests, local development); otherwise https only. */
  webhookAllowHttpLoopback: boolean;
  /**
   * A running job claim is a lease of this many seconds, renewed while the job runs
   * (worker/schedule.ts); a claim whose lease has passed is taken over by another worker.
   */
  jobLeaseSeconds: number;
  /** Webhook endpoints may resolve to loopback, private, link-local … addresses (tests, local development). */
  webhookAllowPrivateHosts: boolean;
  /** Delivered and given-up webhook deliveries are deleted this many days after they ended. */
  webhookRetentionDays: number;
  timezone: string;
  erasureGraceDays: number;
  /** An erasure request must be approved by a DPO other than the one who filed it. */
  erasureFourEyes: boolean;
  /** How long an invitation's registration link stays valid. */
  invitationDays: number;
  /** Days after a subscription's start in which the channel may reverse the purchase. */
  reversalWindowDays: number;
  /** The window in which failed logins count towards the throttle (admin/login-throttle.ts). */
  loginThrottleWindowMinutes: number;
  /** A session unused for this long has ended (admin/sessions.ts). */
  sessionIdleMinutes: number;
  /** A session ends this long after its login, however active (admin/sessions.ts). */
  sessionMaxHours: number;
  /** Requests one REST API token may make per window (services/api-tokens.ts tokenActor). */
  apiRateLimit: number;
  apiRateWindowSeconds: number;
  /** A panel list counts its total up to this many rows (+ 1) and shows more as "10.000+" (COUNT_CAP). */
  listCountCap: number;
  production: boolean;
}

/**
 * A list's total is counted up to COUNT_CAP + 1 rows (admin/scoped-resource.ts cappedCount): an
 * exact count(*) over a million licenses costs more than the page itself (README, Performance),
 * and nobody pages past ten thousand rows. A total above the cap is a lower bound, which the list
 * shows as "10.000+" (admin/components/capped-list.ts). LIST_COUNT_CAP sets another (tests: a small one).
 */
export const COUNT_CAP = 10_000;

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** A whole number of at least 1 (a count of days, minutes, requests). */
function atLeastOneFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = intFrom(env, name, fallback);
  if (value < 1) throw new Error(`${name} must be at least 1, got "${env[name]}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intFrom(env, 'PORT', 3000);
  const invitationDays = atLeastOneFrom(env, 'INVITATION_DAYS', 7);
  const loginThrottleWindowMinutes = atLeastOneFrom(env, 'LOGIN_THROTTLE_WINDOW_MINUTES', 15);
  const sessionIdleMinutes = atLeastOneFrom(env, 'SESSION_IDLE_MINUTES', 60);
  const sessionMaxHours = atLeastOneFrom(env, 'SESSION_MAX_HOURS', 12);
  const apiRateLimit = atLeastOneFrom(env, 'API_RATE_LIMIT', 600);
  const apiRateWindowSeconds = atLeastOneFrom(env, 'API_RATE_WINDOW_SECONDS', 60);
  const webhookRetentionDays = atLeastOneFrom(env, 'WEBHOOK_RETENTION_DAYS', 30);
  const listCountCap = atLeastOneFrom(env, 'LIST_COUNT_CAP', COUNT_CAP);
  return {
    port,
    dataDir: path.resolve(env.DATA_DIR || 'var'),
    databaseUrl: env.DATABASE_URL || null,
    embeddedPgPort: intFrom(env, 'EMBEDDED_PG_PORT', 54329),
    sessionSecret: env.SESSION_SECRET || null,
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM || 'Channel License Portal <portal@localhost>',
    salesEmail: env.SALES_EMAIL || null,
    publicUrl: env.PUBLIC_URL || `http://localhost:${port}`,
    statementCron: env.STATEMENT_CRON || '0 6 1 * *',
    erasureCron: env.ERASURE_CRON || '30 2 * * *',
    licensingCron: env.LICENSING_CRON || '15 3 * * *',
    webhookCron: env.WEBHOOK_CRON || '* * * * *',
    webhookRetrySeconds: Math.max(intFrom(env, 'WEBHOOK_RETRY_SECONDS', 60), 1),
    webhookAllowHttpLoopback: env.WEBHOOK_ALLOW_HTTP_LOOPBACK === 'true',
    jobLeaseSeconds: atLeastOneFrom(env, 'JOB_LEASE_SECONDS', 60),
    webhookAllowPrivateHosts: env.WEBHOOK_ALLOW_PRIVATE_HOSTS === 'true',
    webhookRetentionDays,
    timezone: env.VENDOR_TIMEZONE || 'Europe/Berlin',
    erasureGraceDays: intFrom(env, 'ERASURE_GRACE_DAYS', 30),
    erasureFourEyes: env.ERASURE_FOUR_EYES === 'true',
    invitationDays,
    reversalWindowDays: intFrom(env, 'REVERSAL_WINDOW_DAYS', 14),
    loginThrottleWindowMinutes,
    sessionIdleMinutes,
    sessionMaxHours,
    apiRateLimit,
    apiRateWindowSeconds,
    listCountCap,
    production: env.NODE_ENV === 'production',
  };
}
