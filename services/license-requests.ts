/**
 * Requests on a license: a non-binding service offer (stored, mailed to vendor sales inside the
 * transaction, answered by vendor staff) and a support thread between the license holder and the
 * nearest organization above it with a support contact (else the vendor). Rules:
 * models/domain/license-requests.ts; who may: policy.ts (REQUEST_OPERATION_VIEWS, requestAllowed).
 */
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { personOf, requestAllowed, type Actor } from '../models/domain/policy.ts';
import { answerProblem, messageProblem, threadOf, threadSide } from '../models/domain/license-requests.ts';
import type { Config } from '../models/config.ts';
import { supportContactFor } from '../models/actor-lookup.ts';
import { Article, License, OfferRequest, Organization, SupportMessage, User } from '../models/index.ts';
import { offerRequestEmail } from '../templates/offer-texts.ts';
import { createMailer } from './mailer.ts';
import { authorize, findInScope, lockedInScope } from './reach.ts';
import { inTransaction } from './records.ts';
import { auditOperation } from './audit-trail.ts';
import { Refusal, notFound } from './refusal.ts';

function message(field: string, value: unknown): string {
  const problem = messageProblem(value);
  if (problem) throw Refusal.ofFields(422, { [field]: problem });
  return (value as string).trim();
}

const viewName = (actor: Actor) => actor.view.replace('_', ' ');

async function vendorOrganization(transaction: import('sequelize').Transaction): Promise<Organization> {
  const vendor = await Organization.findOne({ where: Organization.sequelize!.literal(`'vendor' = any(views)`), order: [['id', 'ASC']], transaction });
  if (!vendor) throw new Refusal(409, 'There is no vendor organization to send the request to.');
  return vendor;
}

/** `requestOffer` (field `message`): stored and mailed to vendor sales in the vendor's language; a failed mail saves nothing. */
export async function requestOffer(db: Sequelize, actor: Actor, licenseId: unknown, input: { message?: unknown }, config: Config): Promise<OfferRequest> {
  const scope = await authorize(db, actor, 'licenses', 'requestOffer');
  return inTransaction(db, 'offer_requests', async (transaction) => {
    const license = await findInScope(scope, 'licenses', licenseId, { transaction }) as License | null;
    if (!license) throw notFound(`License ${String(licenseId)}`);
    if (!requestAllowed(actor, 'requestOffer', license)) {
      throw new Refusal(403, `The ${viewName(actor)} view may not request an offer here: the feature matrix gives it to the organization's own view.`);
    }
    const text = message('message', input.message);
    const vendor = await vendorOrganization(transaction);
    const to = config.salesEmail ?? vendor.contactEmail;
    if (!to) throw new Refusal(409, 'No sales address is configured (SALES_EMAIL, or the vendor organization\'s contact e-mail); nothing was saved.');
    const offer = await OfferRequest.create({
      licenseId: license.id, organizationId: actor.organizationId, requestedBy: personOf(actor), message: text, mailedTo: to,
    }, { transaction });
    const requester = (await Organization.findByPk(actor.organizationId, { transaction }))!;
    const person = personOf(actor);
    const user = person === null ? null : await User.findByPk(person, { transaction });
    const article = await Article.findByPk(license.articleId, { transaction });
    const mail = offerRequestEmail({
      locale: vendor.locale, requestId: offer.id, requesterOrganization: requester.name, requesterEmail: user?.email ?? null,
      licenseKey: license.licenseKey, articleName: article?.name ?? String(license.articleId), message: text,
      link: `${config.publicUrl.replace(/\/+$/, '')}/admin/resources/offer_requests/records/${offer.id}/show`,
    });
    const mailer = createMailer({ smtpUrl: config.smtpUrl ?? undefined, outboxDir: path.join(config.dataDir, 'outbox'), from: config.mailFrom });
    try {
      await mailer.send({ to, ...mail, messageId: `<offer-request-${offer.id}-${Date.now()}@portal>` });
    } catch (error) {
      throw Refusal.ofFields(422, { message: `The offer request could not be mailed to sales (${(error as Error).message}); nothing was saved.` });
    } finally {
      mailer.close();
    }
    await auditOperation(actor, 'licenses', 'requestOffer', license.organizationId, license.id,
      {}, transaction, { offerRequestId: offer.id, requesterOrganizationId: actor.organizationId, mailedTo: to });
    return offer;
  });
}

