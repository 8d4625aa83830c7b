import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Sequelize } from 'sequelize';
import type { Config } from '../models/config.ts';
import type { Actor } from '../models/domain/policy.ts';
import { licenseReportInput, listLicenses, readLicense } from '../services/license-export.ts';
import { listInScope } from '../services/cursor-page.ts';
import { licenseReportFile, statementFile, type DownloadFile } from '../services/files.ts';
import { sendFile } from './scoped-file-route.ts';
import { notFound } from '../services/refusal.ts';
import { BODY_LIMIT } from './body-limits.ts';
import { apiActor, bearerToken } from './api-auth.ts';
import { apiLicenseOperation } from './api-license-operations.ts';
import { apiProblems, problem, sendProblem } from './api-problems.ts';
import { openApiDocument } from './api-openapi.ts';
import { msg } from '../templates/messages.ts';

export const API_ROOT = '/api/v1';

type Handler = (actor: Actor, req: Request) => Promise<unknown>;

const answer = (handler: Handler) => async (req: Request, res: Response, next: NextFunction) => {
  try {
    res.json(await handler(apiActor(res), req));
  } catch (error) {
    next(error);
  }
};

const download = (make: (actor: Actor, req: Request) => Promise<DownloadFile>) => async (req: Request, res: Response, next: NextFunction) => {
  try {
    await sendFile(res, await make(apiActor(res), req));
  } catch (error) {
    next(error);
  }
};

/**
 * A method the path does not serve: 405 with `Allow` (RFC 9110) and a problem, before the token is
 * read (which methods a path has is public: the OpenAPI document says so). The methods are the
 * document's, which test/api-openapi.test.ts holds equal to the routes; Express answers HEAD for GET.
 */
function methodNotAllowed(router: Router): void {
  for (const [path, item] of Object.entries((openApiDocument() as { paths: Record<string, object> }).paths)) {
    const methods = Object.keys(item).map((m) => m.toUpperCase());
    const allowed = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
    router.all(path.replace(/\{(\w+)\}/g, ':$1'), (req, res, next) => {
      if (allowed.includes(req.method)) return next();
      res.set('Allow', allowed.join(', '));
      sendProblem(res, problem(405, `${req.method} is not allowed on ${API_ROOT}${req.path}; allowed: ${allowed.join(', ')}.`));
    });
  }
}

/**
 * The REST API (mounted at API_ROOT): glue only. Each route hands the token's actor to the service
 * the panel uses, so scope, field rules and refusals are the panel's; errors are problem details.
 * Every route is listed in the OpenAPI document (admin/api-openapi.ts; test/api-openapi.test.ts
 * compares both ways).
 */
export function apiRouter(db: Sequelize, config: Config): Router {
  const router = express.Router({ caseSensitive: true, strict: false });
  methodNotAllowed(router);
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  router.use(bearerToken(db, config));
  router.use(express.json({ limit: BODY_LIMIT }));

  router.get('/licenses', answer((actor, req) => listLicenses(db, actor, req.query, config.timezone)));
  router.get('/licenses.csv', download((actor, req) => licenseReportFile(db, actor, licenseReportInput(req.query), 'csv', config.timezone)));
  router.get('/licenses/:id', answer((actor, req) => readLicense(db, actor, req.params.id)));
  router.post('/licenses/:id/:operation', answer((actor, req) => apiLicenseOperation(db, config, actor, String(req.params.id), String(req.params.operation), req.body)));
  router.get('/subscriptions', answer((actor, req) => listInScope(db, actor, 'subscriptions', req.query)));
  router.get('/statements', answer((actor, req) => listInScope(db, actor, 'statements', req.query)));
  router.get('/statements/:id.pdf', download((actor, req) => statementFile(db, actor, req.params.id, 'pdf', config.timezone)));
  router.get('/statements/:id.csv', download((actor, req) => statementFile(db, actor, req.params.id, 'csv', config.timezone)));

  router.use((req, _res, next) => next(notFound(msg('address', { method: req.method, path: `${API_ROOT}${req.path}` }))));
  router.use(apiProblems);
  return router;
}
