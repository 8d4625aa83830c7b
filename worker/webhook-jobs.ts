import type { Portal } from '../models/index.ts';
import type { ScheduledJob } from './jobs.ts';
import { deliverWebhooks } from '../services/webhook-delivery.ts';
import { sessionSecret } from '../admin/session-secret.ts';

/** Every minute by default (WEBHOOK_CRON): delivers the due rows of the webhook outbox. */
export function webhookJobs(portal: Portal): ScheduledJob[] {
  return [{
    name: 'webhooks',
    cron: portal.config.webhookCron,
    async run() {
      await deliverWebhooks(portal.sequelize, {
        sessionSecret: await sessionSecret(portal.config.sessionSecret, portal.config.dataDir),
        retryBaseMs: portal.config.webhookRetrySeconds * 1000,
        allowPrivateHosts: portal.config.webhookAllowPrivateHosts,
      });
    },
  }];
}
