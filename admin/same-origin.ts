import type { RequestHandler } from 'express';
import { msg } from '../templates/messages.ts';
import { sendRefusal } from './refusal-json.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host (with port) an Origin header names, or null for `null` and anything unparsable. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}

/**
 * Refuses cross-site writes (403) the way Go's net/http CrossOriginProtection does: a request
 * that may change something (any method but GET, HEAD, OPTIONS) passes when the browser says it
 * is same-origin or user-initiated (Sec-Fetch-Site: same-origin / none); without Sec-Fetch-Site
 * (older browsers) when its Origin names the host it was sent to; and always when its Origin is
 * the configured PUBLIC_URL (a proxy in front may change the Host). A request carrying neither
 * header comes from no browser (curl, the CLI, an API client) and passes: a browser cannot send
 * a cross-site write without them. Whatever the session cookie's SameSite, a form on another
 * site cannot post here.
 */
export function sameOriginWrites(publicUrl: string): RequestHandler {
  const trusted = new URL(publicUrl).origin;
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    if (site === 'same-origin' || site === 'none') return next();
    if (site === undefined && origin === undefined) return next();
    if (site === undefined && origin !== undefined && hostOf(origin) === req.get('host')?.toLowerCase()) return next();
    if (origin === trusted) return next();
    sendRefusal(req, res, 403, msg('otherSite'));
  };
}
