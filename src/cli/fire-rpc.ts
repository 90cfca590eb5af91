import type { FireFlags } from './fire.js';
import { NEEDS_SERVE } from './help-examples.js';

export const rpcFlags: FireFlags = {
  name: 'rpc',
  heading: 'JSON-RPC (--rpc URL --method NAME):',
  usage: '--rpc <url> --method <name> [options]',
  takesBody: false,
  register(command) {
    command
      .option('--rpc <url>', 'JSON-RPC endpoint; the callback URL goes in params["$rpc.callback"]')
      .option('--method <name>', 'JSON-RPC method (with --rpc)')
      .option('--params <json>', 'JSON-RPC params object (JSON, @file or -)')
      .option('--id <id>', `JSON-RPC id: 42 is a number, '"42"' a string; the callback must carry the same id (default: a fresh string)`)
      .option('--jsonrpc-version <v>', "'2.0' or 'none' (leave the jsonrpc member out)", '2.0');
  },
  examples: {
    needs: NEEDS_SERVE,
    runnable: [
      `cbtest fire --rpc http://127.0.0.1:5050/rpc --method OrderService.processOrder --params '{"orderId":"12345"}' \\
  --expect '$.body.result.status == "completed"' --expect '$.body.result.totalAmount > 50'`,
      `# the callback carries a JSON-RPC error: an --expect that names error judges it instead of failing on it
cbtest fire --rpc http://127.0.0.1:5050/rpc --method OrderService.failOrder --params '{"orderId":"1"}' --id 7 \\
  --expect '$.body.error.code == 4001'`,
    ],
    more: ['cbtest fire --rpc https://api.example.com/rpc --method Report.build --params @request.json --tunnel --timeout 2m --report junit:cbtest.xml'],
  },
};
