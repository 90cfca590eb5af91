import { randomBytes } from 'node:crypto';
import { UsageError } from '../core/errors.js';
import { parseHeaderFlags } from '../core/headers.js';
import { parseRpcId } from '../core/rpc-id.js';
import type { FireMode } from './fire.js';
import { readJsonArgument } from './json-argument.js';
import { parseHttpUrl } from './parse-values.js';

export const rpcModeFlow: FireMode = {
  flag: 'rpc',
  register(command) {
    command
      .option('--rpc <url>', 'JSON-RPC endpoint; the callback URL goes in params["$rpc.callback"]')
      .option('--method <name>', 'JSON-RPC method (with --rpc)')
      .option('--params <json>', 'JSON-RPC params object (JSON, @file or -)')
      .option('--id <id>', `JSON-RPC id: 42 is a number, '"42"' a string; the callback must carry the same id (default: a fresh string)`)
      .option('--jsonrpc-version <v>', "'2.0' or 'none' (leave the jsonrpc member out)", '2.0');
  },
  async build(raw, judge, timeoutMs) {
    const url = parseHttpUrl(String(raw.rpc), '--rpc').href;
    if (typeof raw.method !== 'string' || raw.method === '') {
      throw new UsageError('--rpc needs --method', 'e.g. --method OrderService.processOrder');
    }
    const params = raw.params === undefined ? {} : readJsonArgument(String(raw.params), '--params');
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new UsageError('--params must be a JSON object', 'the callback URL is added to it as "$rpc.callback", e.g. --params \'{"orderId":"12345"}\'');
    }
    const version = String(raw.jsonrpcVersion);
    if (version !== '2.0' && version !== 'none') throw new UsageError(`--jsonrpc-version '${version}' is not 2.0 or none`, 'use --jsonrpc-version 2.0 or none');
    const { createRpcFlow } = await import('../flows/rpc.js');
    return createRpcFlow(
      {
        url,
        method: raw.method,
        params: params as Record<string, unknown>,
        id: parseRpcId(raw.id as string | undefined, () => `cbtest-${randomBytes(4).toString('hex')}`),
        jsonrpcVersion: version,
        headers: parseHeaderFlags((raw.header as string[] | undefined) ?? []),
        timeoutMs,
      },
      judge,
    );
  },
};
