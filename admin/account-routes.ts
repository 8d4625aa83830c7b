import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Sequelize } from 'sequelize';
import { User } from '../models/index.ts';
import { currentActor } from './actor.ts';
import { resolveContext } from '../models/actor-lookup.ts';
import { sessionAdminFor } from './login.ts';
import { changeOwnEmail, changeOwnLocale, changeOwnPassword } from '../services/accounts.ts';
import { Refusal } from '../services/refusal.ts';
import { accountTexts, type AccountTexts } from '../templates/account-texts.ts';
import { escapeHtml, plainPage } from './plain-page.ts';
import type { SessionAdmin } from './session-admin.ts';
import { saveSession } from './sessions.ts';
import { beginPasswordCheck, passwordCheckNotFailed } from './login-throttle.ts';
import { msg, renderMessage } from '../templates/messages.ts';
import { sendRefusal } from './refusal-json.ts';

export const ACCOUNT_PATH = '/admin/account';

function form(res: Response, status: number, t: AccountTexts, admin: SessionAdmin, message?: { error?: string; ok?: string }): void {
  plainPage(res, status, t.language, t.title, `${admin.mustChangePassword ? `<p class="error">${escapeHtml(t.mustChange)}</p>` : ''}
${message?.error ? `<p class="error">${escapeHtml(message.error)}</p>` : ''}${message?.ok ? `<p class="ok">${escapeHtml(message.ok)}</p>` : ''}
<form method="post" action="${ACCOUNT_PATH}/password">
<label for="currentPassword">${escapeHtml(t.currentPassword)}</label><input id="currentPassword" name="currentPassword" type="password" required autocomplete="current-password">
<label for="newPassword">${escapeHtml(t.newPassword)}</label><input id="newPassword" name="newPassword" type="password" required minlength="10" maxlength="72" autocomplete="new-password">
<label for="newPasswordAgain">${escapeHtml(t.newPasswordAgain)}</label><input id="newPasswordAgain" name="newPasswordAgain" type="password" required minlength="10" maxlength="72" autocomplete="new-password">
<button type="submit">${escapeHtml(t.changePassword)}</button>
</form>
${admin.mustChangePassword ? '' : `<form method="post" action="${ACCOUNT_PATH}/email">
<label for="email">${escapeHtml(t.newEmail)}</label><input id="email" name="email" type="email" required value="${escapeHtml(admin.email)}" autocomplete="email">
<label for="emailPassword">${escapeHtml(t.currentPassword)}</label><input id="emailPassword" name="currentPassword" type="password" required autocomplete="current-password">
<button type="submit">${escapeHtml(t.changeEmail)}</button>
</form>
<p><a href="/admin/second-factor/setup">${escapeHtml(t.secondFactor)}</a></p>
<p><a href="/admin">${escapeHtml(t.back)}</a></p>`}`);
}

/**
 * The user's own account: password and e-mail change, proving the current password (services/accounts.ts).
 * Plain forms for people, JSON for API clients. A session whose password was set by someone else
 * reaches nothing else of the panel until the user chose its own (requireOwnPassword).
 */
