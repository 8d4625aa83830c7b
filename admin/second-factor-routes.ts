import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Sequelize } from 'sequelize';
import type { Config } from '../models/config.ts';
import { User } from '../models/index.ts';
import {
  CodesThrottled, beginEnrolment, checkLoginCode, confirmEnrolment, disableSecondFactor, renewRecoveryCodes, secondFactorStatus, secretKeyFrom,
  type CodeActor,
} from '../services/second-factor.ts';
import { Refusal } from '../services/refusal.ts';
import { secondFactorTexts, type SecondFactorTexts } from '../templates/second-factor-texts.ts';
import { escapeHtml, plainPage } from './plain-page.ts';
import type { SessionAdmin } from './session-admin.ts';
import { renewSessionId } from './sessions.ts';
import { msg, renderMessage } from '../templates/messages.ts';
import { sendRefusal } from './refusal-json.ts';

export const SECOND_FACTOR_PATH = '/admin/second-factor';
const SETUP_PATH = `${SECOND_FACTOR_PATH}/setup`;

/**
 * A login waiting for its second factor reaches nothing of the panel but the second-factor pages,
 * the login and logout and AdminJS's static assets: a page (GET) is redirected to the code entry
 * (or to the set-up, for a user who must enrol), anything else answers 403 JSON. Mounted on /admin
 * right after the session.
 */
export function secondFactorGate(req: Request, res: Response, next: NextFunction): void {
  const state = req.session?.adminUser ? req.session.secondFactor : undefined;
  if (!state) return next();
  if (/^\/second-factor(\/|$)/.test(req.path) || /^\/(login|logout)\/?$/.test(req.path) || req.path.startsWith('/frontend/assets/')) return next();
  const target = state === 'enrol' ? SETUP_PATH : SECOND_FACTOR_PATH;
  if (req.method === 'GET' && !req.path.startsWith('/api/') && req.accepts(['html', 'json']) === 'html') return res.redirect(303, target);
  sendRefusal(req, res, 403, msg('secondFactorAt', { path: target }));
}

const wantsJson = (req: Request) => req.is('application/json') === 'application/json' || req.accepts(['html', 'json']) === 'json';

const codeField = (t: SecondFactorTexts, label = t.code) => `<label for="code">${escapeHtml(label)}</label>
<input id="code" name="code" required autocomplete="one-time-code" autocapitalize="off" spellcheck="false" maxlength="64">`;

function message(error?: string, ok?: string): string {
  return `${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}${ok ? `<p class="ok">${escapeHtml(ok)}</p>` : ''}`;
}

function codePage(res: Response, status: number, t: SecondFactorTexts, error?: string): void {
  plainPage(res, status, t.language, t.loginTitle, `<p>${escapeHtml(t.loginIntro)}</p>${message(error)}
<form method="post" action="${SECOND_FACTOR_PATH}">
${codeField(t)}
<button type="submit">${escapeHtml(t.confirm)}</button>
</form>
<p><a href="/admin/login">${escapeHtml(t.otherAccount)}</a></p>`);
}

function enrolPage(res: Response, status: number, t: SecondFactorTexts, enrolment: { secret: string; uri: string }, required: boolean, askPassword: boolean, error?: string): void {
  // The secret in groups of four, as apps ask it to be typed; no QR code (it would need a script or an image service).
  const grouped = enrolment.secret.match(/.{1,4}/g)!.join(' ');
  plainPage(res, status, t.language, t.setupTitle, `${required ? `<p class="error">${escapeHtml(t.required)}</p>` : ''}
<p>${escapeHtml(t.setupIntro)}</p>${message(error)}
<p>${escapeHtml(t.uri)}: <a href="${escapeHtml(enrolment.uri)}">${escapeHtml(enrolment.uri)}</a></p>
<p>${escapeHtml(t.secret)}: <code id="secret">${escapeHtml(grouped)}</code></p>
<form method="post" action="${SETUP_PATH}">
${codeField(t, t.setupCode)}${askPassword ? `
<label for="currentPassword">${escapeHtml(t.currentPassword)}</label><input id="currentPassword" name="currentPassword" type="password" required autocomplete="current-password">` : ''}
<button type="submit">${escapeHtml(t.confirm)}</button>
</form>`);
}

