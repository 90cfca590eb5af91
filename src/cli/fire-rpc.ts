import type { FireFlags } from './fire.js';

export const rpcFlags: FireFlags = {
  name: 'rpc',
  register(command) {
    command
      .option('--rpc <url>', 'JSON-RPC endpoint; the callback URL goes in params["$rpc.callback"]')
      .option('--method <name>', 'JSON-RPC method (with --rpc)')
      .option('--params <json>', 'JSON-RPC params object (JSON, @file or -)')
      .option('--id <id>', `JSON-RPC id: 42 is a number, '"42"' a string; the callback must carry the same id (default: a fresh string)`)
      .option('--jsonrpc-version <v>', "'2.0' or 'none' (leave the jsonrpc member out)", '2.0');
  },
};