export function accountRoutes(sequelize: Sequelize, throttleWindowMinutes: number): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '16kb' }), express.json({ limit: '16kb' }));
  router.use((req, res, next) => {
    if (!req.session?.adminUser) return sendRefusal(req, res, 401, msg('logInFirst'));
    next();
  });
  const texts = async (admin: SessionAdmin) => accountTexts((await User.findByPk(admin.userId))?.locale);
  // Each change proves the current password, counted in the login throttle (429 before it is checked).
  const change = (run: (req: Request, admin: SessionAdmin) => Promise<void>) => async (req: Request, res: Response) => {
    const admin = req.session.adminUser as SessionAdmin;
    const user = await User.findByPk(admin.userId);
    const t = accountTexts(user?.locale);
    const check = await beginPasswordCheck(sequelize, throttleWindowMinutes, user?.email ?? admin.email, req.ip);
    if ('retryAfterSeconds' in check) {
      const message = renderMessage(msg('tooManyWrongPasswords', { minutes: Math.ceil(check.retryAfterSeconds / 60) }), t.language);
      res.set('Retry-After', String(check.retryAfterSeconds));
      if (req.is('application/json')) return res.status(429).json({ error: message, fields: { currentPassword: message } });
      return form(res, 429, t, admin, { error: message });
    }
    let wrongPassword = false;
    try {
      await run(req, admin);
      await saveSession(req);
    } catch (error) {
      wrongPassword = error instanceof Refusal && 'currentPassword' in error.fields;
      if (!(error instanceof Refusal)) throw error;
      const { message, fields } = error.inLanguage(t.language);
      if (req.is('application/json')) return res.status(error.statusCode).json({ error: message, fields });
      return form(res, error.statusCode, t, admin, { error: message });
    } finally {
      if (!wrongPassword) await passwordCheckNotFailed(sequelize, check.attempt);
    }
    if (req.is('application/json')) return res.json({ ok: true });
    form(res, 200, t, req.session.adminUser as SessionAdmin, { ok: t.done });
  };
  router.get('/', async (req, res) => form(res, 200, await texts(req.session.adminUser as SessionAdmin), req.session.adminUser as SessionAdmin));
  router.post('/password', change(async (req, admin) => {
    if (req.body?.newPasswordAgain !== undefined && req.body.newPasswordAgain !== req.body.newPassword) {
      throw Refusal.ofFields(422, { newPasswordAgain: msg('passwordsDiffer') });
    }
    await changeOwnPassword(sequelize, await currentActor(sequelize, admin), { currentPassword: req.body?.currentPassword, newPassword: req.body?.newPassword }, req.sessionID);
    req.session.adminUser = { ...admin, mustChangePassword: false };
  }));
  router.post('/email', change(async (req, admin) => {
    if (admin.mustChangePassword) throw new Refusal(403, msg('chooseOwnPasswordFirst'));
    await changeOwnEmail(sequelize, await currentActor(sequelize, admin), { currentPassword: req.body?.currentPassword, email: req.body?.email }, req.sessionID);
    const user = await User.findByPk(admin.userId);
    req.session.adminUser = { ...admin, email: user!.email };
  }));
  // The top bar's language switch (admin/public/context-switcher.js): the user's locale, which the
  // next page takes its texts from. Not behind the own-password rule: that page is worded in it too.
  router.post('/locale', async (req, res) => {
    const admin = req.session.adminUser as SessionAdmin;
    try {
      const locale = await changeOwnLocale(sequelize, await currentActor(sequelize, admin), { locale: req.body?.locale });
      // The session's title names the view in the user's language too.
      const context = await resolveContext(sequelize, admin.userId, admin.organizationId, admin.view);
      req.session.adminUser = context ? sessionAdminFor({ id: admin.userId, email: admin.email, locale, mustChangePassword: admin.mustChangePassword }, context) : { ...admin, locale };
      await saveSession(req);
      if (req.is('application/json')) return res.json({ locale });
      res.redirect(303, '/admin');
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const { message, fields } = error.inLanguage((await texts(admin)).language);
      res.status(error.statusCode).json({ error: message, fields });
    }
  });
  return router;
}

/** Until the user replaced a password someone else chose, the panel answers with the account page (or 403 for the API). */
export function requireOwnPassword(req: Request, res: Response, next: NextFunction): void {
  const admin = req.session?.adminUser;
  const free = /^\/(login|logout|frontend|assets)\b/.test(req.path) || req.path.endsWith('.js') || req.path.endsWith('.css');
  if (!admin?.mustChangePassword || free) return next();
  if (req.method === 'GET' && !req.path.startsWith('/api')) return res.redirect(303, ACCOUNT_PATH);
  sendRefusal(req, res, 403, msg('ownPasswordAt', { path: ACCOUNT_PATH }));
}
