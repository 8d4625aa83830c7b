/**
 * Requests on a license: a non-binding service offer (stored, mailed to vendor sales inside the
 * transaction, answered by vendor staff) and a support thread between the license holder and the
 * nearest organization above it with a support contact (else the vendor). Rules:
 * models/domain/license-requests.ts; who may: policy.ts (REQUEST_OPERATION_VIEWS, requestAllowed).
 *
 * An answer or a reply is mailed to the other side after its transaction has committed: the text is
 * stored and shown in the panel whatever the mail does, so a mail that fails is logged and reported
 * in the result (`mailedTo` null), and does not undo it. The offer request itself is mailed inside
 * its transaction instead: sales learn of it only by that mail.
 */
import type { Sequelize, Transaction } from 'sequelize';
import { personOf, requestAllowed, type Actor } from '../models/domain/policy.ts';
import { answerProblem, emailIn, messageProblem, threadOf, threadSide } from '../models/domain/license-requests.ts';
import type { Config } from '../models/config.ts';
import { supportContactFor } from '../models/actor-lookup.ts';
import { Article, License, OfferRequest, Organization, SupportMessage, User } from '../models/index.ts';
import { offerRequestEmail } from '../templates/offer-texts.ts';
import { offerAnsweredEmail, supportReplyEmail } from '../templates/request-reply-texts.ts';
import { mailerFor, type OutgoingMail } from './mailer.ts';
import { authorize, findInScope, lockedInScope } from './reach.ts';
import { inTransaction } from './records.ts';
import { auditOperation } from './audit-trail.ts';
import { Refusal, notFound } from './refusal.ts';
import { msg } from '../templates/messages.ts';

function message(field: string, value: unknown): string {
  const problem = messageProblem(value);
  if (problem) throw Refusal.ofFields(422, { [field]: problem });
  return (value as string).trim();
}


async function vendorOrganization(transaction: import('sequelize').Transaction): Promise<Organization> {
  const vendor = await Organization.findOne({ where: Organization.sequelize!.literal(`'vendor' = any(views)`), order: [['id', 'ASC']], transaction });
  if (!vendor) throw new Refusal(409, msg('noVendor'));
  return vendor;
}

/** `requestOffer` (field `message`): stored and mailed to vendor sales in the vendor's language; a failed mail saves nothing. */
export async function requestOffer(db: Sequelize, actor: Actor, licenseId: unknown, input: { message?: unknown }, config: Config): Promise<OfferRequest> {
  const scope = await authorize(db, actor, 'licenses', 'requestOffer');
  return inTransaction(db, 'offer_requests', async (transaction) => {
    const license = await findInScope(scope, 'licenses', licenseId, { transaction }) as License | null;
    if (!license) throw notFound(msg('record', { resource: 'licenses', id: licenseId }));
    if (!requestAllowed(actor, 'requestOffer', license)) {
      throw new Refusal(403, msg('offerMatrix', { view: actor.view }));
    }
    const text = message('message', input.message);
    const vendor = await vendorOrganization(transaction);
    const to = config.salesEmail ?? vendor.contactEmail;
    if (!to) throw new Refusal(409, msg('noSalesAddress'));
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
      link: recordLink(config, 'offer_requests', offer.id),
    });
    const mailer = mailerFor(config);
    try {
      await mailer.send({ to, ...mail, messageId: `<offer-request-${offer.id}-${Date.now()}@portal>` });
    } catch (error) {
      throw Refusal.ofFields(422, { message: msg('offerNotMailed', { reason: (error as Error).message }) });
    } finally {
      mailer.close();
    }
    await auditOperation(actor, 'licenses', 'requestOffer', license.organizationId, license.id,
      {}, transaction, { offerRequestId: offer.id, requesterOrganizationId: actor.organizationId, mailedTo: to });
    return offer;
  });
}

/** A row changed by an answer or reply, and where its mail went (null: no address, or the mail failed). */
export interface Notified<T> { row: T; mailedTo: string | null }

/** `answer` (field `answer`) on an offer request, by vendor staff, once; mailed to the requester after commit. */
export async function answerOffer(db: Sequelize, actor: Actor, id: unknown, input: { answer?: unknown }, config: Config): Promise<Notified<OfferRequest>> {
  const scope = await authorize(db, actor, 'offer_requests', 'answer');
  const { offer, mail } = await inTransaction(db, 'offer_requests', async (transaction) => {
    const offer = await lockedInScope<OfferRequest>(scope, 'offer_requests', id, transaction);
    const text = message('answer', input.answer);
    const problem = answerProblem(offer);
    if (problem) throw new Refusal(409, problem);
    await offer.update({ answer: text, answeredBy: personOf(actor), answeredAt: new Date() }, { transaction });
    await auditOperation(actor, 'offer_requests', 'answer', offer.organizationId, offer.id, { answer: { before: null, after: text } }, transaction);
    const to = await personOrOrganization(offer.requestedBy, offer.organizationId, transaction);
    const license = (await License.findByPk(offer.licenseId, { transaction }))!;
    const mail = to && {
      to: to.email, messageId: `<offer-answer-${offer.id}@portal>`,
      ...offerAnsweredEmail({ locale: to.locale, requestId: offer.id, licenseKey: license.licenseKey, answer: text, link: recordLink(config, 'offer_requests', offer.id) }),
    };
    return { offer, mail };
  });
  return { row: offer, mailedTo: await mailAfterCommit(config, mail, `offer request #${offer.id}`) };
}

