import type { ActionContext, ActionRequest } from 'adminjs';

/** 405: the action changes state and is only carried out for a POST. */
export class MethodNotAllowed extends Error {
  readonly statusCode = 405;
  constructor(name: string) {
    super(`"${name}" changes data and is only carried out by a POST request; nothing was changed.`);
    this.name = 'MethodNotAllowed';
  }
}

/** What @adminjs/express hands a handler as its response: the Express response. */
type MaybeExpressResponse = { set?: (field: string, value: string) => unknown } | undefined;

type Handler = (request: ActionRequest, response: unknown, context: ActionContext) => unknown;

function postOnlyHandler(name: string, handler: Handler): Handler {
  return async (request, response, context) => {
    if (request.method !== 'post') {
      (response as MaybeExpressResponse)?.set?.('Allow', 'POST');
      throw new MethodNotAllowed(name);
    }
    return handler(request, response, context);
  };
}

/**
 * Every custom action of the panel goes through this one wrapper: AdminJS routes
 * `GET /admin/api/resources/<r>/records/<id>/<action>` (and the resource and bulk routes) to an
 * action's handler exactly as a POST, and a GET can be a link on another site that the session
 * cookie (SameSite=Lax) follows. So a custom action runs only for a POST; a GET (or HEAD) answers
 * 405 with `Allow: POST` before the handler sees it. The panel's own buttons post (the browser
 * script post-actions.js turns AdminJS's GET for an action without a component into a POST).
 */
export function postOnly<A extends Record<string, { handler?: unknown }>>(actions: A): A {
  return Object.fromEntries(Object.entries(actions).map(([name, action]) => {
    if (typeof action.handler !== 'function') throw new Error(`The custom action "${name}" needs one handler function.`);
    return [name, { ...action, handler: postOnlyHandler(name, action.handler as Handler) }];
  })) as A;
}