function recoveryPage(res: Response, t: SecondFactorTexts, codes: string[]): void {
  plainPage(res, 200, t.language, t.recoveryTitle, `<p>${escapeHtml(t.recoveryIntro)}</p>
<ul id="recovery-codes">${codes.map((code) => `<li><code>${escapeHtml(code)}</code></li>`).join('')}</ul>
<p><a href="/admin">${escapeHtml(t.continue)}</a></p>`);
}

function managePage(res: Response, status: number, t: SecondFactorTexts, state: { enabledAt: Date; left: number; required: boolean }, error?: string, ok?: string): void {
  plainPage(res, status, t.language, t.setupTitle, `<p>${escapeHtml(t.enabled(state.enabledAt.toISOString().slice(0, 10), state.left))}</p>${message(error, ok)}
<h2>${escapeHtml(t.renew)}</h2><p>${escapeHtml(t.renewIntro)}</p>
<form method="post" action="${SECOND_FACTOR_PATH}/recovery-codes">
${codeField(t, t.setupCode)}
<button type="submit">${escapeHtml(t.renew)}</button>
</form>
${state.required ? `<p>${escapeHtml(t.mustKeep)}</p>` : `<h2>${escapeHtml(t.disable)}</h2><p>${escapeHtml(t.disableIntro)}</p>
<form method="post" action="${SECOND_FACTOR_PATH}/disable">
${codeField(t, t.setupCode)}
<button type="submit">${escapeHtml(t.disable)}</button>
</form>`}
<p><a href="/admin">${escapeHtml(t.back)}</a></p>`);
}

/**
 * The second factor's plain pages (like /register and /admin/account, no script):
 * - `GET|POST /admin/second-factor`: the login step, a code of the app or an unused recovery code;
 *   the login then completes under a new session id;
 * - `GET /admin/second-factor/setup`: the enrolment (the otpauth:// link and the secret as text),
 *   `POST` confirms it with a first code and shows the recovery codes once; once set up, the page
 *   offers new recovery codes (`POST …/recovery-codes`) and, where not required, turning it off
 *   (`POST …/disable`), each confirmed with a code of the app.
 * Forms answer pages, JSON requests JSON; a wrong code 422, too many wrong codes 429 with Retry-After.
 */