/** `requestSupport` (field `message`) on a key of the actor's own organization: opens a thread with the organization that supports it. */
export async function requestSupport(db: Sequelize, actor: Actor, licenseId: unknown, input: { message?: unknown }): Promise<SupportMessage> {
  const scope = await authorize(db, actor, 'licenses', 'requestSupport');
  return inTransaction(db, 'support_messages', async (transaction) => {
    const license = await findInScope(scope, 'licenses', licenseId, { transaction }) as License | null;
    if (!license) throw notFound(msg('record', { resource: 'licenses', id: licenseId }));
    if (!requestAllowed(actor, 'requestSupport', license)) {
      throw new Refusal(403, msg('supportMatrix', { view: actor.view }));
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

/**
 * `reply` (field `message`) on any message of a thread the actor reaches: appended to that thread
 * and mailed after commit to the other side — the holder's reply to the handling organization's
 * support contact, the handler's (or vendor staff's) to the person who opened the thread.
 */
export async function replySupport(db: Sequelize, actor: Actor, id: unknown, input: { message?: unknown }, config: Config): Promise<Notified<SupportMessage>> {
  const scope = await authorize(db, actor, 'support_messages', 'reply');
  const { reply, mail } = await inTransaction(db, 'support_messages', async (transaction) => {
    const to = await findInScope(scope, 'support_messages', id, { transaction }) as SupportMessage | null;
    if (!to) throw notFound(msg('record', { resource: 'support_messages', id: id }));
    const side = threadSide(actor, to);
    if (side) throw new Refusal(403, side);
    const text = message('message', input.message);
    const threadId = threadOf(to);
    const reply = await SupportMessage.create({
      threadId, licenseId: to.licenseId, organizationId: to.organizationId, handlerOrganizationId: to.handlerOrganizationId,
      authorUserId: personOf(actor), authorOrganizationId: actor.organizationId, message: text,
    }, { transaction });
    await auditOperation(actor, 'support_messages', 'reply', to.organizationId, reply.id, {}, transaction, { threadId });
    const fromHolder = actor.view !== 'vendor' && actor.organizationId === to.organizationId;
    const opening = threadId === to.id ? to : await SupportMessage.findByPk(threadId, { transaction });
    const recipient = fromHolder ? await supportAddressOf(to.handlerOrganizationId, transaction)
      : await personOrOrganization(opening?.authorUserId ?? null, to.organizationId, transaction);
    const author = (await Organization.findByPk(actor.organizationId, { attributes: ['name'], transaction }))!;
    const license = (await License.findByPk(to.licenseId, { transaction }))!;
    const mail = recipient && {
      to: recipient.email, messageId: `<support-reply-${reply.id}@portal>`,
      ...supportReplyEmail({ locale: recipient.locale, threadId, licenseKey: license.licenseKey, from: author.name, message: text, link: recordLink(config, 'support_messages', reply.id) }),
    };
    return { reply, mail };
  });
  return { row: reply, mailedTo: await mailAfterCommit(config, mail, `support reply #${reply.id}`) };
}

const recordLink = (config: Config, resource: string, id: number) => `${config.publicUrl.replace(/\/+$/, '')}/admin/resources/${resource}/records/${id}/show`;

interface Recipient { email: string; locale: string | null }

/** A requester: the person who asked, in its locale, else (a deleted or system requester) the organization's contact address in its locale. */
async function personOrOrganization(userId: number | null, organizationId: number, transaction: Transaction): Promise<Recipient | null> {
  const organization = await Organization.findByPk(organizationId, { attributes: ['contactEmail', 'locale'], transaction });
  const user = userId === null ? null : await User.findByPk(userId, { attributes: ['email', 'locale'], transaction });
  if (user) return { email: user.email, locale: user.locale };
  return organization?.contactEmail ? { email: organization.contactEmail, locale: organization.locale } : null;
}

/** The organization handling a thread: the e-mail address in its support contact, else its contact address. */
async function supportAddressOf(organizationId: number, transaction: Transaction): Promise<Recipient | null> {
  const handler = await Organization.findByPk(organizationId, { attributes: ['supportContact', 'contactEmail', 'locale'], transaction });
  const email = emailIn(handler?.supportContact ?? null) ?? handler?.contactEmail ?? null;
  return email ? { email, locale: handler!.locale } : null;
}

/** Sends a notification after its change has committed; a failure is logged and answered with null, never undoing the change. */
async function mailAfterCommit(config: Config, mail: OutgoingMail | null, what: string): Promise<string | null> {
  if (!mail) return null;
  const mailer = mailerFor(config);
  try {
    await mailer.send(mail);
    return mail.to;
  } catch (error) {
    console.error(`portal: the mail on ${what} to ${mail.to} could not be sent (${(error as Error).message}); it stays readable in the panel`);
    return null;
  } finally {
    mailer.close();
  }
}
