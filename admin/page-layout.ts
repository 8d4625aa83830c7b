import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import {
  AppController, Router as AdminRouter, ViewHelpers, createStore, getAssets, getBranding, getLocales,
  initializeAssets, initializeBranding, initializeLocale, initializeStore, type CurrentAdmin,
} from 'adminjs';
import type AdminJS from 'adminjs';
import { combineStyles } from '@adminjs/design-system';
import { escapeHtml } from './plain-page.ts';
import { RESOURCES, type ResourceId } from '../models/domain/policy.ts';
import type { Language } from '../templates/formats.ts';
import { panelTexts } from '../templates/panel-texts.ts';
import { formsForActor } from './form-fields.ts';
import { withPropertyColumns } from './property-column-fields.ts';
import { browserLanguage } from './request-language.ts';

/** Where the portal's own static files are served (panel.ts), the self-hosted Roboto below it. */
export const PORTAL_ASSETS = '/portal-assets';
export const FONT_ROOT = `${PORTAL_ASSETS}/fonts/roboto`;

/**
 * A value as JSON that can stand inside a <script> element: `<`, `>` and `&` (so neither
 * `</script>` nor `<!--` can end or alter the element) and U+2028/2029 (line ends in old JS
 * parsers) are written as \u escapes, which JSON.parse reads back unchanged.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value ?? null).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const dataBlock = (id: string, value: unknown) => `<script type="application/json" id="${id}">${scriptJson(value)}</script>`;
const scriptTag = (src: string, attributes = '') => `<script src="${escapeHtml(src)}"${attributes}></script>`;
const styleTag = (href: string) => `<link rel="stylesheet" type="text/css" href="${escapeHtml(href)}">`;

/** Roboto in the weights AdminJS asks for, served from @fontsource/roboto instead of a third party. */
const FONTS = [300, 400, 500, 700].map((weight) => styleTag(`${FONT_ROOT}/${weight}.css`)).join('\n');

interface Page {
  language: string;
  title: string;
  favicon?: string;
  /** Data blocks: JSON the browser never executes; boot.js reads them into the globals AdminJS expects. */
  data: Record<string, unknown>;
  head: string[];
  app: 'panel' | 'login';
  scripts: string[];
}

/**
 * The page shell of AdminJS's layout and login templates without their two weaknesses: the state
 * travels in JSON data blocks (escaped, never executed) instead of an inline script that wrote
 * `JSON.stringify(state)` unescaped, and nothing is loaded from another origin (AdminJS linked
 * Google Fonts). The page holds no inline script at all, so the Content-Security-Policy allows
 * scripts from the panel's own origin only (security-headers.ts).
 */
