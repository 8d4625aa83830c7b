import { createRequire } from 'node:module';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { flat, type BaseResource } from 'adminjs';
import type AdminJS from 'adminjs';
import type { ScopedResource } from './scoped-resource.ts';
import { BodyRefusal, drainRefusedBody, uploadLimits } from './body-limits.ts';
import { sendRefusal } from './refusal-json.ts';

// Untyped CommonJS: the body parser @adminjs/express runs on every /admin request.
const formidable = createRequire(import.meta.url)('express-formidable') as (options?: object) => RequestHandler;

/** AdminJS caps a list page at 500 rows; the search action takes perPage as given. */
const PER_PAGE_LIMIT = 500;

type ParsedRequest = Request & { fields?: Record<string, unknown>; files?: Record<string, unknown> };

function refuse(res: Response, status: number, message: string): void {
  res.status(status).json({ error: message });
}

function bodyProblem(error: unknown): [number, string] {
  if (error instanceof SyntaxError) return [400, 'The request body is not valid JSON.'];
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('bad content-type header')) {
    return [415, 'Send the body as JSON or as a form (urlencoded, or multipart/form-data with its boundary).'];
  }
  if (message.includes('exceeded')) return [413, 'The request body is too large.'];
  return [400, 'The request body could not be read.'];
}

/**
 * Parses the body here, with the parser @adminjs/express uses (which then skips a parsed body, so
 * parser options belong here, not in buildAuthenticatedRouter), because formidable 1 answers a
 * malformed JSON body with next(error) twice and then next(), and other unreadable bodies with
 * next(error) twice: the panel sent a 500 and the second call destroyed the socket. Here only the
 * first outcome counts, and it is a 4xx. The limits and the removal of the request's files are
 * body-limits.ts's; a refused body's rest is discarded as it arrives.
 */
function parseBodyOnce(uploadDir: string): RequestHandler {
  return (req: ParsedRequest, res, next) => {
    let settled = false;
    formidable(uploadLimits(req, res, uploadDir))(req, res, (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (!error) return next();
      if (error instanceof BodyRefusal) sendRefusal(req, res, error.status, error.text);
      else refuse(res, ...bodyProblem(error));
      drainRefusedBody(req);
    });
  };
}

/**
 * AdminJS looks parameter names (and the parts of dotted filter names) up in plain objects: a name
 * like "constructor" found Object's constructor and crashed.
 */
const noInheritedNames: RequestHandler = (req: ParsedRequest, res, next) => {
  const names = [...Object.keys(req.query), ...Object.keys(req.fields ?? {}), ...Object.keys(req.files ?? {})];
  const inherited = names.find((name) => name.split(/\.|~~/).some((part) => part in Object.prototype));
  if (inherited) return refuse(res, 400, `"${inherited}" cannot be a parameter name.`);
  next();
};

/**
 * Actions find an upload's temporary file through its `path` in the payload, where a JSON body's
 * objects land too: {"document": {"path": "/etc/passwd"}} passed for an uploaded file (the import
 * quoted the file's first bytes in its error). Only a multipart upload carries a path.
 */
const noForgedUploads: RequestHandler = (req: ParsedRequest, res, next) => {
  const forged = Object.entries(req.fields ?? {}).find(([, value]) => value !== null && typeof value === 'object'
    && (Object.hasOwn(value, 'path') || Object.hasOwn(value, 'filepath')));
  if (forged) return refuse(res, 400, `The field "${forged[0]}" is not an uploaded file: send files as multipart/form-data.`);
  next();
};

const isField = (resource: BaseResource, name: unknown) =>
  typeof name === 'string' && (Object.hasOwn(resource.decorate().properties, name) || Boolean((resource as Partial<ScopedResource>).isListColumn?.(name)));

/**
 * The list offset is (page - 1) × page size; it must stay a safe integer (PostgreSQL's bigint is
 * larger still). The page size is at most 500 in a list and perPage as given in a search.
 */
