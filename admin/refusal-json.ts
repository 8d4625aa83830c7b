/**
 * The panel's refusals outside the services (guards before AdminJS, AdminJS's own error classes) in
 * the reader's language: the session user's, the browser's before login (admin/request-language.ts).
 */
import type { Request, Response } from 'express';
import { isMessage, renderMessage, type Message } from '../templates/messages.ts';
import { sessionLanguage } from './request-language.ts';

/** Answers `{ error }` with `status`, said in the reader's language. */
export function sendRefusal(req: Request, res: Response, status: number, message: Message): void {
  res.status(status).json({ error: renderMessage(message, sessionLanguage(req)) });
}

/** An error of AdminJS's own classes (ForbiddenError, NotFoundError) carrying its message, so the error handler can say it in the reader's language. */
export function withText<E extends Error>(error: E, text: Message): E & { text: Message } {
  return Object.assign(error, { text });
}

export const textOf = (error: unknown): Message | null => {
  const text = (error as { text?: unknown } | null)?.text;
  return isMessage(text) ? text : null;
};
