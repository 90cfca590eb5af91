import type { FastifyInstance } from 'fastify';
import { REFUSED_HOST_SUFFIX } from './callback-url.js';
import type { ProducerContext } from './context.js';
import { FlowErrorCode } from './flows.js';
import { RPC_METHODS } from './methods.js';
import { OAUTH_PATHS } from './oauth.js';
import { CALLBACK_PARAM } from './rpc-protocol.js';

export const ENDPOINTS = [
  { method: 'GET', path: '/', summary: 'this index' },
  { method: 'POST', path: '/rpc', summary: `JSON-RPC 2.0; add params["${CALLBACK_PARAM}"] to get the response by callback` },
  { method: 'POST', path: '/api', summary: 'same as /rpc' },
  { method: 'POST', path: '/flows', summary: 'start a flow: {"callbackUrl": URL} → {flowId, triggerUrl}' },
  { method: 'GET', path: '/flows/{flowId}', summary: 'a flow and its state' },
  { method: 'POST', path: '/api/automation/flow/{flowId}/trigger/{triggerId}/activate', summary: 'activate a waiting flow with a JSON object (header user-token optional)' },
  { method: 'POST', path: '/subscriptions', summary: 'subscribe: {"callbackUrl", "mode": "once"|"continuous", "intervalMs", "maxNotifications", "event"}' },
  { method: 'GET', path: '/subscriptions/{uuid}', summary: 'a subscription and its state' },
  { method: 'PUT', path: '/subscriptions/{uuid}', summary: 'cancel a subscription (DELETE works too)' },
  { method: 'GET', path: OAUTH_PATHS.authorize, summary: 'OAuth authorize (PKCE S256): redirects straight back with a code' },
  { method: 'POST', path: OAUTH_PATHS.token, summary: 'OAuth token endpoint (authorization_code, refresh_token)' },
  { method: 'GET', path: OAUTH_PATHS.metadata, summary: 'OAuth authorization server metadata' },
  { method: 'GET', path: '/openapi.json', summary: 'this API as an OpenAPI 3.1 document; its subscribe operation declares the notification callback' },
] as const;

/** GET /: what this server speaks, for a user pointing curl at it. */
export function registerIndexRoute(app: FastifyInstance, ctx: ProducerContext): void {
  app.get('/', async () => ({
    name: 'cbtest serve',
    description: 'a reference callback producer: it calls back the URLs you give it',
    endpoints: ENDPOINTS,
    methods: Object.entries(RPC_METHODS).map(([name, method]) => ({
      name,
      summary: method.summary,
      callbackOnly: method.callbackOnly === true,
      exampleParams: method.exampleParams,
    })),
    rules: {
      callbackUrls: ctx.settings.allowHttp ? 'http or https' : 'https only (start serve with --allow-http for local testing)',
      refusedHosts: `callback URLs on hosts under ${REFUSED_HOST_SUFFIX} are always refused`,
      probe: ctx.settings.probe === 'none' ? 'none' : `callback URLs are probed (${ctx.settings.probe === 'post' ? 'POST {"rpc.callback": "check real webhook url"}' : 'OPTIONS'}) before a call is accepted`,
      acknowledgment: ctx.settings.ackStyle === 'async' ? '{"result": {"async": true, "callback": URL}}' : '{"result": {"callback": {"url", "status": true, "data": []}}}',
      processingDelayMs: ctx.settings.processingDelayMs,
      retries: `${ctx.settings.retry.attempts} attempts, backoff from ${ctx.settings.retry.baseDelayMs}ms, same x-request-id`,
      flowTrigger: ctx.settings.flowAuth.requireToken === null ? 'no user-token required' : `a user-token is required (on failure: ${ctx.settings.flowAuth.onFail})`,
      flowErrorCodes: FlowErrorCode,
    },
  }));
}
