import { LICENSE_KINDS, LICENSE_STATUSES } from '../models/domain/values.ts';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '../services/cursor-page.ts';
import { API_LICENSE_OPERATIONS } from './api-license-operations.ts';

/**
 * The REST API's OpenAPI 3.1 document, served at /api/v1/openapi.json. Paths are relative to the
 * server `/api/v1`, exactly as admin/api-router.ts registers them (test/api-openapi.test.ts walks
 * both). Row schemas are open objects: the fields a token receives are its view's (the permission
 * snapshot lists them), not one fixed shape.
 */
const problemResponse = (description: string) => ({
  description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const ERRORS = {
  400: problemResponse('A malformed request: an unknown parameter or a bad value (`invalid-params` names each).'),
  401: problemResponse('No token, or one that is unknown, revoked or expired.'),
  403: problemResponse('The token\'s view or role does not allow this.'),
  429: { ...problemResponse('The token\'s rate limit is used up.'), headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds until the window ends.' } } },
};

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const pageParameters = [
  { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'The `next` value of the page before; absent for the first page.' },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT } },
];
const date = (name: string, description: string) => ({ name, in: 'query', schema: { type: 'string', format: 'date' }, description });
const licenseFilters = [
  { name: 'kind', in: 'query', schema: { type: 'string', enum: [...LICENSE_KINDS] } },
  { name: 'status', in: 'query', schema: { type: 'string', enum: [...LICENSE_STATUSES] } },
  { name: 'organization', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'This organization and every one below it (one out of reach: 404).' },
  date('createdFrom', 'Created on or after this vendor calendar day.'),
  date('createdTo', 'Created on or before this vendor calendar day.'),
  date('expiresFrom', 'Expiring on or after this day.'),
  date('expiresTo', 'Expiring on or before this day.'),
];

const page = (item: string) => ({
  description: 'One page, in id order.',
  content: { 'application/json': { schema: { type: 'object', required: ['data', 'next'], properties: { data: { type: 'array', items: { $ref: `#/components/schemas/${item}` } }, next: { type: ['string', 'null'], description: 'The cursor of the next page; null on the last.' } } } } },
});
const file = (contentType: string) => ({ description: 'The file, as an attachment.', content: { [contentType]: { schema: { type: 'string' } } } });

export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Channel License Portal REST API',
      version: '1',
      description: 'An organization\'s API token acts as that organization\'s view with the token\'s role (read-only or member): the same scope, field rules and operations as the panel.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths: {
      '/openapi.json': { get: { summary: 'This document', security: [], responses: { 200: { description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object' } } } } } } },
      '/licenses': { get: { summary: 'The licenses the token reaches', parameters: [...licenseFilters, ...pageParameters], responses: { 200: page('License'), ...ERRORS, 404: problemResponse('The organization filter names no organization in reach.') } } },
      '/licenses.csv': { get: { summary: 'The same list as CSV (UTF-8 with BOM, formula-leading cells neutralised)', parameters: licenseFilters, responses: { 200: file('text/csv'), ...ERRORS, 404: problemResponse('The organization filter names no organization in reach.') } } },
      '/licenses/{id}': { get: { summary: 'One license', parameters: [idParameter], responses: { 200: { description: 'The license.', content: { 'application/json': { schema: { $ref: '#/components/schemas/License' } } } }, ...ERRORS, 404: problemResponse('No license with this id in reach.') } } },
      '/licenses/{id}/{operation}': {
        post: {
          summary: 'A license operation of the feature matrix (needs a member token)',
          parameters: [idParameter, { name: 'operation', in: 'path', required: true, schema: { type: 'string', enum: API_LICENSE_OPERATIONS } }],
          requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { device: { type: 'string', maxLength: 200, description: 'activate, transfer, restore' }, message: { type: 'string', maxLength: 2000, description: 'requestOffer, requestSupport' } } } } } },
          responses: {
            200: { description: 'Done; the license as it is now, and what the operation made.', content: { 'application/json': { schema: { type: 'object', required: ['operation', 'license'], properties: { operation: { type: 'string' }, license: { $ref: '#/components/schemas/License' }, created: { type: 'object', properties: { resource: { type: 'string' }, id: { type: 'integer' } } } } } } } },
            ...ERRORS,
            404: problemResponse('No license with this id in reach, or no such operation.'),
            409: problemResponse('The license\'s state does not allow it (already active, quota used up …).'),
            413: problemResponse('The body is over 1 MB.'),
            422: problemResponse('A field\'s value is not acceptable.'),
          },
        },
      },
      '/subscriptions': { get: { summary: 'The subscriptions the token reaches (channel views and vendor)', parameters: pageParameters, responses: { 200: page('Row'), ...ERRORS } } },
      '/statements': { get: { summary: 'The statements the token reaches (reseller, distributor, vendor)', parameters: pageParameters, responses: { 200: page('Row'), ...ERRORS } } },
      '/statements/{id}.pdf': { get: { summary: 'A statement\'s PDF', parameters: [idParameter], responses: { 200: file('application/pdf'), ...ERRORS, 404: problemResponse('No statement with this id in reach.') } } },
      '/statements/{id}.csv': { get: { summary: 'A statement\'s CSV', parameters: [idParameter], responses: { 200: file('text/csv'), ...ERRORS, 404: problemResponse('No statement with this id in reach.') } } },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (`clp_…`) from the panel (api_tokens) or `npm run cli -- tokens create`.' } },
      schemas: {
        Problem: {
          type: 'object', required: ['type', 'title', 'status', 'detail'], description: 'RFC 9457 problem details.',
          properties: {
            type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
            'invalid-params': { type: 'array', items: { type: 'object', required: ['name', 'reason'], properties: { name: { type: 'string' }, reason: { type: 'string' } } } },
          },
        },
        License: {
          type: 'object', additionalProperties: true,
          properties: {
            id: { type: 'integer' }, licenseKey: { type: 'string' }, organizationId: { type: 'integer' }, articleId: { type: 'integer' },
            kind: { type: 'string', enum: [...LICENSE_KINDS] }, status: { type: 'string', enum: [...LICENSE_STATUSES] }, seats: { type: 'integer' },
            device: { type: ['string', 'null'] }, expiresOn: { type: ['string', 'null'], format: 'date' }, serviceUntil: { type: ['string', 'null'], format: 'date' },
          },
        },
        Row: { type: 'object', additionalProperties: true, description: 'A row with the fields the token\'s view may read.' },
      },
    },
  };
}
