import type { FireFlags } from './fire.js';

export const oauthFlags: FireFlags = {
  name: 'oauth',
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
};
