/**
 * The webhook outbox does not grow for ever: a delivery that has ended (delivered, or given up) is
 * deleted WEBHOOK_RETENTION_DAYS after it ended; pending ones stay whatever their age. The worker's
 * webhook job runs this after each delivery run, inside the job's claimed slot, so one worker does
 * it per slot; the count is audited (one entry per purge that deleted anything, like the retention
 * purge of billing records: an entry every minute saying "nothing" would bury the trail).
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { recordAudit } from '../models/audit.ts';
import type { Actor } from '../models/domain/policy.ts';
import { auditActor } from './audit-trail.ts';
import { forbidden } from './refusal.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes the deliveries that ended more than `retentionDays` before `now`; returns how many. Only the portal itself purges. */
export async function purgeWebhookDeliveries(db: Sequelize, actor: Actor, { now, retentionDays }: { now: Date; retentionDays: number }): Promise<number> {
  if (!actor.system) throw forbidden();
  const endedBefore = new Date(now.getTime() - retentionDays * DAY_MS);
  return db.transaction(async (transaction) => {
    // The time a finished row ended: delivered_at, or for a given-up row its last attempt (next_attempt_at; migration 022).
    const deleted = await db.query<{ id: string }>(`
      delete from webhook_deliveries
      where status <> 'pending' and coalesce(delivered_at, next_attempt_at) < :endedBefore
      returning id`, { replacements: { endedBefore }, type: QueryTypes.SELECT, transaction });
    if (deleted.length > 0) {
      const { userId, who } = auditActor(actor);
      await recordAudit({
        userId, organizationId: null, action: 'webhook_deliveries.purge', resource: 'webhook_deliveries',
        details: { ...who, deleted: deleted.length, endedBefore: endedBefore.toISOString(), retentionDays },
      }, transaction);
    }
    return deleted.length;
  });
}
