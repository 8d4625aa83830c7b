import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import AdminJS, { type AdminJSOptions } from 'adminjs';
import AdminJSExpress from '@adminjs/express';
import * as AdminJSSequelize from '@adminjs/sequelize';
import type { Sequelize } from 'sequelize';
import pg from 'pg';
import type { Config } from '../models/config.ts';
import { adminResources } from './resources.ts';
import { authenticator } from './login.ts';
import { contextRoutes } from './context-routes.ts';
import { statementDownloads } from './statement-downloads.ts';
import { STATEMENT_DOWNLOAD_ROOT } from './statement-actions.ts';
import { LICENSE_REPORT_ROOT, licenseReportRoutes } from './license-report.ts';
import { ERASURE_ROUTES } from './erasure-actions.ts';
import { erasureRoutes } from './erasure-routes.ts';
import { registrationRoutes } from './registration-routes.ts';
import { setupRoutes } from './setup-routes.ts';
import { healthRoute } from './health-route.ts';
import { ACCOUNT_PATH, accountRoutes, requireOwnPassword } from './account-routes.ts';
import { requestGuards } from './request-guards.ts';
import { declaredBodyLimit } from './body-limits.ts';
import { loginThrottle } from './login-throttle.ts';
import { sessionSecret } from './session-secret.ts';
import { panelSession } from './sessions.ts';
import { SECOND_FACTOR_PATH, secondFactorGate, secondFactorRoutes } from './second-factor-routes.ts';
import { sessionActor } from './actor.ts';
import { sweepStaleUploads, uploadDirectory } from './uploaded-file.ts';
import { fontFiles, securityHeaders } from './security-headers.ts';
import { sameOriginWrites } from './same-origin.ts';
import { isConnectionError } from '../models/connection-errors.ts';
import { FONT_ROOT, PORTAL_ASSETS, portalLayout } from './page-layout.ts';
import { panelLocale } from './panel-locale.ts';
import { logoutRoutes } from './logout-routes.ts';
import { API_ROOT, apiRouter } from './api-router.ts';
import { componentLoader } from './components/index.ts';
import { COMPONENTS_BUNDLE, componentBundle } from './component-bundle.ts';
import { dashboardOption } from './dashboard.ts';
import { Refusal } from '../services/refusal.ts';
import { can, RESOURCES, type ResourceId } from '../models/domain/policy.ts';
import './session-admin.ts';
import { sessionLanguage } from './request-language.ts';
import { msg, renderMessage } from '../templates/messages.ts';
import { sendRefusal, textOf } from './refusal-json.ts';

AdminJS.registerAdapter({ Resource: AdminJSSequelize.Resource, Database: AdminJSSequelize.Database });

