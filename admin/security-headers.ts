import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The headers of every answer (helmet):
 * - Content-Security-Policy: scripts, styles, fonts, images and connections from the panel's own
 *   origin only (no third party at all). The pages carry no inline script (page-layout.ts), so
 *   `script-src 'self'` needs neither a nonce nor a hash; styles allow inline because AdminJS's
 *   components (styled-components, react-select) insert <style> elements at run time. No framing
 *   (`frame-ancestors 'none'`, also X-Frame-Options: DENY), no plugins, no <base>, forms only to
 *   the panel itself.
 * - X-Content-Type-Options: nosniff; Referrer-Policy: same-origin (no address leaves the site;
 *   the plain pages whose address carries a token send none at all, plain-page.ts).
 * - Strict-Transport-Security when the panel is reached through https (PUBLIC_URL), never for a
 *   plain-http installation, where it would be wrong.
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  const https = publicUrl.startsWith('https://');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * Roboto, the font AdminJS's design asks for, from the @fontsource/roboto package (its CSS files
 * and the font files they name) instead of Google Fonts: no request leaves the server.
 */
export function fontFiles(): RequestHandler {
  const root = path.dirname(createRequire(import.meta.url).resolve('@fontsource/roboto/package.json'));
  const files = express.static(root, { fallthrough: false, immutable: true, maxAge: '30d', index: false });
  return (req, res, next) => {
    if (!/^\/(?:[\w-]+\.css|files\/[\w-]+\.woff2?)$/.test(req.path)) return void res.status(404).end();
    files(req, res, next);
  };
}
