/**
 * Delivering the webhook outbox (the worker's webhook job, WEBHOOK_CRON): due rows are claimed one
 * at a time with FOR UPDATE SKIP LOCKED and kept locked while their POST runs, so two workers (or
 * two runs of one) never send the same row at once, and a row is done once its status says so.
 * A request is JSON, signed: `Portal-Webhook-Timestamp` (Unix seconds) and
 * `Portal-Webhook-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>">` under the endpoint's
 * secret. A 2xx answer delivers it; anything else (or no answer within the timeout, or a redirect,
 * which is not followed) is a failed attempt, tried again after a back-off (webhook-rules.ts),
 * given up (`failed`) after the last attempt. An address in the portal's own network (checked again
 * at each attempt, services/webhook-address.ts) is given up at once, its reason recorded. Status,
 * attempts and the last error are on the row.
 */
import http from 'node:http';
import https from 'node:https';
import { QueryTypes, type Sequelize } from 'sequelize';
import { webhookRetryDelayMs, webhookSignature } from '../models/domain/webhook-rules.ts';
import { endpointSecret } from './webhooks.ts';
import { pinnedLookup, webhookTarget, type HostResolver, type ResolvedAddress } from './webhook-address.ts';

export interface DeliveryOptions {
  sessionSecret: string;
  /** The first retry's delay; each further one doubles (WEBHOOK_RETRY_SECONDS). */
  retryBaseMs: number;
  /** WEBHOOK_ALLOW_PRIVATE_HOSTS: addresses in the portal's own network are delivered to (tests, local development). */
  allowPrivateHosts: boolean;
  /** How host names are resolved (tests simulate DNS answers). */
  resolveHost?: HostResolver;
  /** The clock (tests move it forward instead of waiting). */
  now?: () => Date;
  timeoutMs?: number;
  /** At most this many rows per run; the next run continues. */
  limit?: number;
}

export interface DeliveryRun { delivered: number; failed: number }

interface Due { id: string; event: string; payload: unknown; attempts: number; endpoint_id: number; url: string; secret_sealed: string }

interface Attempt { ok: boolean; status: number | null; error: string | null; final?: boolean }

/** One POST to the checked address (no agent: a fresh connection, nothing kept from an earlier lookup). */
function send(url: URL, address: ResolvedAddress, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST', agent: false, lookup: pinnedLookup(address), signal: AbortSignal.timeout(timeoutMs),
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
    }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function post(url: string, event: string, deliveryId: string, secret: string, body: string, now: Date, options: DeliveryOptions): Promise<Attempt> {
  // Checked at every attempt, not only at registration: the name may resolve elsewhere now.
  const target = await webhookTarget(url, options.allowPrivateHosts, options.resolveHost);
  // A forbidden address is given up at once: retrying would only knock on the same door again.
  if (!target.ok) return { ok: false, status: null, error: `The endpoint's address ${target.problem}`, final: target.forbidden };
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const status = await send(new URL(url), target.address, {
      'Content-Type': 'application/json', 'User-Agent': 'channel-license-portal-webhooks',
      'Portal-Webhook-Event': event, 'Portal-Webhook-Delivery': deliveryId,
      'Portal-Webhook-Timestamp': String(timestamp), 'Portal-Webhook-Signature': webhookSignature(secret, timestamp, body),
    }, body, options.timeoutMs ?? 10_000);
    return status >= 200 && status < 300 ? { ok: true, status, error: null } : { ok: false, status, error: `HTTP ${status}` };
  } catch (error) {
    return { ok: false, status: null, error: String((error as Error).message ?? error).slice(0, 500) };
  }
}

/** Delivers what is due; safe to run in several processes at once. */
export async function deliverWebhooks(db: Sequelize, options: DeliveryOptions): Promise<DeliveryRun> {
  const clock = options.now ?? (() => new Date());
  const run: DeliveryRun = { delivered: 0, failed: 0 };
  for (let n = 0; n < (options.limit ?? 500); n += 1) {
    const more = await db.transaction(async (transaction) => {
      const now = clock();
      const [due] = await db.query<Due>(`
        select d.id, d.event, d.payload, d.attempts, e.id as endpoint_id, e.url, e.secret_sealed
        from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
        where d.status = 'pending' and d.next_attempt_at <= :now and e.active
        order by d.next_attempt_at, d.id limit 1
        for update of d skip locked`, { replacements: { now }, type: QueryTypes.SELECT, transaction });
      if (!due) return false;
      const secret = endpointSecret(options.sessionSecret, due.endpoint_id, due.secret_sealed);
      const result: Attempt = secret
        ? await post(due.url, due.event, due.id, secret, JSON.stringify(due.payload), now, options)
        : { ok: false, status: null, error: 'The signing secret cannot be read (was the session secret changed?); register the endpoint again.' };
      const attempts = due.attempts + 1;
      const delay = result.ok || result.final ? null : webhookRetryDelayMs(attempts, options.retryBaseMs);
      await db.query(`
        update webhook_deliveries set attempts = :attempts, last_status = :status, last_error = :error,
          status = :state, delivered_at = case when :ok then :now::timestamptz end,
          next_attempt_at = :next::timestamptz
        where id = :id`, {
        replacements: {
          id: due.id, attempts, status: result.status, error: result.error, ok: result.ok, now,
          state: result.ok ? 'delivered' : delay === null ? 'failed' : 'pending',
          next: new Date(now.getTime() + (delay ?? 0)),
        },
        transaction,
      });
      if (result.ok) run.delivered += 1;
      else run.failed += 1;
      return true;
    });
    if (!more) break;
  }
  return run;
}