/** `answer` (field `answer`) on an offer request, by vendor staff, once. */
export async function answerOffer(db: Sequelize, actor: Actor, id: unknown, input: { answer?: unknown }): Promise<OfferRequest> {
  const scope = await authorize(db, actor, 'offer_requests', 'answer');
  return inTransaction(db, 'offer_requests', async (transaction) => {
    const offer = await lockedInScope<OfferRequest>(scope, 'offer_requests', id, transaction, `Offer request ${String(id)}`);
    const text = message('answer', input.answer);
    const problem = answerProblem(offer);
    if (problem) throw new Refusal(409, problem);
    await offer.update({ answer: text, answeredBy: personOf(actor), answeredAt: new Date() }, { transaction });
    await auditOperation(actor, 'offer_requests', 'answer', offer.organizationId, offer.id, { answer: { before: null, after: text } }, transaction);
    return offer;
  });
}

/** `requestSupport` (field `message`) on a key of the actor's own organization: opens a thread with the organization that supports it. */
export async function requestSupport(db: Sequelize, actor: Actor, licenseId: unknown, input: { message?: unknown }): Promise<SupportMessage> {
  const scope = await authorize(db, actor, 'licenses', 'requestSupport');
  return inTransaction(db, 'support_messages', async (transaction) => {
    const license = await findInScope(scope, 'licenses', licenseId, { transaction }) as License | null;
    if (!license) throw notFound(`License ${String(licenseId)}`);
    if (!requestAllowed(actor, 'requestSupport', license)) {
      throw new Refusal(403, `The ${viewName(actor)} view may not open a support request here: only the license holder's own organization does.`);
    }
    const text = message('message', input.message);
    const holder = (await Organization.findByPk(license.organizationId, { transaction }))!;
    const above = holder.parentId ? await supportContactFor(db, holder.parentId, { transaction }) : null;
    const handlerOrganizationId = above?.organizationId ?? (await vendorOrganization(transaction)).id;
    const opened = await SupportMessage.create({
      threadId: null, licenseId: license.id, organizationId: license.organizationId, handlerOrganizationId,
      authorUserId: personOf(actor), authorOrganizationId: actor.organizationId, message: text,
    }, { transaction });
    await auditOperation(actor, 'licenses', 'requestSupport', license.organizationId, license.id,
      {}, transaction, { supportMessageId: opened.id, handlerOrganizationId });
    return opened;
  });
}

/** `reply` (field `message`) on any message of a thread the actor reaches: appended to that thread. */
export async function replySupport(db: Sequelize, actor: Actor, id: unknown, input: { message?: unknown }): Promise<SupportMessage> {
  const scope = await authorize(db, actor, 'support_messages', 'reply');
  return inTransaction(db, 'support_messages', async (transaction) => {
    const to = await findInScope(scope, 'support_messages', id, { transaction }) as SupportMessage | null;
    if (!to) throw notFound(`Support message ${String(id)}`);
    const side = threadSide(actor, to);
    if (side) throw new Refusal(403, side);
    const text = message('message', input.message);
    const reply = await SupportMessage.create({
      threadId: threadOf(to), licenseId: to.licenseId, organizationId: to.organizationId, handlerOrganizationId: to.handlerOrganizationId,
      authorUserId: personOf(actor), authorOrganizationId: actor.organizationId, message: text,
    }, { transaction });
    await auditOperation(actor, 'support_messages', 'reply', to.organizationId, reply.id, {}, transaction, { threadId: threadOf(to) });
    return reply;
  });
}