function shell(page: Page): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(page.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<title>${escapeHtml(page.title)}</title>
${page.favicon ? `<link rel="icon" href="${escapeHtml(page.favicon)}">` : ''}
${Object.entries(page.data).map(([id, value]) => dataBlock(id, value)).join('\n')}
${scriptTag(`${PORTAL_ASSETS}/boot.js`)}
${FONTS}
${styleTag(`${PORTAL_ASSETS}/layout.css`)}
${page.head.join('\n')}
</head>
<body>
<div id="app" data-app="${page.app}"></div>
${scriptTag(`${PORTAL_ASSETS}/start.js`)}
${page.scripts.map((src) => scriptTag(src)).join('\n')}
</body>
</html>
`;
}

const coreScripts = (h: ViewHelpers, assets: Parameters<ViewHelpers['assetPath']>[1]) =>
  ['global.bundle.js', 'design-system.bundle.js', 'app.bundle.js', 'components.bundle.js'].map((name) => scriptTag(h.assetPath(name, assets)));

/** The browser tab's title: the resource a page shows (`/admin/resources/<id>/…`), then the product. */
export function pageTitle(path: string, language: string, product: string): string {
  const id = /^\/admin\/resources\/([^/]+)/.exec(path)?.[1] as ResourceId | undefined;
  const resource = id && (RESOURCES as readonly string[]).includes(id) ? panelTexts(language).resources[id].name : null;
  return resource ? `${resource} – ${product}` : product;
}

/** The panel's page for the logged-in user (AdminJS's layout-template.js, rendered safely), in the user's language. */
export async function renderPanel(admin: AdminJS, currentAdmin: CurrentAdmin, path = ''): Promise<string> {
  const h = new ViewHelpers({ options: admin.options });
  const state = (await initializeStore(admin, currentAdmin)).getState();
  const { branding, assets, locale, theme } = state;
  return shell({
    language: locale.language,
    title: pageTitle(path, locale.language, branding.companyName ?? ''),
    favicon: branding.favicon,
    data: { 'portal-state': { ...state, resources: await withPropertyColumns(formsForActor(state.resources, currentAdmin), currentAdmin) }, 'portal-theme': combineStyles(branding.theme, theme?.overrides) },
    head: [
      ...coreScripts(h, assets),
      ...(theme ? [scriptTag(h.assetPath(`themes/${theme.id}/theme.bundle.js`, assets))] : []),
      ...(assets?.styles ?? []).map(styleTag),
      ...(theme ? [styleTag(h.assetPath(`themes/${theme.id}/style.css`, assets))] : []),
    ],
    app: 'panel',
    scripts: assets?.scripts ?? [],
  });
}

/** The language of the login page being rendered: the browser's (German or English), as nobody is logged in yet. */
const loginLanguage = new AsyncLocalStorage<Language>();

/**
 * The login page (AdminJS's login-template.js, rendered safely) in `language`: `attributes` carry
 * the form's action and error.
 */
export async function renderLogin(admin: AdminJS, attributes: Record<string, unknown> = {}, language: Language = 'en'): Promise<string> {
  const h = new ViewHelpers({ options: admin.options });
  const store = createStore();
  const [branding, assets, locale] = await Promise.all([getBranding(admin), getAssets(admin), getLocales(admin, { email: '', locale: language })]);
  store.dispatch(initializeBranding(branding));
  store.dispatch(initializeAssets(assets));
  store.dispatch(initializeLocale(locale));
  const state = store.getState();
  return shell({
    language: state.locale.language,
    title: branding.companyName ?? '',
    favicon: branding.favicon,
    data: { 'portal-state': state, 'portal-theme': combineStyles(branding.theme), 'portal-login': attributes },
    head: [...coreScripts(h, assets), ...(assets?.styles ?? []).map(styleTag)],
    app: 'login',
    scripts: assets?.scripts ?? [],
  });
}

const DESIGN_SYSTEM = '/frontend/assets/design-system.bundle.js';
/** webpack's global lookup: strict code gets no `this`, so it tried eval first (blocked, caught, reported). */
const EVAL_FOR_GLOBAL = 'new Function("return this")()';

/**
 * AdminJS's design-system bundle finds the global object with `new Function("return this")()`
 * inside a try/catch: under the policy's `script-src 'self'` the eval is blocked, the catch falls
 * back to `window`, and the browser reports a policy violation on every page. The same file is
 * served with that expression written as `globalThis` (what it evaluates to), so nothing is
 * blocked or reported; everything else is the bundle AdminJS would serve.
 */
function designSystemBundle(): express.RequestHandler {
  const source = AdminRouter.assets.find((asset) => asset.path === DESIGN_SYSTEM)?.src;
  let patched: Promise<{ body: string; etag: string }> | undefined;
  return async (_req, res, next) => {
    if (!source) return next();
    try {
      patched ??= fs.readFile(source, 'utf8').then((text) => {
        const body = text.split(EVAL_FOR_GLOBAL).join('globalThis');
        return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
      });
      const { body, etag } = await patched;
      res.type('application/javascript').set('ETag', etag).send(body);
    } catch (error) {
      next(error);
    }
  };
}

const expressPath = (adminPath: string) => adminPath.replace(/{([^}]+)}/g, ':$1') || '/';

/**
 * Serves AdminJS's own pages (the ones its AppController renders: dashboard, resource, action and
 * custom pages) with renderPanel, and replaces its login page renderer. Mounted before AdminJS's
 * router; a request without a session falls through to it (the redirect to the login page).
 */
export function portalLayout(admin: AdminJS): Router {
  // AdminJS renders the login page without the request: its language travels beside the call.
  admin.renderLogin = (attributes) => renderLogin(admin, attributes as unknown as Record<string, unknown>, loginLanguage.getStore());
  const pages = AdminRouter.routes
    .filter((route) => route.Controller === AppController && route.method === 'GET' && route.action !== 'bundleComponents')
    .map((route) => expressPath(route.path));
  const router = express.Router();
  router.get(DESIGN_SYSTEM, designSystemBundle());
  router.use('/login', (req, _res, next) => loginLanguage.run(browserLanguage(req), next));
  router.get(pages, async (req: Request, res: Response, next: NextFunction) => {
    const currentAdmin = req.session?.adminUser;
    if (!currentAdmin) return next();
    try {
      res.type('html').send(await renderPanel(admin, currentAdmin as CurrentAdmin, req.originalUrl));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
