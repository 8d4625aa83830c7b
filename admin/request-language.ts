/**
 * Which language a request is answered in: the logged-in user's (users.locale, held by the
 * session) in the panel; the browser's Accept-Language where nobody is logged in (login, set-up,
 * registration); in the REST API German only when Accept-Language asks for it, else English.
 */
import type { Request } from 'express';
import { languageFor, type Language } from '../templates/formats.ts';
import type { SessionAdmin } from './session-admin.ts';

/** The browser's choice of German or English (a browser sending no preference gets the first, German, as the login page always did). */
export const browserLanguage = (req: Request): Language => languageFor(req.acceptsLanguages('de', 'en') || 'en');

/** An API client sending no Accept-Language (most scripts) reads English. */
export const apiLanguage = (req: Request): Language => (req.get('accept-language') ? browserLanguage(req) : 'en');

/** The logged-in user's language, from the session (AdminJS's currentAdmin is the same object). */
export const adminLanguage = (admin: unknown): Language => languageFor((admin as SessionAdmin | undefined)?.locale);

export const sessionLanguage = (req: Request): Language => (req.session?.adminUser ? adminLanguage(req.session.adminUser) : browserLanguage(req));
