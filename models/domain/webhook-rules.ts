/**
 * Webhook rules, pure: which audited change is which event, which addresses an endpoint may have,
 * how a delivery is signed and when a failed one is tried again.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import type { WebhookEvent } from './values.ts';
import { msg, type Message } from '../../templates/messages.ts';

/**
 * The event an audit entry (`<resource>.<action>`) stands for, or null. Requests on a license, a
 * free key drawn from it (the source is unchanged; the key itself is a `licenses.create`) and
 * reading its report change nothing. A deleted license or subscription is an event of its own
 * (its data the row as it was; services/records.ts audits it before the row goes).
 */
export function webhookEventOf(resource: string, action: string): WebhookEvent | null {
  if (action === 'delete') return resource === 'licenses' ? 'license.deleted' : resource === 'subscriptions' ? 'subscription.deleted' : null;
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

/**
 * Address ranges a webhook must never reach: the portal's own host and network, and the cloud
 * metadata service (169.254.169.254), so that registering an endpoint cannot make the worker send
 * requests into the network it runs in. Each list names what its ranges are, for the refusal.
 * net.BlockList matches an IPv4-mapped IPv6 address (::ffff:127.0.0.1) against the IPv4 rules.
 */
/** The kinds of address a webhook must never reach (their wording: templates/messages-*.ts webhookAddressForbidden). */
export type ForbiddenAddressKind = 'unspecified' | 'loopback' | 'private' | 'linkLocal' | 'shared' | 'multicast';
const FORBIDDEN_RANGES: Array<[ForbiddenAddressKind, Array<[string, number, 'ipv4' | 'ipv6']>]> = [
  ['unspecified', [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']]],
  ['loopback', [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]],
  ['private', [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['fc00::', 7, 'ipv6']]],
  ['linkLocal', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]],
  ['shared', [['100.64.0.0', 10, 'ipv4']]],
  ['multicast', [['224.0.0.0', 4, 'ipv4'], ['255.255.255.255', 32, 'ipv4'], ['ff00::', 8, 'ipv6']]],
];
const FORBIDDEN = FORBIDDEN_RANGES.map(([kind, ranges]) => {
  const list = new net.BlockList();
  for (const [prefix, bits, family] of ranges) list.addSubnet(prefix, bits, family);
  return [kind, list] as const;
});

/** What kind of forbidden address `address` (an IP literal) is, or null when a webhook may reach it. */
export function forbiddenWebhookAddress(address: string): ForbiddenAddressKind | 'notIp' | null {
  const family = net.isIP(address);
  if (family === 0) return 'notIp';
  for (const [kind, list] of FORBIDDEN) if (list.check(address, family === 4 ? 'ipv4' : 'ipv6')) return kind;
  return null;
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
