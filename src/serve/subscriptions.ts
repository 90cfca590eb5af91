import type { FastifyInstance, FastifyReply } from 'fastify';
import { checkCallbackUrl, describeValue } from './callback-url.js';
import type { ProducerContext } from './context.js';
import { problem, sendHal, sendProblem } from './problem.js';
import { parseObjectBody, receiveBodiesAsText } from './request-body.js';
import { SubscriptionStore, selfHref, type Subscription, type SubscriptionRequest } from './subscription-store.js';

const DEFAULT_INTERVAL_MS = 200;
const DEFAULT_MAX_NOTIFICATIONS = 20;
const LIMITS = { intervalMs: [1, 3_600_000], maxNotifications: [1, 10_000] } as const;

type Parsed = { ok: true; value: SubscriptionRequest } | { ok: false; status: 400 | 403; slug: string; detail: string };

function integerIn(value: unknown, name: keyof typeof LIMITS, fallback: number): number | string {
  if (value === undefined) return fallback;
  const [min, max] = LIMITS[name];
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  return `${name} must be an integer from ${min} to ${max}, got ${typeof value === 'number' ? value : describeValue(value)}`;
}

/** Reads a subscription request; malformed fields are 400, a callback URL the producer will not call is 403. */
export function parseSubscriptionRequest(body: Record<string, unknown>, allowHttp: boolean): Parsed {
  const bad = (detail: string): Parsed => ({ ok: false, status: 400, slug: 'invalid-subscription', detail });
  if (typeof body.callbackUrl !== 'string') return bad(`callbackUrl must be a string, got ${describeValue(body.callbackUrl)}`);
  const mode = body.mode ?? 'once';
  if (mode !== 'once' && mode !== 'continuous') return bad(`mode must be "once" or "continuous", got ${JSON.stringify(mode)}`);
  const intervalMs = integerIn(body.intervalMs, 'intervalMs', DEFAULT_INTERVAL_MS);
  if (typeof intervalMs === 'string') return bad(intervalMs);
  const maxNotifications = integerIn(body.maxNotifications, 'maxNotifications', DEFAULT_MAX_NOTIFICATIONS);
  if (typeof maxNotifications === 'string') return bad(maxNotifications);
  const event = body.event ?? (mode === 'once' ? 'task.completed' : 'task.progress');
  if (typeof event !== 'string' || event === '' || event.length > 200) return bad('event must be a non-empty string of at most 200 characters');
  const check = checkCallbackUrl(body.callbackUrl, allowHttp, 'callbackUrl');
  if (!check.ok) return { ok: false, status: 403, slug: 'callback-url-refused', detail: check.reason };
  return { ok: true, value: { callbackUrl: body.callbackUrl, mode, intervalMs, maxNotifications, event } };
}

function describeSubscription(subscription: Subscription): Record<string, unknown> {
  const { uuid, state, mode, event, callbackUrl, sent, maxNotifications, intervalMs, createdAt, endedAt, endReason } = subscription;
  return {
    _links: { self: { href: selfHref(uuid) } },
    UUID: uuid,
    state,
    mode,
    event,
    callbackUrl,
    sent,
    maxNotifications: mode === 'once' ? 1 : maxNotifications,
    intervalMs,
    createdAt,
    endedAt,
    endReason,
  };
}

/** REST subscriptions in the long-running-task style: 201 HAL, 403 problem+json, notify, cancel with 202. */
export function registerSubscriptionRoutes(app: FastifyInstance, ctx: ProducerContext): SubscriptionStore {
  const store = new SubscriptionStore(ctx);
  app.register(async (scope) => {
    receiveBodiesAsText(scope);
    scope.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
      if (error.statusCode === 413) return sendProblem(reply, problem(413, 'body-too-large', 'the request body is larger than 1 MiB', request.url));
      ctx.log(`subscriptions internal error: ${error.message}`);
      return sendProblem(reply, problem(500, 'internal-error', 'the producer failed to handle this request', request.url));
    });

    scope.post('/subscriptions', async (request, reply) => {
      const body = parseObjectBody(request.body, 'the subscription request', false);
      const parsed: Parsed = body.ok ? parseSubscriptionRequest(body.value, ctx.settings.allowHttp) : { ok: false, status: 400, slug: 'invalid-subscription', detail: body.reason };
      if (!parsed.ok) {
        ctx.log(`subscribe ← refused (${parsed.status}): ${parsed.detail}`);
        const title = parsed.status === 403 ? 'Subscription not accepted' : 'Invalid subscription request';
        return sendProblem(reply, problem(parsed.status, parsed.slug, parsed.detail, '/subscriptions', title));
      }
      const subscription = store.start(parsed.value);
      const { mode, intervalMs, maxNotifications, callbackUrl } = subscription;
      const cadence = mode === 'once' ? 'once' : `every ${intervalMs}ms, up to ${maxNotifications} times`;
      ctx.log(`subscribe ← ${subscription.uuid} accepted: ${subscription.event} to ${callbackUrl} ${cadence}`);
      const href = selfHref(subscription.uuid);
      reply.header('location', href);
      return sendHal(reply, 201, {
        _links: { self: { href } },
        UUID: subscription.uuid,
        message: `Your subscription has been accepted: ${subscription.event} notifications go to ${callbackUrl} ${cadence}.`,
      });
    });

    const cancel = async (request: { params: { uuid: string }; method: string; url: string }, reply: FastifyReply) => {
      const { uuid } = request.params;
      const existing = store.get(uuid);
      if (!existing) return sendProblem(reply, problem(404, 'unknown-subscription', `no subscription ${uuid} on this server`, request.url));
      if (existing.state !== 'active') {
        const detail = `subscription ${existing.uuid} already ended (${existing.state}: ${existing.endReason ?? 'no reason recorded'}); there is nothing to cancel`;
        ctx.log(`cancel ← ${existing.uuid}: already ${existing.state} (410)`);
        // 410 Gone: it existed and is no more, so a subscriber cancelling at the end (cbtest's default) learns it ended by itself.
        return sendProblem(reply, problem(410, 'subscription-ended', detail, request.url, 'Subscription already ended'));
      }
      await store.cancel(uuid);
      ctx.log(`cancel ← ${existing.uuid} by ${request.method}: no more notifications`);
      return sendHal(reply, 202, { _links: { self: { href: selfHref(existing.uuid) } }, UUID: existing.uuid, message: 'Your subscription is cancelled.' });
    };
    scope.put<{ Params: { uuid: string } }>('/subscriptions/:uuid', (request, reply) => cancel(request, reply));
    scope.delete<{ Params: { uuid: string } }>('/subscriptions/:uuid', (request, reply) => cancel(request, reply));

    scope.get<{ Params: { uuid: string } }>('/subscriptions/:uuid', async (request, reply) => {
      const subscription = store.get(request.params.uuid);
      if (!subscription) return sendProblem(reply, problem(404, 'unknown-subscription', `no subscription ${request.params.uuid} on this server`, request.url));
      return sendHal(reply, 200, describeSubscription(subscription));
    });
  });
  return store;
}
