import type { FireFlags } from './fire.js';
import { NEEDS_SERVE } from './help-examples.js';

export const oauthFlags: FireFlags = {
  name: 'oauth',
  heading: 'OAuth login (--oauth AUTHORIZE_URL --client-id ID):',
  usage: '--oauth <authorize-url> --client-id <id> [options]',
  takesBody: false,
  register(command) {
    command
      .option('--oauth <authorize-url>', "OAuth 2.0 authorization endpoint: log in with redirect_uri at the receiver, state and PKCE")
      .option('--client-id <id>', 'OAuth client id (with --oauth)')
      .option('--token-url <url>', 'exchange the code for tokens here (shown redacted)')
      .option('--scope <scopes>', 'space-separated scopes to ask for')
      .option('--client-secret <secret>', 'for a confidential client, sent as client_secret_post (@file or - reads it)')
      .option('--redirect-path <path>', "fixed redirect_uri path on the receiver, to match a registered redirect URI (default: the run's own path)")
      .option('--no-browser', 'print the login URL instead of opening the browser');
  },
  examples: {
    needs: NEEDS_SERVE,
    runnable: [
      `# serve redirects straight back (no login page), so cbtest follows the redirect itself, then exchanges the code
cbtest fire --oauth http://127.0.0.1:5050/oauth/authorize --client-id demo --token-url http://127.0.0.1:5050/oauth/token`,
      `cbtest fire --oauth http://127.0.0.1:5050/oauth/authorize --client-id demo --scope 'openid email' --expect '$.query.code exists'`,
    ],
    more: ["cbtest fire --oauth https://idp.example.com/authorize --client-id app --port 8765 --redirect-path /callback --scope 'openid email'"],
  },
};
