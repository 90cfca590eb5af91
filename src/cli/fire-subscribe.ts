import { Option } from 'commander';
import type { FireFlags } from './fire.js';

export const subscribeFlags: FireFlags = {
  name: 'subscribe',
  register(command) {
    // --body is shared with --openapi, so fire registers it once.
    command
      .option('--subscribe <url>', 'REST subscription endpoint: POST --body with the callback URL in it, wait for notifications, then cancel')
      .option('--callback-pointer <pointer>', 'JSON pointer where --subscribe writes the callback URL into --body', '/callbackUrl')
      .addOption(new Option('--cancel <how>', 'how --subscribe cancels at the end, at the self link').choices(['put', 'delete', 'none']).default('put'))
      .option('--grace <duration>', 'after an accepted cancel, listen this long; a notification then fails the run (0 = skip)', '500ms');
  },
};
