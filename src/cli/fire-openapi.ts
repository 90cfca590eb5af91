import type { FireFlags } from './fire.js';
import { NEEDS_SERVE } from './help-examples.js';
import { collect } from './shared-flags.js';

export const openapiFlags: FireFlags = {
  name: 'openapi',
  heading: 'OpenAPI callbacks (--openapi SPEC --operation ID):',
  usage: "--openapi <spec> --operation <operationId|'METHOD /path'> [options]",
  takesBody: true,
  // --body is registered by fire itself (shared with --subscribe); here it defaults to the operation's example.
  register(command) {
    command
      .option('--openapi <spec>', 'OpenAPI 3.0/3.1 document (YAML or JSON file, an http(s) URL, or - for stdin); the callback URL goes where each callback key says')
      .option('--operation <operationId>', "the operation to call (with --openapi): its operationId, or 'METHOD /path'")
      .option('--server <url>', "base URL of the API (default: the document's first server)")
      .option('--param <name=value>', 'path, query or header parameter of the operation (repeatable)', collect);
  },
  examples: {
    needs: NEEDS_SERVE,
    runnable: [
      `# serve publishes its own document, whose subscribe operation declares a callback
cbtest fire --openapi http://127.0.0.1:5050/openapi.json --operation subscribe`,
      `cbtest fire --openapi http://127.0.0.1:5050/openapi.json --operation 'POST /subscriptions' --body '{"event":"order.shipped"}' \\
  --expect '$.body.event == "order.shipped"'`,
    ],
    more: ['cbtest fire --openapi api.yaml --operation startJob --server http://127.0.0.1:4010 --param event=done'],
  },
};
