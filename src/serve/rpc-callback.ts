import type { ProducerContext } from './context.js';
import type { FlowStore } from './flow-store.js';
import type { MethodCall, RpcMethod } from './methods.js';
import {
  RpcErrorCode,
  describeId,
  faultToError,
  rpcError,
  rpcNotification,
  rpcResult,
  type JsonRpcId,
  type RpcCall,
  type RpcParams,
} from './rpc-protocol.js';

export interface AcceptedCall {
  call: RpcCall;
  id: JsonRpcId;
  /** The callback URL exactly as the client wrote it (already checked). */
  url: string;
  params: RpcParams;
  method: RpcMethod;
  origin: string;
}

type Refuse = (code: number, message: string) => { reply: Record<string, unknown> | null };

/**
 * The `$rpc.callback` path: probe the URL, acknowledge at once, and once the ack is out do the work
 * and POST the JSON-RPC response (and any progress notifications) to the callback URL.
 */
export async function acceptCallback(
  accepted: AcceptedCall,
  ctx: ProducerContext,
  flows: FlowStore,
  refuse: Refuse,
): Promise<{ reply: Record<string, unknown> | null; afterAck?: () => void }> {
  const { call, id, url, method } = accepted;
  const unreachable = await ctx.deliverer.probe(url, ctx.settings.probe);
  if (unreachable) return refuse(RpcErrorCode.callbackUnreachable, `callback URL not reachable: ${unreachable}`);

  const who = describeId(call.id);
  const deliver = async (body: unknown, label: string): Promise<void> => {
    await ctx.deliverer.deliver({ url, body, label });
  };
  const notify = (name: string, params: unknown) => deliver(rpcNotification(name, params, call.versioned), `progress for ${who}`);
  const started = method.start(createMethodCall(ctx, flows, { id, params: accepted.params, origin: accepted.origin, notify }));

  const afterAck = (): void => {
    void ctx.work.run(`${call.method} ${who}`, async () => {
      let response: Record<string, unknown>;
      try {
        response = rpcResult(id, await started.outcome(), call.versioned);
      } catch (error) {
        if (ctx.work.closed) throw error;
        const errorObject = faultToError(error);
        if (errorObject.code === RpcErrorCode.internalError) ctx.log(`rpc ${call.method} failed: ${String(error)}`);
        response = rpcError(id, errorObject, call.versioned);
      }
      // A notification has nobody waiting for a reply: the work is done, nothing is sent back.
      if (call.id !== undefined) await deliver(response, `callback for ${who}`);
    });
  };

  ctx.log(`rpc → ack for ${who}: the response will be POSTed to ${url}`);
  if (call.id === undefined) return { reply: null, afterAck };
  return { reply: acknowledgment(id, url, started.ackData, ctx.settings.ackStyle, call.versioned), afterAck };
}

/** The method's view of the producer: its delay, its closing, its flows, and where progress goes. */
export function createMethodCall(
  ctx: ProducerContext,
  flows: FlowStore,
  call: Pick<MethodCall, 'id' | 'params' | 'origin' | 'notify'>,
): MethodCall {
  return {
    ...call,
    flows,
    work: (share = 1) => ctx.work.sleep(ctx.settings.processingDelayMs * share),
    waitFor: (promise) => ctx.work.untilClosed(promise),
    log: ctx.log,
  };
}

/** The two acknowledgment shapes producers use; both mean "accepted, the result comes by callback". */
export function acknowledgment(
  id: JsonRpcId,
  url: string,
  data: unknown[],
  style: 'callback' | 'async',
  versioned: boolean,
): Record<string, unknown> {
  if (style === 'async') {
    return rpcResult(id, data.length > 0 ? { async: true, callback: url, data } : { async: true, callback: url }, versioned);
  }
  return rpcResult(id, { callback: { url, status: true, data } }, versioned);
}
