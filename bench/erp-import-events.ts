/**
 * The ERP import's subscriptions and their webhook events: an import of BENCH_IMPORT_ROWS
 * (default 3,000) new subscriptions, half for a customer of reseller A and half of reseller B,
 * each reseller with an endpoint for subscription events; then the same document again (nothing
 * changes) and once more with every quantity changed. Prints the time of each import, per row, and
 * the outbox rows it wrote. Run alone: `npx tsx bench/erp-import-events.ts` (not part of `npm run bench`).
 */
import { performance } from 'node:perf_hooks';
import { startTestPortal } from '../test/support/portal.ts';
import { Organization, WebhookDelivery, WebhookEndpoint } from '../models/index.ts';
import { importDocument } from '../services/erp-import.ts';
import { systemActor } from '../services/system-actor.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 3000);

const portal = await startTestPortal();
try {
  for (const ref of ['reseller-a', 'reseller-b']) {
    const org = await Organization.findOne({ where: { ref } });
    await WebhookEndpoint.create({ organizationId: org!.id, view: 'reseller', url: `https://${ref}.bench.test/hook`, events: ['subscription.changed', 'license.created'], secretSealed: 'not used: nothing is delivered' });
  }
  const document = (quantity: number) => ({
    subscriptions: Array.from({ length: ROWS }, (_, i) => ({
      ref: `bench-import-${i}`, reseller: i % 2 ? 'reseller-b' : 'reseller-a', customer: i % 2 ? 'customer-b1' : 'customer-a1',
      article: 'OFF-SUB-M', quantity, start: '2026-01-01', termMonths: 12, autoRenew: true,
    })),
  });
  const actor = await systemActor();
  for (const [label, quantity] of [['new', 1], ['unchanged', 1], ['changed', 2]] as const) {
    const outboxBefore = await WebhookDelivery.count();
    const started = performance.now();
    const result = await importDocument(portal.sequelize, actor, document(quantity));
    const ms = performance.now() - started;
    if (!result.ok) throw new Error(result.errors.join('\n'));
    console.log(`import of ${ROWS} subscriptions, ${label}: ${ms.toFixed(0)} ms (${(ms / ROWS).toFixed(2)} ms a row), outbox rows written: ${await WebhookDelivery.count() - outboxBefore}`);
  }
} finally {
  await portal.close();
}
