/**
 * Webhook rules, pure: which audited change is which event, which addresses an endpoint may have,
 * how a delivery is signed and when a failed one is tried again.
 */
import crypto from 'node:crypto';
import type { WebhookEvent } from './values.ts';
import { msg, type Message } from '../../templates/messages.ts';

/**
 * The event an audit entry (`<resource>.<action>`) stands for, or null. Requests on a license, a
 * free key drawn from it (the source is unchanged; the key itself is a `licenses.create`) and
 * reading its report change nothing. Deleted rows raise no event (they are out of everyone's scope).
 */
export function webhookEventOf(resource: string, action: string): WebhookEvent | null {
  if (action === 'delete') return null;
  if (resource === 'licenses') {
    if (action === 'create') return 'license.created';
    return ['requestOffer', 'requestSupport', 'drawFreeKey', 'report'].includes(action) ? null : 'license.changed';
  }
  if (resource === 'subscriptions') return 'subscription.changed';
  if (resource === 'statements' && action === 'issue') return 'statement.issued';
  return null;
}

/**
 * An endpoint's address: https with a host, at most 2,000 characters, no credentials in it. Plain
 * http only to the loopback address 127.0.0.1 and only where the installation allows it
 * (WEBHOOK_ALLOW_HTTP_LOOPBACK=true: tests and local development). Returns the problem, or null.
 */
export function webhookUrlProblem(value: unknown, allowHttpLoopback: boolean): Message | null {
  if (typeof value !== 'string' || value.length > 2000) return msg('webhookUrlLength');
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return msg('webhookUrl');
  }
  if (url.username || url.password) return msg('webhookCredentials');
  if (url.protocol === 'https:' && url.hostname) return null;
  if (url.protocol === 'http:' && allowHttpLoopback && url.hostname === '127.0.0.1') return null;
  return msg('webhookUrl');
}

/** The signature header's value: `v1=` and the hex HMAC-SHA256 of `${timestamp}.${body}` under the endpoint's secret. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export const WEBHOOK_MAX_ATTEMPTS = 10;
const RETRY_CAP_MS = 6 * 60 * 60 * 1000;

/** After the `attempts`-th failed attempt: wait base, 2·base, 4·base … at most 6 hours; null: given up. */
export function webhookRetryDelayMs(attempts: number, baseMs: number): number | null {
  if (attempts >= WEBHOOK_MAX_ATTEMPTS) return null;
  return Math.min(baseMs * 2 ** (attempts - 1), RETRY_CAP_MS);
}
