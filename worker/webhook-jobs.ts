import type { Portal } from '../models/index.ts';
import type { ScheduledJob } from './jobs.ts';
import { deliverWebhooks } from '../services/webhook-delivery.ts';
import { purgeWebhookDeliveries } from '../services/webhook-retention.ts';
import { systemActor } from '../services/system-actor.ts';
import { sessionSecret } from '../admin/session-secret.ts';

/**
 * Every minute by default (WEBHOOK_CRON): delivers the due rows of the webhook outbox, then deletes
 * the finished ones past WEBHOOK_RETENTION_DAYS (counted from the slot's time).
 */
export function webhookJobs(portal: Portal): ScheduledJob[] {
  return [{
    name: 'webhooks',
    cron: portal.config.webhookCron,
    async run(slot) {
      await deliverWebhooks(portal.sequelize, {
        sessionSecret: await sessionSecret(portal.config.sessionSecret, portal.config.dataDir),
        retryBaseMs: portal.config.webhookRetrySeconds * 1000,
        allowPrivateHosts: portal.config.webhookAllowPrivateHosts,
      });
      await purgeWebhookDeliveries(portal.sequelize, await systemActor(), { now: slot, retentionDays: portal.config.webhookRetentionDays });
    },
  }];
}
