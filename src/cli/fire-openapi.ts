import { UsageError } from '../core/errors.js';
import { parseHeaderFlags } from '../core/headers.js';
import type { FireMode } from './fire.js';
import { readArgumentText, readJsonArgument } from './json-argument.js';
import { parseHttpUrl } from './parse-values.js';
import { collect } from './shared-options.js';


export const openapiMode: FireMode = {
  flag: 'openapi',
  // --body is registered by fire itself (shared with --subscribe); here it defaults to the operation's example.
  register(command) {
    command
      .option('--openapi <spec>', 'OpenAPI 3.0/3.1 document (YAML or JSON file, or - for stdin); the callback URL goes where each callback key says')
      .option('--operation <operationId>', 'the operation to call (with --openapi)')
      .option('--server <url>', "base URL of the API (default: the document's first server)")
      .option('--param <name=value>', 'path, query or header parameter of the operation (repeatable)', collect);
  },
  async build(raw, _judge, timeoutMs) {
    const specArg = String(raw.openapi);
    if (typeof raw.operation !== 'string' || raw.operation === '') {
      throw new UsageError('--openapi needs --operation', 'name the operationId to call, e.g. --operation subscribe');
    }
    if (specArg === '-' && raw.body === '-') throw new UsageError('--openapi - and --body - cannot both read stdin', 'pass the body inline or as @file');
    const spec = specArg === '-' ? { text: readArgumentText('-', '--openapi'), label: 'stdin' } : { path: specArg };
    const { prepareOpenApiFire } = await import('../flows/openapi-fire-prepare.js');
    const { createOpenApiFlow } = await import('../flows/openapi-fire.js');
    const prepared = await prepareOpenApiFire({
      spec,
      specLabel: specArg,
      operationId: raw.operation,
      ...(raw.server === undefined ? {} : { server: parseHttpUrl(String(raw.server), '--server').href }),
      ...(raw.body === undefined ? {} : { body: readJsonArgument(String(raw.body), '--body') }),
      params: (raw.param as string[] | undefined) ?? [],
      headers: parseHeaderFlags((raw.header as string[] | undefined) ?? []),
    });
    return createOpenApiFlow(prepared, { timeoutMs, countsRepeats: raw.count !== undefined || raw.until !== undefined });
  },
};
