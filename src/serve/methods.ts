import type { FlowStore } from './flow-store.js';
import { triggerPath } from './flow-store.js';
import { RpcErrorCode, RpcFault, type JsonRpcId, type RpcParams } from './rpc-protocol.js';

/** What a method gets to do its work; everything outside the method's own logic comes from here. */
export interface MethodCall {
  id: JsonRpcId;
  /** The request's params without `$rpc.callback`. */
  params: RpcParams;
  /** This server's origin as the client reached it, for absolute URLs in results. */
  origin: string;
  flows: FlowStore;
  /** Waits a share of the configured processing delay: the method's "work". */
  work(share?: number): Promise<void>;
  /** Waits for a promise, giving up when the producer closes. */
  waitFor<T>(promise: Promise<T>): Promise<T>;
  /** Sends a JSON-RPC notification to the callback URL; does nothing when the call has none. */
  notify(method: string, params: unknown): Promise<void>;
  log(line: string): void;
}

export interface StartedMethod {
  /** Goes into the acknowledgment's `callback.data`. */
  ackData: unknown[];
  /** The result; rejects with an RpcFault for a JSON-RPC error. */
  outcome(): Promise<unknown>;
}

export interface RpcMethod {
  summary: string;
  exampleParams: RpcParams;
  /** The method only answers through `$rpc.callback` (it waits for something external). */
  callbackOnly?: boolean;
  /** A message for -32602, checked before the call is accepted. */
  validate?(params: RpcParams): string | null;
  start(call: MethodCall): StartedMethod;
}

function field(params: RpcParams, name: string): unknown {
  return Array.isArray(params) ? undefined : params[name];
}

function requireOrderId(params: RpcParams): string | null {
  const orderId = field(params, 'orderId');
  return typeof orderId === 'string' || typeof orderId === 'number' ? null : 'params.orderId must be a string or a number';
}

/** A method that just computes its result after doing its work. */
function computed(run: (call: MethodCall) => Promise<unknown>): (call: MethodCall) => StartedMethod {
  return (call) => ({ ackData: [], outcome: () => run(call) });
}

function addends(params: RpcParams): unknown[] {
  return Array.isArray(params) ? params : [params.a, params.b];
}

const PROGRESS_STEPS = [25, 50, 75, 100];

/** The demo methods `cbtest serve` speaks, listed by `GET /`. */
export const RPC_METHODS: Readonly<Record<string, RpcMethod>> = {
  'OrderService.processOrder': {
    summary: 'processes an order and reports it completed',
    exampleParams: { orderId: '12345' },
    validate: requireOrderId,
    start: computed(async (call) => {
      await call.work();
      const orderId = field(call.params, 'orderId');
      return { orderId, status: 'completed', totalAmount: 99.99, currency: 'EUR', message: `Order ${String(orderId)} has been processed.` };
    }),
  },
  'OrderService.failOrder': {
    summary: 'processes an order whose payment is declined: the callback carries error 4001',
    exampleParams: { orderId: '12345' },
    validate: requireOrderId,
    start: computed(async (call) => {
      await call.work();
      throw new RpcFault(4001, 'payment declined', { orderId: field(call.params, 'orderId'), reason: 'insufficient funds' });
    }),
  },
  'OrderService.trackOrder': {
    summary: 'sends OrderService.progress notifications (no id) to the callback URL, then the result',
    exampleParams: { orderId: '12345' },
    validate: requireOrderId,
    start: computed(async (call) => {
      const orderId = field(call.params, 'orderId');
      for (const percent of PROGRESS_STEPS) {
        await call.work(1 / PROGRESS_STEPS.length);
        await call.notify('OrderService.progress', { orderId, percent });
      }
      return { orderId, status: 'delivered', message: `Order ${String(orderId)} has been delivered.` };
    }),
  },
  'FlowService.start': {
    summary: 'starts a flow that pauses until its trigger URL (in the acknowledgment) is POSTed to',
    exampleParams: { order: { orderId: '12345' } },
    callbackOnly: true,
    start(call) {
      const flow = call.flows.create();
      const triggerUrl = `${call.origin}${triggerPath(flow)}`;
      call.log(`flow ${flow.flowId} waiting: POST ${triggerUrl} to continue it`);
      return {
        ackData: [{ flowId: flow.flowId, triggerUrl }],
        async outcome() {
          const { triggerData, user } = await call.waitFor(flow.activated);
          await call.work();
          return { flowId: flow.flowId, status: 'completed', triggerData, user };
        },
      };
    },
  },
  'Math.add': {
    summary: 'adds two numbers: params {"a":1,"b":2} or [1,2]',
    exampleParams: { a: 1, b: 2 },
    validate(params) {
      const values = addends(params);
      const numbers = values.length === 2 && values.every((value) => typeof value === 'number' && Number.isFinite(value));
      return numbers ? null : 'params must be {"a": number, "b": number} or [number, number]';
    },
    start: computed(async (call) => {
      await call.work();
      const [a, b] = addends(call.params) as [number, number];
      return a + b;
    }),
  },
  echo: {
    summary: 'answers with its params',
    exampleParams: { hello: 'world' },
    start: computed(async (call) => {
      await call.work();
      return call.params;
    }),
  },
};

export function findMethod(name: string): RpcMethod | undefined {
  return Object.hasOwn(RPC_METHODS, name) ? RPC_METHODS[name] : undefined;
}

export function methodNotFound(name: string): RpcFault {
  const known = Object.keys(RPC_METHODS).join(', ');
  return new RpcFault(RpcErrorCode.methodNotFound, `method ${JSON.stringify(name)} not found; this server speaks ${known}`);
}
