/**
 * Registering a webhook endpoint: an organization's admin (in its own organization or one below)
 * gives an address and the events; the portal draws the signing secret, stores it sealed for this
 * endpoint (sealed-secret.ts: HMAC needs the secret itself, so it cannot be a hash) and shows it
 * once, in the answer to this call. Its host must not resolve into the portal's own network
 * (services/webhook-address.ts; each delivery checks again). Changing events or `active`, and deleting, go through
 * services/records.ts like any other row.
 */
import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { webhookUrlProblem } from '../models/domain/webhook-rules.ts';
import { WebhookEndpoint } from '../models/index.ts';
import { inTransaction, prepareWrite, visible, type Input, type Row } from './records.ts';
import { auditWrite } from './audit-trail.ts';
import { Refusal } from './refusal.ts';
import { webhookTarget } from './webhook-address.ts';
import { secretKeyFor, seal, unseal } from './sealed-secret.ts';
import type { Message } from '../templates/messages.ts';

export interface WebhookSettings {
  /** The session secret, which the signing secrets are sealed under. */
  sessionSecret: string;
  /** WEBHOOK_ALLOW_HTTP_LOOPBACK: plain http to 127.0.0.1 is accepted (tests, local development). */
  allowHttpLoopback: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_HOSTS: the address may resolve into the portal's own network (services/webhook-address.ts). */
  allowPrivateHosts: boolean;
}

const keyOf = (sessionSecret: string) => secretKeyFor(sessionSecret, 'webhook-secret/v1');
const boundTo = (endpointId: number) => `webhook-endpoint:${endpointId}`;

export async function registerEndpoint(db: Sequelize, actor: Actor, input: Input, settings: WebhookSettings): Promise<Row & { secret: string }> {
  return inTransaction(db, 'webhook_endpoints', async (transaction) => {
    const { scope, values } = await prepareWrite(db, actor, 'webhook_endpoints', 'create', input, {
      transaction, setByService: ['view', 'secretSealed'],
      check: ({ url }): Record<string, Message> => {
        const problem = url === undefined ? null : webhookUrlProblem(url, settings.allowHttpLoopback);
        return problem ? { url: problem } : {};
      },
    });
    // A name that does not resolve yet is accepted (its DNS may come later); each delivery checks again.
    const target = settings.allowPrivateHosts ? null : await webhookTarget(String(values.url), false);
    if (target && !target.ok && target.forbidden) throw Refusal.ofFields(422, { url: target.message });
    const secret = `whsec_${crypto.randomBytes(32).toString('base64url')}`;
    // The id binds the sealed secret to its row: inserted first, sealed once the id is known.
    const endpoint = await WebhookEndpoint.create({ ...values, view: actor.view, secretSealed: 'pending' }, { transaction });
    await endpoint.update({ secretSealed: seal(keyOf(settings.sessionSecret), boundTo(endpoint.id), secret) }, { transaction });
    const row = endpoint.toJSON() as Row;
    await auditWrite(actor, 'webhook_endpoints', 'create', row, undefined, transaction);
    return { ...visible(scope, row), secret };
  });
}

/** The endpoint's signing secret, or null when it cannot be opened (the session secret changed: register the endpoint again). */
export function endpointSecret(sessionSecret: string, endpointId: number, sealed: string): string | null {
  return unseal(keyOf(sessionSecret), boundTo(endpointId), sealed);
}
