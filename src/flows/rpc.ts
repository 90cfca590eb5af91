import { TransportError } from '../core/errors.js';
import { previewText } from '../core/terminal-text.js';
import type { CallbackFacts, CallbackVerdict } from '../core/callback-facts.js';
import type { Flow, FlowCheck, FlowContext } from './flow.js';
import { describeAnswer, exchange, type Exchange } from './http-exchange.js';
import { findTriggerUrls } from './trigger-urls.js';
import { isDeepStrictEqual } from 'node:util';

export interface RpcFireOptions {
  url: string;
  method: string;
  params: Record<string, unknown>;
  id: string | number;
  /** '2.0' sends `"jsonrpc":"2.0"`; 'none' leaves the member out, as some servers expect. */
  jsonrpcVersion: '2.0' | 'none';
  headers: Record<string, string>;
  timeoutMs: number;
}

const URL_HINT = 'some producers demand https and a dotted host name: try --tunnel, --public-url, or --https';

/** JSON-RPC with a `$rpc.callback` param: the server acks at once, then POSTs the JSON-RPC response to the URL. */
export function createRpcFlow(options: RpcFireOptions): Flow {
  const idText = JSON.stringify(options.id);
  return {
    title: `cbtest fire --rpc ${options.url} --method ${options.method}`,
    awaited: { count: 1, description: `the callback with id ${idText}` },
    classify: (callback, plantedPath) => classifyRpcCallback(callback, plantedPath, options.id),
    start: (context) => fireRpc(options, context),
    check: (callback, expectations) => (expectations.mentions('error') ? [] : [checkNoRpcError(callback.body)]),
  };
}

async function fireRpc(options: RpcFireOptions, context: FlowContext): Promise<void> {
  const body = {
    ...(options.jsonrpcVersion === '2.0' ? { jsonrpc: '2.0' } : {}),
    id: options.id,
    method: options.method,
    params: { ...options.params, '$rpc.callback': context.plantedUrl },
  };
  const answer = await exchange(
    { label: 'rpc', method: 'POST', url: options.url, headers: options.headers, body, signal: context.signal, timeoutMs: options.timeoutMs },
    context.append,
  );
  assertAccepted(answer, options.url);
  // A paused flow hands back the URL that resumes it: print it whole, where a preview would cut it.
  for (const url of findTriggerUrls(answer.body)) context.say(`trigger URL (cbtest send it to continue the flow): ${url}`);
}

/** Every acknowledgment shape real servers send means "accepted"; anything else ends the run with exit 4. */
function assertAccepted(answer: Exchange, url: string): void {
  if (answer.status < 200 || answer.status > 299) {
    throw new TransportError(`${url} answered ${describeAnswer(answer)}`, answer.status === 400 || answer.status === 422 ? URL_HINT : undefined);
  }
  const ack = answer.body;
  if (ack === null || typeof ack !== 'object' || Array.isArray(ack)) {
    throw new TransportError(`${url} answered ${answer.status} without a JSON-RPC object: ${previewText(answer.text || '(empty body)', 160)}`);
  }
  const { error, result } = ack as { error?: { code?: unknown; message?: unknown }; result?: unknown };
  if (error !== undefined) {
    const message = String(error?.message ?? JSON.stringify(error));
    const mentionsUrl = /callback|url|https|dsn/i.test(message);
    throw new TransportError(`JSON-RPC error ${String(error?.code ?? '?')}: ${previewText(message, 200)}`, mentionsUrl ? URL_HINT : undefined);
  }
  const callback = (result as { callback?: unknown } | undefined)?.callback;
  const isAsync = (result as { async?: unknown } | undefined)?.async === true;
  if (callback !== null && typeof callback === 'object' && (callback as { status?: unknown }).status === false) {
    throw new TransportError(`${url} refused the callback URL (callback.status false): ${previewText(JSON.stringify(callback), 200)}`, URL_HINT);
  }
  const accepted = isAsync || (callback !== null && typeof callback === 'object') || typeof callback === 'string';
  if (!accepted) {
    throw new TransportError(
      `${url} answered with a plain result instead of an acknowledgment: ${previewText(answer.text, 160)}`,
      'the server does not seem to support $rpc.callback for this method',
    );
  }
}

export function classifyRpcCallback(callback: CallbackFacts, plantedPath: string, id: string | number): CallbackVerdict {
  if (!callback.path.startsWith(plantedPath)) return { matched: false, note: "not sent to this run's callback URL" };
  const body = callback.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { matched: false, note: callback.bodyText === null ? 'binary body, not JSON-RPC' : 'body is not a JSON-RPC object' };
  }
  const message = body as { id?: unknown; method?: unknown };
  if (!('id' in message) && typeof message.method === 'string') {
    return { matched: false, note: `JSON-RPC notification ${previewText(message.method, 60)}` };
  }
  if (!isDeepStrictEqual(message.id, id)) {
    return { matched: false, note: `id ${previewText(JSON.stringify(message.id) ?? 'missing', 60)} is not ${JSON.stringify(id)}` };
  }
  return { matched: true };
}

function checkNoRpcError(body: unknown): FlowCheck {
  const error = body !== null && typeof body === 'object' ? (body as { error?: { code?: unknown; message?: unknown } }).error : undefined;
  // JSON-RPC 1.0 servers send "error": null beside a result.
  if (error === undefined || error === null) {
    return { expr: '$.body.error not exists', pass: true, actual: null, message: '$.body.error not exists: the callback carries a result' };
  }
  return {
    expr: '$.body.error not exists',
    pass: false,
    actual: error,
    message: `the callback carries a JSON-RPC error ${String(error?.code ?? '?')}: ${String(error?.message ?? JSON.stringify(error))} (name 'error' in an --expect to accept it)`,
  };
}