function pageProblem(page: unknown, perPage: unknown): string | null {
  const size = Math.max(PER_PAGE_LIMIT, Math.abs(Number(perPage)) || 0);
  const last = Math.floor(Number.MAX_SAFE_INTEGER / size) + 1;
  const n = typeof page === 'string' && /^\d+$/.test(page) ? Number(page) : NaN;
  return n >= 1 && n <= last ? null : `page must be a whole number from 1 to ${last}.`;
}

/** Paging and sorting parameters, read as AdminJS reads them (flat.unflatten of the query). */
function queryProblem(resource: BaseResource, query: Record<string, unknown>): string | null {
  const given = (value: unknown) => value !== undefined && value !== '';
  const { page, perPage, sortBy, direction, searchProperty } = query;
  if (given(page)) {
    const problem = pageProblem(page, perPage);
    if (problem) return problem;
  }
  if (given(sortBy) && !isField(resource, sortBy)) return `sortBy must be the name of a field of ${resource.id()}.`;
  if (given(searchProperty) && !isField(resource, searchProperty)) return `searchProperty must be the name of a field of ${resource.id()}.`;
  if (given(direction) && direction !== 'asc' && direction !== 'desc') return 'direction must be asc or desc.';
  return null;
}

type Kind = 'resource' | 'record' | 'bulk';
const KIND_TEST = { resource: 'isResourceType', record: 'isRecordType', bulk: 'isBulkType' } as const;

/**
 * What AdminJS would answer with a 500 or a stack trace, or take at face value, answered first with
 * a 4xx: a body it cannot read, parameter names it cannot look up, a JSON object posing as an
 * upload, an unknown resource or action (or an action called on the wrong route), an id no record
 * can have, and paging and sorting it cannot do.
 */
/** Where uploads land: a private folder the actions check (uploaded-file.ts). */
export interface ParserOptions { uploadDir: string }

export function requestGuards(admin: AdminJS, parser: ParserOptions): Router {
  const router = express.Router();
  router.use(parseBodyOnce(parser.uploadDir), noInheritedNames, noForgedUploads);

  const resourceOf = (req: Request) => admin.resources.find((r) => r.id() === req.params.resourceId);
  // A caller without a session is AdminJS's to send to the login page.
  const loggedIn = (req: Request) => Boolean(req.session?.adminUser);

  router.use('/api/resources/:resourceId', (req, res, next) => {
    if (!loggedIn(req)) return next();
    const resource = resourceOf(req);
    if (!resource) return refuse(res, 404, `There is no resource "${req.params.resourceId}".`);
    const problem = queryProblem(resource, flat.unflatten(req.query) as Record<string, unknown>);
    if (problem) return refuse(res, 400, problem);
    next();
  });

  const action = (kind: Kind): RequestHandler => (req, res, next) => {
    const resource = resourceOf(req);
    if (!loggedIn(req) || !resource) return next();
    const decorated = resource.decorate();
    const name = String(req.params.action);
    const found = Object.hasOwn(decorated.actions, name) ? decorated.actions[name] : undefined;
    if (!found?.[KIND_TEST[kind]]()) return refuse(res, 404, `${resource.id()} has no ${kind} action "${name}".`);
    const id = req.params.recordId as string | undefined;
    const idProperty = Object.values(decorated.properties).find((p) => p.isId());
    if (id !== undefined && idProperty?.type() === 'number' && !(/^[1-9]\d*$/.test(id) && Number.isSafeInteger(Number(id)))) {
      return refuse(res, 404, `Record "${id}" cannot be found in ${resource.id()}.`);
    }
    next();
  };
  router.all(['/api/resources/:resourceId/actions/:action', '/api/resources/:resourceId/actions/:action/:query'], action('resource'));
  router.all('/api/resources/:resourceId/records/:recordId/:action', action('record'));
  router.all('/api/resources/:resourceId/bulk/:action', action('bulk'));
  return router;
}
