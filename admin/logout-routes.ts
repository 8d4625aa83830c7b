import express, { type Request, type Router } from 'express';
import { escapeHtml, plainPage } from './plain-page.ts';
import { browserLanguage } from './request-language.ts';

const TEXTS = {
  en: { title: 'Log out', logOut: 'Log out', back: 'Back to the portal' },
  de: { title: 'Abmelden', logOut: 'Abmelden', back: 'Zurück zum Portal' },
};

/**
 * Logout by POST only (the same-origin check of same-origin.ts applies): a link on another site
 * cannot end a session. GET shows a page with the logout button, for AdminJS's own logout link and
 * for anyone who typed the address; the panel's menu entry posts directly (post-actions.js).
 */
export function logoutRoutes(rootPath: string, loginPath: string, cookieName: string): Router {
  const router = express.Router();
  router.get('/', (req: Request, res) => {
    const language = browserLanguage(req);
    const t = TEXTS[language];
    plainPage(res, 200, language, t.title, `<form method="post" action="${escapeHtml(req.baseUrl)}">
<button type="submit">${escapeHtml(t.logOut)}</button>
</form>
<p><a href="${escapeHtml(rootPath)}">${escapeHtml(t.back)}</a></p>`);
  });
  router.post('/', (req, res, next) => {
    const done = () => {
      res.clearCookie(cookieName, { path: '/' });
      if (req.accepts(['html', 'json']) === 'json') return void res.status(204).end();
      res.redirect(303, loginPath);
    };
    if (!req.session) return done();
    req.session.destroy((error) => (error ? next(error) : done()));
  });
  return router;
}
