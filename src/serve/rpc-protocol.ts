/** JSON-RPC envelopes: what counts as a request, and the response and error objects the producer sends. */

export type JsonRpcId = string | number | null;
export type RpcParams = Record<string, unknown> | unknown[];

export const RpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  callbackUnreachable: -32001,
} as const;

export const CALLBACK_PARAM = '$rpc.callback';

/** A JSON-RPC error the method wants sent back (in the response, or in the callback). */
export class RpcFault extends Error {
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = 'RpcFault';
    this.code = code;
    this.data = data;
  }
}

export interface RpcCall {
  /** Absent for a notification (no reply is due). */
  id?: JsonRpcId;
  method: string;
  params: RpcParams;
  /** False when the client left out `"jsonrpc"`: replies then leave it out too, as older servers do. */
  versioned: boolean;
}

export type RpcParse = { ok: true; call: RpcCall } | { ok: false; id: JsonRpcId; message: string; versioned: boolean };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** Checks one request object of a single or batch call. */
export function parseRpcCall(value: unknown): RpcParse {
  if (!isObject(value)) return { ok: false, id: null, message: 'a JSON-RPC request must be an object', versioned: true };
  const id = isId(value.id) ? value.id : null;
  const versioned = 'jsonrpc' in value;
  const fail = (message: string): RpcParse => ({ ok: false, id, message, versioned });
  if (versioned && value.jsonrpc !== '2.0') return fail(`"jsonrpc" must be "2.0", got ${JSON.stringify(value.jsonrpc)}`);
  if ('id' in value && !isId(value.id)) return fail('"id" must be a string, a number or null');
  if (typeof value.method !== 'string' || value.method === '') return fail('"method" must be a non-empty string');
  const params = value.params ?? {};
  if (!isObject(params) && !Array.isArray(params)) return fail('"params" must be an object or an array');
  const call: RpcCall = { method: value.method, params, versioned };
  if ('id' in value) call.id = id;
  return { ok: true, call };
}

/** How log lines name a call: its id, or that it is a notification. */
export function describeId(id: JsonRpcId | undefined): string {
  return id === undefined ? '(notification)' : `id ${JSON.stringify(id)}`;
}

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export function rpcResult(id: JsonRpcId, result: unknown, versioned = true): Record<string, unknown> {
  return versioned ? { jsonrpc: '2.0', id, result } : { id, result };
}

export function rpcError(id: JsonRpcId, error: RpcErrorObject, versioned = true): Record<string, unknown> {
  const body: RpcErrorObject = { code: error.code, message: error.message };
  if (error.data !== undefined) body.data = error.data;
  return versioned ? { jsonrpc: '2.0', id, error: body } : { id, error: body };
}

export function rpcNotification(method: string, params: unknown, versioned = true): Record<string, unknown> {
  return versioned ? { jsonrpc: '2.0', method, params } : { method, params };
}

/** Turns whatever a method threw into the error object to send. */
export function faultToError(error: unknown): RpcErrorObject {
  if (error instanceof RpcFault) {
    return error.data === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, data: error.data };
  }
  return { code: RpcErrorCode.internalError, message: 'internal error while running the method' };
}

/** The params the method sees: the callback member is the producer's business, not the method's. */
export function withoutCallback(params: RpcParams): RpcParams {
  if (Array.isArray(params)) return params;
  const { [CALLBACK_PARAM]: _callback, ...rest } = params;
  return rest;
}
