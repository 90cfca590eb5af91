import type { FastifyInstance, FastifyReply } from 'fastify';
import { isLoopbackHost } from './callback-url.js';
import { serverOrigin, type ProducerContext } from './context.js';
import { OAuthGrants, isPkceValue, verifierMatches } from './oauth-grants.js';
import { parseFormBody, receiveBodiesAsText } from './request-body.js';

const DEFAULT_SCOPE = 'demo';
export const OAUTH_PATHS = { authorize: '/oauth/authorize', token: '/oauth/token', metadata: '/.well-known/oauth-authorization-server' } as const;

type Query = Record<string, string | string[] | undefined>;

/** A query parameter given once; repeated parameters are an error (RFC 6749 §3.1). */
function single(query: Query, name: string): string | undefined | null {
  const value = query[name];
  if (Array.isArray(value)) return null;
  return value === '' ? undefined : value;
}

/** Checks the redirect URI before anything is sent there: http only to loopback (RFC 8252) or with allowHttp. */
export function checkRedirectUri(value: string | undefined | null, allowHttp: boolean): URL | string {
  if (value === null) return 'redirect_uri must be given once';
  if (value === undefined) return 'redirect_uri is required';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `redirect_uri ${JSON.stringify(value)} is not an absolute URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `redirect_uri ${JSON.stringify(value)} must be an http(s) URL`;
  if (url.hash !== '') return `redirect_uri ${JSON.stringify(value)} must not contain a fragment`;
  if (url.protocol === 'http:' && !allowHttp && !isLoopbackHost(url.hostname)) {
    return `redirect_uri ${JSON.stringify(value)} must use https (http is accepted for loopback hosts, or start serve with --allow-http)`;
  }
  return url;
}

function tokenError(reply: FastifyReply, error: string, description: string): FastifyReply {
  return reply.code(400).header('cache-control', 'no-store').send({ error, error_description: description });
}

/** An OAuth 2.0 authorization server with no login page: authorize redirects straight back with a code. */
export function registerOAuthRoutes(app: FastifyInstance, ctx: ProducerContext): void {
  const grants = new OAuthGrants();

  app.get(OAUTH_PATHS.metadata, async (request) => {
    const issuer = serverOrigin(request);
    return {
      issuer,
      authorization_endpoint: `${issuer}${OAUTH_PATHS.authorize}`,
      token_endpoint: `${issuer}${OAUTH_PATHS.token}`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: [DEFAULT_SCOPE, 'openid', 'profile'],
      authorization_response_iss_parameter_supported: true,
    };
  });

  app.get(OAUTH_PATHS.authorize, async (request, reply) => {
    const query = request.query as Query;
    const redirect = checkRedirectUri(single(query, 'redirect_uri'), ctx.settings.allowHttp);
    const clientId = single(query, 'client_id');
    // Without a usable redirect URI or client, the error is shown here rather than sent anywhere (RFC 6749 §4.1.2.1).
    if (typeof redirect === 'string' || typeof clientId !== 'string') {
      const description = typeof redirect === 'string' ? redirect : 'client_id is required (once)';
      ctx.log(`oauth ← authorize refused: ${description}`);
      return reply.code(400).send({ error: 'invalid_request', error_description: description });
    }
    const state = single(query, 'state');
    const back = (params: Record<string, string>): FastifyReply => {
      for (const [key, value] of Object.entries(params)) redirect.searchParams.set(key, value);
      if (typeof state === 'string') redirect.searchParams.set('state', state);
      redirect.searchParams.set('iss', serverOrigin(request));
      return reply.redirect(redirect.href, 302);
    };
    const fail = (error: string, description: string): FastifyReply => {
      ctx.log(`oauth ← authorize for client ${clientId} refused: ${description}; redirecting with error=${error}`);
      return back({ error, error_description: description });
    };

    const responseType = single(query, 'response_type');
    if (responseType === undefined || responseType === null) return fail('invalid_request', 'response_type is required (once)');
    if (responseType !== 'code') return fail('unsupported_response_type', `response_type ${JSON.stringify(responseType)} is not supported; use "code"`);
    if (state === null) return fail('invalid_request', 'state must be given once');
    const challenge = single(query, 'code_challenge');
    if (typeof challenge !== 'string') return fail('invalid_request', 'code_challenge is required: this server only accepts PKCE with S256');
    if (single(query, 'code_challenge_method') !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    if (!isPkceValue(challenge)) return fail('invalid_request', 'code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~]');
    const scope = single(query, 'scope');
    if (scope === null) return fail('invalid_request', 'scope must be given once');

    const code = grants.issueCode({ clientId, redirectUri: redirect.href, codeChallenge: challenge, scope: scope ?? DEFAULT_SCOPE });
    ctx.log(`oauth ← authorize for client ${clientId}: redirecting to ${redirect.origin}${redirect.pathname} with a code`);
    return back({ code });
  });

  app.register(async (scope) => {
    receiveBodiesAsText(scope);
    scope.post(OAUTH_PATHS.token, async (request, reply) => {
      const form = parseFormBody(request.body, request.headers['content-type']);
      const clientId = form.client_id ?? basicAuthClientId(request.headers.authorization);
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      const refuse = (error: string, description: string): FastifyReply => {
        ctx.log(`oauth ← token request refused: ${error}: ${description}`);
        return tokenError(reply, error, description);
      };

      if (form.grant_type === 'refresh_token') {
        if (!form.refresh_token) return refuse('invalid_request', 'refresh_token is required');
        const grant = grants.redeemRefreshToken(form.refresh_token);
        if (!grant) return refuse('invalid_grant', 'the refresh token is unknown or was already used');
        if (clientId !== undefined && clientId !== grant.clientId) return refuse('invalid_grant', 'the refresh token was issued to another client');
        ctx.log(`oauth ← token refreshed for client ${grant.clientId}`);
        return grants.issueTokens(grant.clientId, grant.scope);
      }
      if (form.grant_type !== 'authorization_code') {
        return refuse(form.grant_type ? 'unsupported_grant_type' : 'invalid_request', form.grant_type ? `grant_type ${JSON.stringify(form.grant_type)} is not supported` : 'grant_type is required');
      }
      for (const name of ['code', 'redirect_uri', 'code_verifier'] as const) {
        if (!form[name]) return refuse('invalid_request', `${name} is required`);
      }
      if (!clientId) return refuse('invalid_request', 'client_id is required');
      const grant = grants.redeemCode(form.code ?? '');
      if (grant === 'unknown') return refuse('invalid_grant', 'the authorization code is unknown or was already used');
      if (grant === 'expired') return refuse('invalid_grant', 'the authorization code has expired');
      if (grant.clientId !== clientId) return refuse('invalid_grant', `the authorization code was issued to another client than ${clientId}`);
      if (grant.redirectUri !== normalise(form.redirect_uri ?? '')) return refuse('invalid_grant', 'redirect_uri does not match the one of the authorization request');
      if (!verifierMatches(form.code_verifier ?? '', grant.codeChallenge)) return refuse('invalid_grant', 'code_verifier does not match the code_challenge (PKCE S256)');
      ctx.log(`oauth ← code exchanged for tokens by client ${clientId}`);
      return grants.issueTokens(clientId, grant.scope);
    });
  });
}

/** The client id of an `Authorization: Basic` header (form-encoded, RFC 6749 §2.3.1), if there is one. */
function basicAuthClientId(header: string | undefined): string | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const user = Buffer.from(encoded, 'base64').toString('utf8').split(':')[0] ?? '';
  try {
    return decodeURIComponent(user.replace(/\+/g, ' ')) || undefined;
  } catch {
    return user || undefined;
  }
}

function normalise(uri: string): string {
  try {
    return new URL(uri).href;
  } catch {
    return uri;
  }
}
