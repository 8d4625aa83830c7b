import type { Sequelize } from 'sequelize';
import type { Config } from '../models/config.ts';
import { LICENSE_OPERATIONS, type Actor } from '../models/domain/policy.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { runLicenseOperation } from '../services/licenses.ts';
import { drawFreeKey } from '../services/free-keys.ts';
import { requestOffer, requestSupport } from '../services/license-requests.ts';
import { readLicense } from '../services/license-export.ts';
import { notFound, Refusal } from '../services/refusal.ts';
import type { Row } from '../services/records.ts';
import { msg } from '../templates/messages.ts';

type Body = Record<string, unknown>;
/** What an operation made besides changing the license: a free key, an offer request, a support thread. */
type Created = { resource: string; id: number } | undefined;
type Run = (db: Sequelize, config: Config, actor: Actor, id: string, body: Body) => Promise<Created>;

const today = (config: Config) => calendarDateIn(new Date(), config.timezone);

/**
 * The license operations of the feature matrix, as the panel's record actions run them (admin/license-actions.ts,
 * admin/license-request-actions.ts): each calls its service, which decides everything.
 */
const OPERATIONS: Record<string, Run> = {
  ...Object.fromEntries(LICENSE_OPERATIONS.map((operation): [string, Run] => [operation, async (db, config, actor, id, body) => {
    await runLicenseOperation(db, actor, id, operation, { device: body.device }, { today: today(config) });
    return undefined;
  }])),
  drawFreeKey: async (db, config, actor, id) => ({ resource: 'licenses', id: (await drawFreeKey(db, actor, id, { today: today(config) })).id }),
  requestOffer: async (db, config, actor, id, body) => ({ resource: 'offer_requests', id: (await requestOffer(db, actor, id, { message: body.message }, config)).id }),
  requestSupport: async (db, _config, actor, id, body) => ({ resource: 'support_messages', id: (await requestSupport(db, actor, id, { message: body.message })).id }),
};

export const API_LICENSE_OPERATIONS = Object.keys(OPERATIONS);

/** Runs `operation` on license `id`: unknown operation 404, a body that is no JSON object 400, else what the service answers; then the license as it is now. */
export async function apiLicenseOperation(db: Sequelize, config: Config, actor: Actor, id: string, operation: string, body: unknown): Promise<{ operation: string; license: Row; created?: Created }> {
  if (!Object.hasOwn(OPERATIONS, operation)) throw notFound(msg('licenseOperation', { operation }));
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) throw new Refusal(400, msg('operationObject'));
  const created = await OPERATIONS[operation](db, config, actor, id, (body ?? {}) as Body);
  return { operation, license: await readLicense(db, actor, id), ...(created && { created }) };
}
