import { STATUS_CODES } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { Refusal } from '../services/refusal.ts';
import { isConnectionError } from '../models/connection-errors.ts';
import { apiLanguage } from './request-language.ts';

/**
 * RFC 9457 problem details, the REST API's only error shape: `type` about:blank (the status says
 * what kind of problem it is), `title` the status's phrase, `status`, `detail` for the person
 * reading it, and for a refusal naming fields or parameters `invalid-params` ([{ name, reason }]).
 */
export interface Problem {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
  'invalid-params'?: Array<{ name: string; reason: string }>;
}

export function problem(status: number, detail: string, fields: Record<string, string> = {}): Problem {
  const invalid = Object.entries(fields).map(([name, reason]) => ({ name, reason }));
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, ...(invalid.length > 0 && { 'invalid-params': invalid }) };
}

export function sendProblem(res: Response, body: Problem): void {
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/** What the body parser refuses (express.json): too large, unreadable, or in a charset it cannot read. */
const BODY_ERRORS: Record<string, [number, string]> = {
  'entity.too.large': [413, 'The request body is too large.'],
  'entity.parse.failed': [400, 'The request body is not valid JSON.'],
  'encoding.unsupported': [415, 'Send the body as UTF-8 JSON.'],
  'charset.unsupported': [415, 'Send the body as UTF-8 JSON.'],
  'request.aborted': [400, 'The request body ended early.'],
};

/** The API's error handler: refusals with their status and fields, the database away 503, anything else 500 without its message. */
export function apiProblems(error: Error & { type?: string }, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  if (error instanceof Refusal) {
    const { message, fields } = error.inLanguage(apiLanguage(req));
    return sendProblem(res, problem(error.statusCode, message, fields));
  }
  const body = error.type ? BODY_ERRORS[error.type] : undefined;
  if (body) return sendProblem(res, problem(body[0], body[1]));
  if (isConnectionError(error)) {
    console.error(`[api] ${req.method} ${req.originalUrl}: database unavailable (${error.message})`);
    res.set('Retry-After', '5');
    return sendProblem(res, problem(503, 'The database is not reachable at the moment; try again shortly.'));
  }
  console.error(error);
  sendProblem(res, problem(500, 'Something went wrong on our side.'));
}
