import { Option } from 'commander';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import { parseHeaderFlags } from '../core/headers.js';
import { parseJsonPointer, setAtPointer } from '../core/json-pointer.js';
import type { CancelMethod } from '../flows/subscribe.js';
import type { FireMode } from './fire.js';
import { readJsonArgument } from './json-argument.js';
import { parseHttpUrl } from './parse-values.js';

export const subscribeMode: FireMode = {
  flag: 'subscribe',
  register(command) {
    // --body is shared with --openapi, which registers it (commander refuses a flag added twice).
    command
      .option('--subscribe <url>', 'REST subscription endpoint: POST --body with the callback URL in it, wait for notifications, then cancel')
      .option('--callback-pointer <pointer>', 'JSON pointer where --subscribe writes the callback URL into --body', '/callbackUrl')
      .addOption(new Option('--cancel <how>', 'how --subscribe cancels at the end, at the self link').choices(['put', 'delete', 'none']).default('put'))
      .option('--grace <duration>', 'after an accepted cancel, listen this long; a notification then fails the run (0 = skip)', '500ms');
  },
  async build(raw, _judge, timeoutMs) {
    const url = parseHttpUrl(String(raw.subscribe), '--subscribe').href;
    const body = raw.body === undefined ? {} : readJsonArgument(String(raw.body), '--body');
    const callbackPointer = String(raw.callbackPointer ?? '/callbackUrl');
    parseJsonPointer(callbackPointer, '--callback-pointer');
    try {
      setAtPointer(body, callbackPointer, 'https://callback.example');
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      throw new UsageError(`--callback-pointer ${error.message}`, 'point it at a member of --body, e.g. /callbackUrl or /subscriber/url');
    }
    const { createSubscribeFlow } = await import('../flows/subscribe.js');
    return createSubscribeFlow({
      url,
      body,
      callbackPointer,
      cancel: String(raw.cancel ?? 'put') as CancelMethod,
      graceMs: parseDuration(String(raw.grace ?? '500ms'), '--grace'),
      headers: parseHeaderFlags((raw.header as string[] | undefined) ?? []),
      timeoutMs,
    });
  },
};
