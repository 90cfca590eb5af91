import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkCallbackUrl } from './callback-url.js';
import { serverOrigin, type ProducerContext } from './context.js';
import type { FlowStore } from './flow-store.js';
import { findMethod, methodNotFound, type RpcMethod } from './methods.js';
import { receiveBodiesAsText } from './request-body.js';
import { acceptCallback, createMethodCall, type AcceptedCall } from './rpc-callback.js';
import {
  CALLBACK_PARAM,
  RpcErrorCode,
  describeId,
  faultToError,
  parseRpcCall,
  rpcError,
  rpcResult,
  withoutCallback,
  type RpcCall,
  type RpcParams,
} from './rpc-protocol.js';

/** What one call in a request produced: the reply member (null for a notification) and work to start after. */
interface CallReply {
  reply: Record<string, unknown> | null;
  afterAck?: () => void;
}

/** POST /rpc (and /api): JSON-RPC 2.0, synchronous or through `$rpc.callback`. */
export function registerRpcRoutes(app: FastifyInstance, ctx: ProducerContext, flows: FlowStore): void {
  app.register(async (scope) => {
    // JSON-RPC answers a bad body with its own error object, so the body arrives as text and is parsed here.
    receiveBodiesAsText(scope);
    scope.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
      if (error.statusCode === 413) {
        return reply.code(413).send(rpcError(null, { code: RpcErrorCode.invalidRequest, message: 'request body is larger than 1 MiB' }));
      }
      ctx.log(`rpc internal error: ${error.message}`);
      return reply.code(500).send(rpcError(null, { code: RpcErrorCode.internalError, message: 'internal error' }));
    });

    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
      const origin = serverOrigin(request);
      const text = typeof request.body === 'string' ? request.body : '';
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch (error) {
        const detail = text.trim() === '' ? 'the body is empty' : error instanceof Error ? error.message : String(error);
        ctx.log(`rpc ← unparseable request: ${detail}`);
        return reply.code(400).send(rpcError(null, { code: RpcErrorCode.parseError, message: `request body is not valid JSON: ${detail}` }));
      }
      const batch = Array.isArray(payload);
      const items = batch ? (payload as unknown[]) : [payload];
      if (batch && items.length === 0) {
        return reply.code(400).send(rpcError(null, { code: RpcErrorCode.invalidRequest, message: 'a batch must hold at least one request' }));
      }
      const replies = await Promise.all(items.map((item) => answerCall(item, origin, ctx, flows)));
      const jobs = replies.flatMap((entry) => (entry.afterAck ? [entry.afterAck] : []));
      // The work starts once the acknowledgment is out, so a quick callback never overtakes its own ack.
      if (jobs.length > 0) reply.raw.once('close', () => jobs.forEach((job) => job()));
      const bodies = replies.flatMap((entry) => (entry.reply ? [entry.reply] : []));
      if (bodies.length === 0) return reply.code(204).send();
      const single = bodies[0];
      const invalid = !batch && single !== undefined && isInvalidRequest(single);
      return reply.code(invalid ? 400 : 200).send(batch ? bodies : single);
    };
    scope.post('/rpc', handler);
    scope.post('/api', handler);
  });
}

function isInvalidRequest(body: Record<string, unknown>): boolean {
  const error = body.error as { code?: unknown } | undefined;
  return error?.code === RpcErrorCode.invalidRequest;
}

async function answerCall(item: unknown, origin: string, ctx: ProducerContext, flows: FlowStore): Promise<CallReply> {
  const parsed = parseRpcCall(item);
  if (!parsed.ok) {
    ctx.log(`rpc ← invalid request: ${parsed.message}`);
    return { reply: rpcError(parsed.id, { code: RpcErrorCode.invalidRequest, message: parsed.message }, parsed.versioned) };
  }
  const { call } = parsed;
  const id = call.id ?? null;
  const refuse = (code: number, message: string, data?: unknown): CallReply => {
    ctx.log(`rpc → error ${code} for ${describeId(call.id)}: ${message}`);
    return { reply: call.id === undefined ? null : rpcError(id, { code, message, data }, call.versioned) };
  };

  const callbackValue = Array.isArray(call.params) ? undefined : call.params[CALLBACK_PARAM];
  const hasCallback = callbackValue !== undefined;
  ctx.log(`rpc ← ${call.method} ${describeId(call.id)}${hasCallback ? ` with callback ${String(callbackValue)}` : ''}`);

  const method = findMethod(call.method);
  if (!method) {
    const fault = methodNotFound(call.method);
    return refuse(fault.code, fault.message);
  }
  if (hasCallback) {
    const check = checkCallbackUrl(callbackValue, ctx.settings.allowHttp, `params["${CALLBACK_PARAM}"]`);
    if (!check.ok) return refuse(RpcErrorCode.invalidParams, check.reason);
  } else if (method.callbackOnly) {
    return refuse(RpcErrorCode.invalidParams, `${call.method} answers only through a callback: add params["${CALLBACK_PARAM}"] with your callback URL`);
  }
  const params = withoutCallback(call.params);
  const problem = method.validate?.(params) ?? null;
  if (problem) return refuse(RpcErrorCode.invalidParams, problem);

  if (hasCallback) {
    const accepted: AcceptedCall = { call, id, url: String(callbackValue), params, method, origin };
    return acceptCallback(accepted, ctx, flows, refuse);
  }
  return answerSynchronously(call, method, params, origin, ctx, flows);
}

async function answerSynchronously(
  call: RpcCall,
  method: RpcMethod,
  params: RpcParams,
  origin: string,
  ctx: ProducerContext,
  flows: FlowStore,
): Promise<CallReply> {
  const id = call.id ?? null;
  // Without a callback URL there is nowhere to send progress: the method just runs.
  const methodCall = createMethodCall(ctx, flows, { id, params, origin, notify: async () => {} });
  try {
    const result = await method.start(methodCall).outcome();
    ctx.log(`rpc → result for ${describeId(call.id)}`);
    return { reply: call.id === undefined ? null : rpcResult(id, result, call.versioned) };
  } catch (error) {
    const errorObject = faultToError(error);
    if (errorObject.code === RpcErrorCode.internalError) ctx.log(`rpc ${call.method} failed: ${String(error)}`);
    ctx.log(`rpc → error ${errorObject.code} for ${describeId(call.id)}: ${errorObject.message}`);
    return { reply: call.id === undefined ? null : rpcError(id, errorObject, call.versioned) };
  }
}
