/**
 * Which language a request is answered in: the logged-in user's (users.locale, held by the
 * session) in the panel, the browser's Accept-Language where nobody is logged in (login, set-up,
 * registration) and in the REST API; English otherwise.
 */
import type { Request } from 'express';
import { languageFor, type Language } from '../templates/formats.ts';
import type { SessionAdmin } from './session-admin.ts';

export const browserLanguage = (req: Request): Language => languageFor(req.acceptsLanguages('de', 'en') || 'en');

export const sessionLanguage = (req: Request): Language => {
  const admin = req.session?.adminUser as SessionAdmin | undefined;
  return admin ? languageFor(admin.locale) : browserLanguage(req);
};
