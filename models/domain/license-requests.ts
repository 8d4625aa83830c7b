/**
 * Rules of the requests on a license (offer and support), free of the database: what a message
 * must be, whether an offer request can still be answered, which thread a reply belongs to.
 */
import { textProblem } from './text-rules.ts';
import { msg, type Message } from '../../templates/messages.ts';

/** Why `value` cannot be the text of a request, answer or reply (trimmed), or null. */
export function messageProblem(value: unknown): Message | null {
  if (typeof value !== 'string') return msg('mustBeText');
  const text = value.trim();
  if (text.length === 0) return msg('mustNotBeEmpty');
  return textProblem(text);
}

/** An offer request is answered once: a second answer would change what the requester was told. */
export function answerProblem(offer: { answeredAt: Date | string | null }): Message | null {
  return offer.answeredAt ? msg('answeredAlready') : null;
}

/** The opening message of the thread a message belongs to. */
export function threadOf(message: { id: number; threadId: number | null }): number {
  return message.threadId ?? message.id;
}

/**
 * Why the actor may not write into a support thread, or null: the thread is between the license
 * holder's organization and the organization handling it (vendor staff may always step in). An
 * organization above that only reads along (it reaches its customers' rows) is not a side, nor is a
 * channel user acting in its customer's context (it is not the customer).
 */
export function threadSide(actor: { organizationId: number; view: string; inherited?: boolean },
  thread: { organizationId: number; handlerOrganizationId: number }): Message | null {
  if (actor.view === 'vendor') return null;
  if (actor.inherited) return msg('replyFromOwn');
  if (actor.organizationId === thread.organizationId || actor.organizationId === thread.handlerOrganizationId) return null;
  return msg('onlyThreadSides');
}

/** The first e-mail address in a free-text contact ("support@reseller.test, +49 561 0"), lower case, or null. */
export function emailIn(text: string | null): string | null {
  const match = text ? /[^\s@,;<>()"']+@[^\s@,;<>()"']+\.[^\s@,;<>()"']+/.exec(text) : null;
  return match ? match[0].toLowerCase() : null;
}
