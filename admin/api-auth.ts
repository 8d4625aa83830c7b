import type { RequestHandler, Response } from 'express';
import type { Sequelize } from 'sequelize';
import type { Config } from '../models/config.ts';
import type { Actor } from '../models/domain/policy.ts';
import { calendarDateIn } from '../models/domain/vendor-time.ts';
import { tokenActor } from '../services/api-tokens.ts';
import { Refusal } from '../services/refusal.ts';
import { problem, sendProblem } from './api-problems.ts';

/** The token of `Authorization: Bearer <token>` (the scheme in any case), or null. */
function bearerOf(header: string | undefined): string | null {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

/**
 * Every API request but the OpenAPI document names its token; the actor it stands for is kept for
 * the route (`apiActor`). No session and no cookie is read or set: a browser on another site cannot
 * make a request carry the token, so the API needs no cross-site guard (admin/same-origin.ts guards
 * the panel, whose cookie travels by itself). 401 with `WWW-Authenticate`, 429 with `Retry-After`
 * once the token's window is used up; each answer carries the window's `RateLimit-*` headers.
 */
export function bearerToken(db: Sequelize, config: Config): RequestHandler {
  return async (req, res, next) => {
    try {
      const use = await tokenActor(db, bearerOf(req.get('authorization')), {
        today: calendarDateIn(new Date(), config.timezone), limit: config.apiRateLimit, windowSeconds: config.apiRateWindowSeconds,
      });
      if (!use.ok) {
        res.set('Retry-After', String(use.retryAfterSeconds));
        return sendProblem(res, problem(429, `This token made more than ${config.apiRateLimit} requests within ${config.apiRateWindowSeconds} s; try again in ${use.retryAfterSeconds} s.`));
      }
      res.set({ 'RateLimit-Limit': String(use.limit), 'RateLimit-Remaining': String(use.remaining), 'RateLimit-Reset': String(use.resetSeconds), 'Cache-Control': 'no-store' });
      res.locals.apiActor = use.actor;
      next();
    } catch (error) {
      if (error instanceof Refusal && error.statusCode === 401) res.set('WWW-Authenticate', 'Bearer realm="api"');
      next(error);
    }
  };
}

export function apiActor(res: Response): Actor {
  return res.locals.apiActor as Actor;
}
