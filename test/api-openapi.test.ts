// The OpenAPI document and the router describe the same API: every route the router registers is a
// path and method of the document, and every path and method of the document is a route; any other
// method on a documented path answers 405 with the path's methods in `Allow`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import express, { type Router } from 'express';
import supertest from 'supertest';
import type { Sequelize } from 'sequelize';
import { loadConfig } from '../models/config.ts';
import { apiRouter } from '../admin/api-router.ts';
import { openApiDocument } from '../admin/api-openapi.ts';

interface Layer { route?: { path: string | string[]; methods: Record<string, boolean> } }

/** "METHOD /path" for every route of the router, Express's `:name` written as OpenAPI's `{name}`. */
function routerOperations(router: Router): string[] {
  return (router.stack as Layer[]).flatMap((layer) => {
    if (!layer.route) return [];
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    const methods = Object.keys(layer.route.methods).filter((m) => m !== '_all');
    return paths.flatMap((path) => methods.map((m) => `${m.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`));
  }).sort();
}

function documentOperations(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)).sort();
}

describe('OpenAPI document', () => {
  // Building the router reads no database; the routes are what is compared.
  const router = apiRouter(undefined as unknown as Sequelize, loadConfig({}));
  const document = openApiDocument() as { openapi: string; servers: Array<{ url: string }>; paths: Record<string, Record<string, unknown>> };

  it('lists exactly the routes of the router, both ways', () => {
    const routes = routerOperations(router);
    const documented = documentOperations(document);
    assert.ok(routes.length >= 9, routes.join('\n'));
    assert.deepEqual(routes.filter((r) => !documented.includes(r)), [], 'routes missing from the document');
    assert.deepEqual(documented.filter((d) => !routes.includes(d)), [], 'documented paths without a route');
  });

  it('is served as OpenAPI 3.1 at /api/v1/openapi.json without a token', async () => {
    const app = express().use('/api/v1', router);
    const response = await supertest(app).get('/api/v1/openapi.json');
    assert.equal(response.status, 200);
    assert.equal(response.body.openapi, '3.1.0');
    assert.deepEqual(response.body.servers, [{ url: '/api/v1' }]);
    assert.deepEqual(Object.keys(response.body.paths).sort(), Object.keys(document.paths).sort());
  });

  it('answers a method a path does not serve with 405, an Allow header and a problem, on every path', async () => {
    const app = express().use('/api/v1', router);
    const concrete = (path: string) => path.replace('{id}', '17').replace('{operation}', 'activate');
    for (const [path, item] of Object.entries(document.paths)) {
      const served = Object.keys(item).map((m) => m.toUpperCase());
      const allow = served.includes('GET') ? [...served, 'HEAD'] : served;
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !served.includes(m))) {
        const response = await supertest(app)[method.toLowerCase() as 'get'](`/api/v1${concrete(path)}`);
        assert.equal(response.status, 405, `${method} ${path}`);
        assert.equal(response.headers.allow, allow.join(', '), `${method} ${path}`);
        assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
        const body = JSON.parse(response.text);
        assert.deepEqual([body.type, body.title, body.status], ['about:blank', 'Method Not Allowed', 405]);
        assert.ok(body.detail.includes(method));
      }
      // The served methods go on to the route: here to the token check (no token: 401), or the document itself.
      for (const method of served) {
        const response = await supertest(app)[method.toLowerCase() as 'get'](`/api/v1${concrete(path)}`);
        assert.equal(response.status, path === '/openapi.json' ? 200 : 401, `${method} ${path}`);
      }
    }
  });
});
