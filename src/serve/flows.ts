import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { checkCallbackUrl } from './callback-url.js';
import { serverOrigin, type ProducerContext } from './context.js';
import { triggerPath, type FlowStore } from './flow-store.js';
import { parseObjectBody, receiveBodiesAsText } from './request-body.js';

/** Error codes of the trigger endpoint, in the `{code, message}` shape workflow engines answer with. */
export const FlowErrorCode = {
  securityCheckFailed: 1000,
  notFound: 1001,
  alreadyActivated: 1002,
  badBody: 1003,
  badCallbackUrl: 1004,
} as const;

interface TriggerParams {
  flowId: string;
  triggerId: string;
}

function flowError(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  return reply.code(status).type('application/json').send({ code, message });
}

/** The user a `user-token` stands for: a stable made-up identity, never the token itself. */
export function userForToken(token: string): Record<string, unknown> {
  const digest = createHash('sha256').update(token).digest('hex').toUpperCase();
  const objectId = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
  return { objectId, name: 'Demo User', email: 'demo.user@example.com', userStatus: 'ENABLED', roles: ['AuthenticatedUser'] };
}

/**
 * A flow that pauses until an external system calls its trigger URL (started by `FlowService.start` over
 * JSON-RPC, or by POST /flows), and the trigger endpoint that activates it.
 */
export function registerFlowRoutes(app: FastifyInstance, ctx: ProducerContext, flows: FlowStore): void {
  app.register(async (scope) => {
    receiveBodiesAsText(scope);

    scope.post<{ Params: TriggerParams }>('/api/automation/flow/:flowId/trigger/:triggerId/activate', async (request, reply) => {
      const { flowId, triggerId } = request.params;
      const flow = flows.get(flowId);
      if (!flow || flow.triggerId !== triggerId.toUpperCase()) {
        ctx.log(`trigger ← unknown flow ${flowId} / trigger ${triggerId}`);
        return flowError(reply, 404, FlowErrorCode.notFound, `no flow ${flowId} with trigger ${triggerId} on this server`);
      }
      const body = parseObjectBody(request.body, 'the trigger body', true);
      if (!body.ok) {
        ctx.log(`trigger ← flow ${flow.flowId} refused: ${body.reason}`);
        return flowError(reply, 400, FlowErrorCode.badBody, body.reason);
      }
      const token = request.headers['user-token'];
      const userToken = typeof token === 'string' && token !== '' ? token : null;
      const { requireToken, onFail } = ctx.settings.flowAuth;
      if (requireToken !== null && userToken !== requireToken) {
        const why = userToken === null ? 'no user-token header' : 'a user-token that is not accepted';
        if (onFail === 'ignore') {
          ctx.log(`trigger ← flow ${flow.flowId} ignored: ${why} (the flow keeps waiting)`);
          return reply.code(200).send();
        }
        ctx.log(`trigger ← flow ${flow.flowId} refused: ${why}`);
        return flowError(reply, 401, FlowErrorCode.securityCheckFailed, `The trigger was not run: this flow needs a valid user-token header (got ${why}).`);
      }
      const user = userToken === null ? null : userForToken(userToken);
      if (!flows.activate(flow.flowId, { triggerData: body.value, user })) {
        ctx.log(`trigger ← flow ${flow.flowId} already activated`);
        return flowError(reply, 409, FlowErrorCode.alreadyActivated, `flow ${flow.flowId} was already activated at ${flow.activatedAt ?? 'an earlier time'}`);
      }
      ctx.log(`trigger ← flow ${flow.flowId} activated${user ? ' by a user' : ''}; the flow continues`);
      return reply.code(200).send();
    });

    scope.post('/flows', async (request, reply) => {
      const body = parseObjectBody(request.body, 'the request body', false);
      const check = body.ok ? checkCallbackUrl(body.value.callbackUrl, ctx.settings.allowHttp, 'callbackUrl') : body;
      if (!check.ok) {
        ctx.log(`flows ← refused: ${check.reason}`);
        return flowError(reply, 400, FlowErrorCode.badCallbackUrl, check.reason);
      }
      const callbackUrl = String(body.ok ? body.value.callbackUrl : '');
      const flow = flows.create();
      const triggerUrl = `${serverOrigin(request)}${triggerPath(flow)}`;
      ctx.log(`flow ${flow.flowId} waiting: POST ${triggerUrl} to continue it; the result goes to ${callbackUrl}`);
      void ctx.work.run(`flow ${flow.flowId}`, async () => {
        const { triggerData, user } = await ctx.work.untilClosed(flow.activated);
        await ctx.work.sleep(ctx.settings.processingDelayMs);
        const result = { flowId: flow.flowId, status: 'completed', triggerData, user };
        await ctx.deliverer.deliver({ url: callbackUrl, body: result, label: `flow ${flow.flowId} callback` });
      });
      return reply.code(201).send({ flowId: flow.flowId, triggerUrl, _links: { self: { href: `/flows/${flow.flowId}` } } });
    });

    scope.get<{ Params: { flowId: string } }>('/flows/:flowId', async (request, reply) => {
      const flow = flows.get(request.params.flowId);
      if (!flow) return flowError(reply, 404, FlowErrorCode.notFound, `no flow ${request.params.flowId} on this server`);
      const { flowId, state, createdAt, activatedAt } = flow;
      return { flowId, state, createdAt, activatedAt, triggerUrl: `${serverOrigin(request)}${triggerPath(flow)}` };
    });
  });
}