export function secondFactorRoutes(sequelize: Sequelize, config: Config, sessionSecret: string): Router {
  const key = secretKeyFrom(sessionSecret);
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '16kb' }), express.json({ limit: '16kb' }));
  router.use((req, res, next) => {
    if (!req.session?.adminUser) return sendRefusal(req, res, 401, msg('logInFirst'));
    next();
  });
  const admin = (req: Request) => req.session.adminUser as SessionAdmin;
  const actorOf = (req: Request): CodeActor => ({ userId: admin(req).userId, organizationId: admin(req).organizationId, view: admin(req).view });
  const texts = async (req: Request) => secondFactorTexts((await User.findByPk(admin(req).userId))?.locale);

  /** A refusal as the page (or JSON) it belongs on; anything else goes on to the error handler. */
  const refused = async (req: Request, res: Response, error: unknown, page: (status: number, message: string) => Promise<void> | void) => {
    if (error instanceof CodesThrottled) res.set('Retry-After', String(error.retryAfterSeconds));
    if (!(error instanceof Refusal) && !(error instanceof CodesThrottled)) throw error;
    const { language } = await texts(req);
    const words = error instanceof Refusal ? error.inLanguage(language) : { message: renderMessage(error.text, language) };
    if (wantsJson(req)) return void res.status(error.statusCode).json({ error: words.message, ...('fields' in words && { fields: words.fields }) });
    return page(error.statusCode, words.message);
  };

  const manage = async (req: Request, res: Response, status = 200, error?: string, ok?: string) => {
    const t = await texts(req);
    const state = await secondFactorStatus(sequelize, admin(req).userId, config.production);
    if (!state.enabledAt) {
      // Just turned off: said so, with the way to set it up again.
      if (ok) {
        return plainPage(res, status, t.language, t.setupTitle, `${message(error, ok)}<p>${escapeHtml(t.notEnabled)}</p>
<p><a href="${SETUP_PATH}">${escapeHtml(t.start)}</a></p><p><a href="/admin">${escapeHtml(t.back)}</a></p>`);
      }
      const enrolment = await beginEnrolment(sequelize, key, { id: admin(req).userId, email: admin(req).email });
      if (wantsJson(req)) return void res.status(status).json({ enabled: false, otpauthUri: enrolment.uri, secret: enrolment.secret, required: state.required });
      return enrolPage(res, status, t, enrolment, state.required, req.session.secondFactor !== 'enrol', error);
    }
    if (wantsJson(req)) return void res.status(status).json({ enabled: true, enabledAt: state.enabledAt, recoveryCodesLeft: state.recoveryCodesLeft, required: state.required });
    managePage(res, status, t, { enabledAt: state.enabledAt, left: state.recoveryCodesLeft, required: state.required }, error, ok);
  };

  router.get('/', async (req, res) => {
    if (req.session.secondFactor !== 'code') return res.redirect(303, SETUP_PATH);
    codePage(res, 200, await texts(req));
  });

  router.post('/', async (req, res) => {
    if (req.session.secondFactor !== 'code') return sendRefusal(req, res, 409, msg('noCodeAwaited'));
    const t = await texts(req);
    let use;
    try {
      use = await checkLoginCode(sequelize, key, actorOf(req), req.body?.code);
    } catch (error) {
      return refused(req, res, error, (status, text) => codePage(res, status, t, text));
    }
    // The login is complete: under a new session id.
    await renewSessionId(req, (sess) => { delete sess.secondFactor; });
    if (wantsJson(req)) return res.json({ ok: true, ...use });
    if (use.used === 'recovery') {
      return plainPage(res, 200, t.language, t.loginTitle, `<p class="ok">${escapeHtml(t.recoveryUsed(use.recoveryCodesLeft))}</p>
<p><a href="${SETUP_PATH}">${escapeHtml(t.renew)}</a></p><p><a href="/admin">${escapeHtml(t.continue)}</a></p>`);
    }
    res.redirect(303, '/admin');
  });

  // The set-up and management pages are not part of a login waiting for its code.
  router.use('/', (req, res, next) => {
    if (req.session.secondFactor === 'code') return req.method === 'GET' ? res.redirect(303, SECOND_FACTOR_PATH) : sendRefusal(req, res, 403, msg('enterCodeFirst'));
    next();
  });

  router.get('/setup', async (req, res) => {
    try {
      await manage(req, res);
    } catch (error) {
      return refused(req, res, error, async (status, text) => manage(req, res, status, text));
    }
  });

  router.post('/setup', async (req, res) => {
    const t = await texts(req);
    let codes: string[];
    try {
      codes = await confirmEnrolment(sequelize, key, actorOf(req), { code: req.body?.code, currentPassword: req.body?.currentPassword },
        { keepSession: req.sessionID, passwordProven: req.session.secondFactor === 'enrol' });
    } catch (error) {
      return refused(req, res, error, async (status, text) => manage(req, res, status, text));
    }
    // The enrolment proved the factor: a login that waited for it is complete, under a new session id.
    await renewSessionId(req, (sess) => { delete sess.secondFactor; });
    if (wantsJson(req)) return res.json({ recoveryCodes: codes });
    recoveryPage(res, t, codes);
  });

  // Only a complete login manages its second factor.
  router.use('/', (req, res, next) => {
    if (req.session.secondFactor) return sendRefusal(req, res, 403, msg('setUpSecondFactorFirst'));
    next();
  });

  router.post('/recovery-codes', async (req, res) => {
    const t = await texts(req);
    let codes: string[];
    try {
      codes = await renewRecoveryCodes(sequelize, key, actorOf(req), req.body?.code);
    } catch (error) {
      return refused(req, res, error, async (status, text) => manage(req, res, status, text));
    }
    if (wantsJson(req)) return res.json({ recoveryCodes: codes });
    recoveryPage(res, t, codes);
  });

  router.post('/disable', async (req, res) => {
    const t = await texts(req);
    try {
      await disableSecondFactor(sequelize, key, actorOf(req), req.body?.code, config.production);
    } catch (error) {
      return refused(req, res, error, async (status, text) => manage(req, res, status, text));
    }
    if (wantsJson(req)) return res.json({ enabled: false });
    await manage(req, res, 200, undefined, t.disabled);
  });
  return router;
}
