import express, { type Request, type Response, type Router } from 'express';
import type { Sequelize } from 'sequelize';
import type { Config } from '../models/config.ts';
import { hashPassword, passwordProblem } from '../models/passwords.ts';
import type { SetupProblem } from '../models/domain/first-admin-rules.ts';
import { checkSetupToken, createFirstAdmin, SetupRefused } from '../services/first-admin.ts';
import { Refusal } from '../services/refusal.ts';
import { setupTexts, type SetupTexts } from '../templates/setup-texts.ts';
import { escapeHtml, plainPage } from './plain-page.ts';
import { renderMessage } from '../templates/messages.ts';
import { browserLanguage } from './request-language.ts';

const textsFor = (req: Request) => setupTexts(browserLanguage(req));

function refused(res: Response, t: SetupTexts, problem: SetupProblem): void {
  plainPage(res, problem === 'unknown' ? 404 : 410, t.language, t.refusedTitle, `<p class="error">${escapeHtml(t.refused[problem])}</p>`);
}

function form(res: Response, status: number, t: SetupTexts, token: string, organizationName: string, error = '', values: { name?: string; email?: string } = {}): void {
  plainPage(res, status, t.language, t.title, `<p>${escapeHtml(t.intro(organizationName))}</p>
${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/setup">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label for="name">${escapeHtml(t.name)}</label><input id="name" name="name" required autocomplete="name" value="${escapeHtml(values.name ?? '')}">
<label for="email">${escapeHtml(t.email)}</label><input id="email" name="email" type="email" required autocomplete="email" value="${escapeHtml(values.email ?? '')}">
<label for="password">${escapeHtml(t.password)}</label><input id="password" name="password" type="password" required minlength="10" maxlength="72" autocomplete="new-password">
<label for="passwordAgain">${escapeHtml(t.passwordAgain)}</label><input id="passwordAgain" name="passwordAgain" type="password" required minlength="10" maxlength="72" autocomplete="new-password">
<button type="submit">${escapeHtml(t.submit)}</button>
</form>`);
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * The one-time link of a production installation without a vendor admin (services/first-admin.ts):
 * GET shows a plain form, POST creates the first vendor admin and redirects to the login. Once a
 * vendor admin exists, every link answers 410 and changes nothing.
 */
export function setupRoutes(sequelize: Sequelize, config: Config): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '16kb' }));

  router.get('/', async (req, res) => {
    const t = textsFor(req);
    const token = text(req.query.token);
    const { problem, vendor } = await checkSetupToken(sequelize, token, config);
    if (problem || !vendor) return refused(res, t, problem ?? 'unknown');
    form(res, 200, t, token, vendor.name);
  });

  router.post('/', async (req, res) => {
    const t = textsFor(req);
    const token = text(req.body?.token);
    const { problem, vendor } = await checkSetupToken(sequelize, token, config);
    if (problem || !vendor) return refused(res, t, problem ?? 'unknown');
    const values = { name: text(req.body.name).trim(), email: text(req.body.email).trim() };
    const mistake = !values.name ? t.nameMissing
      : req.body.password !== req.body.passwordAgain ? t.passwordsDiffer
        : passwordProblem(req.body.password);
    if (mistake) return form(res, 400, t, token, vendor.name, typeof mistake === 'string' ? mistake : renderMessage(mistake, t.language), values);
    try {
      await createFirstAdmin(sequelize, token, { ...values, locale: t.language }, await hashPassword(req.body.password), config);
    } catch (error) {
      if (error instanceof SetupRefused) return refused(res, t, error.problem);
      if (error instanceof Refusal) return form(res, error.statusCode, t, token, vendor.name, error.inLanguage(t.language).message, values);
      throw error;
    }
    res.redirect(303, '/admin/login');
  });
  return router;
}
