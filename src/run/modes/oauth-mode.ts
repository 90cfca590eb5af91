import { UsageError } from '../../core/errors.js';
import type { OAuthFireOptions } from '../../flows/oauth.js';
import type { FireMode } from './fire-mode.js';
import { argumentText, httpUrl, optionalText, requestHeaders, requiredText } from './option-source.js';

export type OAuthModeOptions = Omit<OAuthFireOptions, 'timeoutMs'>;

export const oauthMode: FireMode<OAuthModeOptions> = {
  name: 'oauth',
  mainKey: 'url',
  defaultTimeout: '5m',
  parse(source) {
    const authorizeUrl = httpUrl(source, 'url');
    const clientId = requiredText(source, 'clientId', `${source.label('url')} needs ${source.label('clientId')}`, `the client id registered with the authorization server, e.g. ${source.label('clientId')} my-app`);
    const redirectPath = optionalText(source, 'redirectPath') ?? null;
    if (redirectPath !== null && !/^\/[^?#\s]*$/.test(redirectPath)) {
      throw new UsageError(`${source.label('redirectPath')} '${redirectPath}' must be a path starting with '/' without query or fragment`, `e.g. ${source.label('redirectPath')} /callback`);
    }
    const tokenUrlGiven = source.values.tokenUrl !== undefined;
    if (source.values.clientSecret !== undefined && !tokenUrlGiven) {
      throw new UsageError(`${source.label('clientSecret')} is only used to exchange the code`, `add ${source.label('tokenUrl')}, or leave the secret out`);
    }
    const clientSecret = argumentText(source, 'clientSecret')?.trim() ?? '';
    const scope = optionalText(source, 'scope') ?? '';
    return {
      authorizeUrl,
      clientId,
      tokenUrl: tokenUrlGiven ? httpUrl(source, 'tokenUrl') : null,
      scope: scope === '' ? null : scope,
      clientSecret: clientSecret === '' ? null : clientSecret,
      openBrowser: source.values.browser !== false,
      redirectPath,
      headers: requestHeaders(source),
    };
  },
  async createFlow(options, setting) {
    const { createOAuthFlow } = await import('../../flows/oauth.js');
    return createOAuthFlow({ ...options, timeoutMs: setting.timeoutMs });
  },
};
