/**
 * A reseller books a subscription for one of its customers inside its frame: article, quantity
 * (its seats), start (today or later), a term the frame allows, auto-renewal. The reseller is the
 * booking organization, the unit price is the vendor's price for that reseller or else the
 * article's (services/reseller-prices.ts), the billing interval the article's, never typed by the
 * channel; the subscription's license (kind subscription, seats = quantity) is issued with it, in
 * the same transaction. Vendor staff record subscriptions as they need them (their field rules).
 */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../models/domain/policy.ts';
import { subscriptionProblems } from '../models/domain/frame.ts';
import { bookingStartProblem, termIntervalProblem } from '../models/domain/subscription-rules.ts';
import { Article, License, Subscription } from '../models/index.ts';
import { createRecord, inTransaction, prepareWrite, visible, type Input, type Row } from './records.ts';
import { auditWrite } from './audit-trail.ts';
import { frameRefusal, heldFrame } from './frames.ts';
import { customerBelow, type IssueOptions } from './license-issue.ts';
import { drawKey } from '../models/domain/ticket-code.ts';
import { Refusal } from './refusal.ts';
import { unitPriceFor } from './reseller-prices.ts';
import { msg } from '../templates/messages.ts';

export async function bookSubscription(db: Sequelize, actor: Actor, input: Input, options: IssueOptions): Promise<Row> {
  if (actor.view === 'vendor') return createRecord(db, actor, 'subscriptions', input);
  return inTransaction(db, 'subscriptions', async (transaction) => {
    const { scope, values } = await prepareWrite(db, actor, 'subscriptions', 'create', input, {
      transaction, fixed: { resellerId: actor.organizationId }, setByService: ['ref', 'unitPriceCents', 'interval'],
    });
    const customer = await customerBelow(actor, values.customerId, 'customerId', transaction);
    const article = (await Article.findByPk(Number(values.articleId), { transaction }))!;
    const held = article.productGroupId === null ? null : await heldFrame(actor.organizationId, article.productGroupId, transaction);
    if (!held) throw Refusal.ofFields(422, { articleId: msg('articleNotHeld', { article: article.name }) });
    const quantity = values.quantity as number;
    const termMonths = values.termMonths as number;
    const problems = subscriptionProblems(held.frame, { kind: article.kind, quantity, termMonths }, held.label);
    const start = bookingStartProblem(values.startDate as string, { today: options.today, byVendor: false });
    if (start) problems.push({ field: 'startDate', message: start });
    const term = article.interval === null ? null : termIntervalProblem(article.interval, termMonths);
    if (term) problems.push({ field: 'termMonths', message: term });
    if (article.interval === null && !problems.some((problem) => problem.field === 'articleId')) {
      problems.push({ field: 'articleId', message: msg('noBillingInterval', { article: article.name }) });
    }
    if (problems.length > 0) throw frameRefusal(problems);

    const license = await License.create({
      organizationId: customer.id, articleId: article.id, kind: 'subscription', seats: quantity, status: 'inactive', licenseKey: drawKey('LIC'),
    }, { transaction });
    await auditWrite(actor, 'licenses', 'create', license.toJSON() as Row, undefined, transaction);
    const unitPriceCents = await unitPriceFor(article, actor.organizationId, transaction);
    const sub = await Subscription.create({
      ...values, ref: drawKey('SUB'), customerId: customer.id, licenseId: license.id, unitPriceCents, interval: article.interval,
    }, { transaction });
    const row = sub.toJSON() as Row;
    await auditWrite(actor, 'subscriptions', 'create', row, undefined, transaction);
    return visible(scope, row);
  });
}