const ROOT = '/admin';
export const PRODUCT_NAME = 'Channel License Portal';
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * AdminJS's design colours where its defaults fail WCAG AA contrast (4.5:1 for text, axe-core's
 * color-contrast): grey60 (labels, breadcrumbs: #898A9A, 3.2–3.4:1) and grey40 (the background of
 * value badges under white text: #BBC3CB, 1.8:1) are darkened; inputs and separators keep their own.
 */
const PANEL_THEME = { colors: { grey60: '#5F6070', grey40: '#5F6B7A' } };

/** Errors as a status and a message, never a stack trace: 404 for what is out of reach, 403 for what is not allowed. */
function apiErrors(error: Error & { statusCode?: number; status?: number; fields?: Record<string, string>; baseMessage?: unknown }, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  // The database away (restarting, unreachable): 503, worth trying again shortly; the pool reconnects.
  const unavailable = isConnectionError(error);
  const status = unavailable ? 503 : error.statusCode ?? error.status ?? 500;
  if (unavailable) {
    console.error(`[panel] ${req.method} ${req.originalUrl}: database unavailable (${error.message})`);
    res.set('Retry-After', '5');
  } else if (status >= 500) console.error(error);
  // AdminJS's errors keep the reason in baseMessage (their message is "You cannot perform this action", or the reason with a link to its docs).
  // A refusal in the reader's language, and AdminJS's errors where the panel gave them a message; its others as they come.
  const language = sessionLanguage(req);
  const words = error instanceof Refusal ? error.inLanguage(language) : null;
  const text = textOf(error);
  const reason = words?.message ?? (text ? renderMessage(text, language) : typeof error.baseMessage === 'string' && error.baseMessage ? error.baseMessage : error.message);
  const message = unavailable ? renderMessage(msg('databaseAway'), language)
    : status >= 500 ? renderMessage(msg('ourFault'), language) : reason;
  // A refusal names its fields (or lists a document's problems); the notice is the shape AdminJS's own responses carry.
  res.status(status).json({
    error: message,
    ...(status < 500 && (words?.fields ?? error.fields) && { fields: words?.fields ?? error.fields }),
    ...(words && words.errors.length > 0 && { errors: words.errors }),
    notice: { message, type: 'error' },
  });
}

/** A resource the active view may not read answers 403 on every route, before AdminJS sees the request. */
function resourceGuard(req: Request, res: Response, next: NextFunction): void {
  const actor = sessionActor(req.session?.adminUser);
  const resource = req.params.resourceId as ResourceId;
  if (actor && (RESOURCES as readonly string[]).includes(resource) && !can(actor, resource, 'read')) {
    sendRefusal(req, res, 403, msg('noAccessToResource'));
    return;
  }
  next();
}

const ERROR_STATUS: Record<string, number> = { ForbiddenError: 403, NotFoundError: 404, ValidationError: 422 };

/**
 * AdminJS answers an action it refuses (not accessible, a validation error) with 200 and an error
 * inside the body; the HTTP status says so here, so no client mistakes a refusal for success.
 */
function refusalStatus(req: Request, res: Response, next: NextFunction): void {
  const json = res.json.bind(res);
  // A list or search carries its rows beside an error that only says a filter's referenced record is
  // out of reach; a resource the view may not list at all was refused before (resourceGuard).
  const listing = /\/actions\/(list|search)(\/|$)/.test(req.path);
  res.json = (body: { record?: { baseError?: { type?: string } | null; errors?: Record<string, unknown> } }) => {
    const record = body?.record;
    // A record handed back with errors (a ValidationError thrown by a resource) was not saved.
    const status = listing ? undefined
      : ERROR_STATUS[record?.baseError?.type ?? ''] ?? (record?.baseError || Object.keys(record?.errors ?? {}).length > 0 ? 422 : undefined);
    if (status && res.statusCode === 200) res.status(status);
    return json(body);
  };
  next();
}

export interface Panel {
  app: Express;
  close(): Promise<void>;
}

export async function buildPanel(config: Config, sequelize: Sequelize, databaseUrl: string): Promise<Panel> {
  const admin = new AdminJS({
    rootPath: ROOT,
    resources: adminResources(config),
    branding: { companyName: PRODUCT_NAME, withMadeWithLove: false, logo: `${PORTAL_ASSETS}/logo.svg`, favicon: `${PORTAL_ASSETS}/logo.svg`, theme: PANEL_THEME },
    locale: panelLocale as unknown as AdminJSOptions['locale'],
    componentLoader,
    dashboard: dashboardOption(sequelize, config),
    assets: {
      styles: ['/portal-assets/portal.css'],
      scripts: ['/portal-assets/portal-texts.js', '/portal-assets/post-actions.js', '/portal-assets/context-switcher.js', '/portal-assets/statement-downloads.js', '/portal-assets/file-actions.js', '/portal-assets/license-report.js', '/portal-assets/dom-changes.js', '/portal-assets/modal.js', '/portal-assets/previews.js', '/portal-assets/confirmations.js', '/portal-assets/accessible-names.js', '/portal-assets/keyboard-access.js', '/portal-assets/refusal-notices.js'],
    },
  });
  // Before the router below starts AdminJS (which would bundle at start in production).
  const components = await componentBundle(admin, config.production);
  const sessionPool = new pg.Pool({ connectionString: databaseUrl, max: 5 });
  // An idle connection the server drops (a restart, a network cut) is an 'error' event on the pool;
  // unheard, it ends the process. The pool discards that connection and opens a new one when needed.
  sessionPool.on('error', (error) => console.error(`[panel] session store connection lost: ${error.message}`));
  const secret = await sessionSecret(config.sessionSecret, config.dataDir);
  const sessionMiddleware = panelSession(config, sessionPool, secret);
  const router = AdminJSExpress.buildAuthenticatedRouter(admin, {
    authenticate: authenticator(sequelize, config),
    cookiePassword: secret,
    cookieName: 'portal.sid',
  }, null, { secret, resave: false, saveUninitialized: false });
  // Bodies are parsed by requestGuards (AdminJS then skips them): uploads land in the private upload
  // folder, where the actions look for them (uploaded-file.ts).
  const uploadDir = uploadDirectory(config.dataDir);
  const swept = await sweepStaleUploads(uploadDir);
  if (swept > 0) console.log(`Deleted ${swept} upload(s) older than an hour left in ${uploadDir} by a stopped process.`);

  const app = express();
  app.disable('x-powered-by');
  if (config.publicUrl.startsWith('https://')) app.set('trust proxy', 1);
  app.use(securityHeaders(config.publicUrl));
  app.use('/health', healthRoute(sequelize));
  // Bearer tokens only: no session, no cookie, so no cross-site guard (admin/api-auth.ts).
  app.use(API_ROOT, apiRouter(sequelize, config));
  app.use(['/admin', '/register', '/setup'], sameOriginWrites(config.publicUrl));
  app.use(FONT_ROOT, fontFiles());
  app.use('/portal-assets', express.static(path.join(here, 'public'), { fallthrough: false }));
  app.use([ROOT, '/register'], declaredBodyLimit);
  app.use(ROOT, sessionMiddleware);
  app.use(`${ROOT}/logout`, logoutRoutes(ROOT, `${ROOT}/login`, 'portal.sid'));
  app.use(ROOT, secondFactorGate);
  app.use(SECOND_FACTOR_PATH, secondFactorRoutes(sequelize, config, secret));
  app.use(ACCOUNT_PATH, accountRoutes(sequelize, config.loginThrottleWindowMinutes));
  app.use(ROOT, requireOwnPassword);
  app.use(`${ROOT}/context`, contextRoutes(sequelize, ROOT));
  app.use(STATEMENT_DOWNLOAD_ROOT, statementDownloads(sequelize, config.timezone));
  app.use(LICENSE_REPORT_ROOT, licenseReportRoutes(sequelize, config.timezone));
  app.use(ERASURE_ROUTES, erasureRoutes(sequelize, config));
  // The invitation link: outside /admin, before any session exists.
  app.use('/register', registrationRoutes(sequelize));
  app.use('/setup', setupRoutes(sequelize, config));
  app.use([`${ROOT}/api/resources/:resourceId`, `${ROOT}/resources/:resourceId`], resourceGuard);
  app.use(`${ROOT}/api`, refusalStatus);
  app.use(ROOT, requestGuards(admin, { uploadDir }));
  app.use(ROOT, portalLayout(admin));
  app.get(`${ROOT}${COMPONENTS_BUNDLE}`, components);
  app.use(`${ROOT}/login`, loginThrottle(sequelize, admin, config.loginThrottleWindowMinutes));
  app.use(ROOT, router);
  app.get('/', (_req, res) => res.redirect(ROOT));
  app.use(apiErrors);
  return { app, close: () => sessionPool.end() };
}
