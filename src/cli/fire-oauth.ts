import { UsageError } from '../core/errors.js';
import { parseHeaderFlags } from '../core/headers.js';
import type { FireMode } from './fire.js';
import { readArgumentText } from './json-argument.js';
import { parseHttpUrl } from './parse-values.js';

export const oauthMode: FireMode = {
  flag: 'oauth',
  defaultTimeout: '5m',
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
  async build(raw, _judge, timeoutMs) {
    const authorizeUrl = parseHttpUrl(String(raw.oauth), '--oauth').href;
    if (typeof raw.clientId !== 'string' || raw.clientId === '') {
      throw new UsageError('--oauth needs --client-id', 'the client id registered with the authorization server, e.g. --client-id my-app');
    }
    const redirectPath = raw.redirectPath === undefined ? null : String(raw.redirectPath);
    if (redirectPath !== null && !/^\/[^?#\s]*$/.test(redirectPath)) {
      throw new UsageError(`--redirect-path '${redirectPath}' must be a path starting with '/' without query or fragment`, 'e.g. --redirect-path /callback');
    }
    if (raw.clientSecret !== undefined && raw.tokenUrl === undefined) {
      throw new UsageError('--client-secret is only used to exchange the code', 'add --token-url, or leave the secret out');
    }
    const clientSecret = raw.clientSecret === undefined ? null : readArgumentText(String(raw.clientSecret), '--client-secret').trim();
    const { createOAuthFlow } = await import('../flows/oauth.js');
    return createOAuthFlow({
      authorizeUrl,
      clientId: raw.clientId,
      tokenUrl: raw.tokenUrl === undefined ? null : parseHttpUrl(String(raw.tokenUrl), '--token-url').href,
      scope: typeof raw.scope === 'string' && raw.scope !== '' ? raw.scope : null,
      clientSecret: clientSecret === '' ? null : clientSecret,
      openBrowser: raw.browser !== false,
      redirectPath,
      headers: parseHeaderFlags((raw.header as string[] | undefined) ?? []),
      timeoutMs,
    });
  },
};
