/**
 * Where a webhook connects: the endpoint's host is resolved, every address it resolves to is
 * checked against the ranges a webhook must never reach (models/domain/webhook-rules.ts
 * forbiddenWebhookAddress: the portal's own host and network, cloud metadata), and the request
 * then connects to the address that was checked (pinnedLookup), so a name cannot resolve to a
 * public address for the check and to a private one for the connection. Registration checks once
 * (services/webhooks.ts), every delivery again (services/webhook-delivery.ts): DNS can change.
 */
import dns from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { forbiddenWebhookAddress } from '../models/domain/webhook-rules.ts';
import { msg, renderMessage, type Message } from '../templates/messages.ts';

export interface ResolvedAddress { address: string; family: number }

/** Every address of a host name (tests pass their own to simulate DNS answers). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveHost: HostResolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * Where to connect, or why not: `problem` reads after "the address …" in English (a delivery's
 * recorded reason); a forbidden address also as a message for the one registering it.
 */
/** How long a host name may take to resolve before it counts as not resolving (retried with the delivery's back-off). */
const RESOLVE_TIMEOUT_MS = 5000;

export type WebhookTarget = { ok: true; address: ResolvedAddress }
  | { ok: false; forbidden: false; problem: string }
  | { ok: false; forbidden: true; problem: string; message: Message };

/**
 * The address a webhook to `url` connects to, or why there is none (the problem reads after "the
 * address …"): the host does not resolve (`forbidden` false: it may resolve later), or one of its
 * addresses is forbidden (`forbidden` true, the problem names the address). `allowPrivate`
 * (WEBHOOK_ALLOW_PRIVATE_HOSTS: tests, local development) skips the ranges but still connects to
 * the address resolved here.
 */
export async function webhookTarget(url: string, allowPrivate: boolean, resolve: HostResolver = resolveHost): Promise<WebhookTarget> {
  // An IPv6 literal's hostname keeps its brackets in a URL ([::1]); the resolver wants it bare.
  const hostname = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: ResolvedAddress[];
  let timer: NodeJS.Timeout | undefined;
  try {
    // The system resolver can take long (retries per name server): a registration's transaction or a delivery run does not wait for it.
    addresses = await Promise.race([
      resolve(hostname),
      new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), RESOLVE_TIMEOUT_MS); }),
    ]);
  } catch (error) {
    return { ok: false, forbidden: false, problem: `cannot be resolved (${hostname}: ${(error as { code?: string }).code ?? String(error)}).` };
  } finally {
    clearTimeout(timer);
  }
  if (addresses.length === 0) return { ok: false, forbidden: false, problem: `has no IP address (${hostname}).` };
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const kind = forbiddenWebhookAddress(address);
      if (!kind) continue;
      const message = msg('webhookAddressForbidden', { hostname, address, kind });
      return { ok: false, forbidden: true, problem: renderMessage(message, 'en'), message };
    }
  }
  return { ok: true, address: addresses[0] };
}

/** A `lookup` for http(s).request that answers the checked address and asks no DNS server again. */
export function pinnedLookup({ address, family }: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}
