import type { FireFlags } from './fire.js';
import { collect } from './shared-options.js';

export const openapiFlags: FireFlags = {
  name: 'openapi',
  // --body is registered by fire itself (shared with --subscribe); here it defaults to the operation's example.
  register(command) {
    command
      .option('--openapi <spec>', 'OpenAPI 3.0/3.1 document (YAML or JSON file, or - for stdin); the callback URL goes where each callback key says')
      .option('--operation <operationId>', 'the operation to call (with --openapi)')
      .option('--server <url>', "base URL of the API (default: the document's first server)")
      .option('--param <name=value>', 'path, query or header parameter of the operation (repeatable)', collect);
  },
};
