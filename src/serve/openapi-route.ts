import type { FastifyInstance } from 'fastify';
import { serverOrigin } from './context.js';

const NOTIFICATION_SCHEMA = {
  type: 'object',
  required: ['UUID', 'event', 'sequence', 'data'],
  properties: {
    _links: { type: 'object' },
    UUID: { type: 'string' },
    event: { type: 'string' },
    sequence: { type: 'integer', minimum: 1 },
    data: {
      type: 'object',
      required: ['status'],
      properties: { status: { enum: ['running', 'completed'] }, message: { type: 'string' }, percent: { type: 'integer' }, last: { type: 'boolean' } },
    },
  },
} as const;

const SUBSCRIPTION_SCHEMA = {
  type: 'object',
  required: ['callbackUrl'],
  properties: {
    callbackUrl: { type: 'string', format: 'uri', description: 'where the notifications go' },
    mode: { enum: ['once', 'continuous'], default: 'once' },
    intervalMs: { type: 'integer', minimum: 1, default: 200 },
    maxNotifications: { type: 'integer', minimum: 1, default: 20 },
    event: { type: 'string', description: 'the event name the notifications carry' },
  },
} as const;

/** serve's subscriptions as an OpenAPI 3.1 document with a callback, so `fire --openapi` has something real to read. */
export function servedOpenApiDocument(origin: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'cbtest serve', version: '1', description: 'the reference callback producer: REST subscriptions that call back' },
    servers: [{ url: origin }],
    paths: {
      '/subscriptions': {
        post: {
          operationId: 'subscribe',
          summary: 'subscribe: notifications are POSTed to callbackUrl',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: SUBSCRIPTION_SCHEMA, example: { callbackUrl: 'https://example.com/hooks', mode: 'once' } } },
          },
          responses: {
            '201': { description: 'accepted: a HAL body with UUID and its self link', content: { 'application/hal+json': { schema: { type: 'object' } } } },
            '403': { description: 'the callback URL is refused', content: { 'application/problem+json': { schema: { type: 'object' } } } },
          },
          callbacks: {
            notification: {
              '{$request.body#/callbackUrl}': {
                post: {
                  requestBody: { required: true, content: { 'application/hal+json': { schema: NOTIFICATION_SCHEMA } } },
                  responses: { '200': { description: 'the notification was received' } },
                },
              },
            },
          },
        },
      },
    },
  };
}

/** GET /openapi.json: the document, its server being the address the client used. */
export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get('/openapi.json', async (request) => servedOpenApiDocument(serverOrigin(request)));
}
