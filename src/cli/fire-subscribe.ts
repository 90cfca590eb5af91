import { Option } from 'commander';
import type { FireFlags } from './fire.js';
import { NEEDS_SERVE } from './help-examples.js';

export const subscribeFlags: FireFlags = {
  name: 'subscribe',
  heading: 'REST subscription (--subscribe URL):',
  usage: '--subscribe <url> [options]',
  takesBody: true,
  register(command) {
    // --body is shared with --openapi, so fire registers it once.
    command
      .option('--subscribe <url>', 'REST subscription endpoint: POST --body with the callback URL in it, wait for notifications, then cancel')
      .option('--callback-pointer <pointer>', 'JSON pointer where --subscribe writes the callback URL into --body', '/callbackUrl')
      .addOption(new Option('--cancel <how>', 'how --subscribe cancels at the end, at the self link').choices(['put', 'delete', 'none']).default('put'))
      .option('--grace <duration>', 'after an accepted cancel, listen this long; a notification then fails the run (0 = skip)', '500ms');
  },
  examples: {
    needs: NEEDS_SERVE,
    runnable: [
      `# a once-only subscription: one notification, then the cancel (410 Gone: it already ended, which passes)
cbtest fire --subscribe http://127.0.0.1:5050/subscriptions --expect '$.body.data.status == "completed"'`,
      `# three notifications of a continuous one, then cancelled with PUT at its self link
cbtest fire --subscribe http://127.0.0.1:5050/subscriptions --body '{"mode":"continuous","maxNotifications":10}' --count 3 \\
  --expect '$.body.event == "task.progress"'`,
    ],
    more: ['cbtest fire --subscribe https://api.example.com/tasks --callback-pointer /subscriber/webhook/url --tunnel'],
  },
};
