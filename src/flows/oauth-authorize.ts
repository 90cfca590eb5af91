import * as oauth from 'oauth4webapi';
import { TransportError } from '../core/errors.js';
import { previewText } from '../core/terminal-text.js';

export interface AuthorizationRequest {
  /** The full authorize URL the browser (or cbtest) opens. */
  url: string;
  state: string;
  codeVerifier: string;
  redirectUri: string;
  clientId: string;
}

/** Builds the authorization code request: response_type=code, a fresh state, PKCE S256, the receiver as redirect_uri. */
export async function buildAuthorizationRequest(
  authorizeUrl: string,
  params: { clientId: string; redirectUri: string; scope: string | null },
): Promise<AuthorizationRequest> {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(authorizeUrl);
  // Parameters the user put in the URL (audience, prompt, ...) stay; ours win where names collide.
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if (params.scope !== null) url.searchParams.set('scope', params.scope);
  return { url: url.href, state, codeVerifier, redirectUri: params.redirectUri, clientId: params.clientId };
}

/** True when `location` (relative to the authorize URL) points at our redirect URI: same origin and path. */
export function isRedirectBack(location: string, authorizeUrl: string, redirectUri: string): boolean {
  try {
    const target = new URL(location, authorizeUrl);
    const ours = new URL(redirectUri);
    return target.origin === ours.origin && target.pathname === ours.pathname;
  } catch {
    return false;
  }
}

/**
 * The issuer to hold the redirect's `iss` (RFC 9207) against. Without discovery we only know the authorize URL:
 * an `iss` on the same origin is taken as the issuer (realm paths differ from it), one on another origin is a mix-up.
 */
export function expectedIssuer(authorizeUrl: string, iss: string | null): string {
  const origin = new URL(authorizeUrl).origin;
  if (iss === null) return origin;
  try {
    return comparableOrigin(new URL(iss)) === comparableOrigin(new URL(authorizeUrl)) ? iss : origin;
  } catch {
    return origin;
  }
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

// A local test server announces itself as localhost while the user typed 127.0.0.1: the same machine, the same server.
function comparableOrigin(url: URL): string {
  const host = LOOPBACK_NAMES.has(url.hostname) ? 'loopback' : url.hostname;
  return `${url.protocol}//${host}:${url.port}`;
}

const quote = (value: string): string => JSON.stringify(previewText(value, 60));

/**
 * Judges the login redirect's query: a wrong or missing `state` and an `error=` are TransportErrors (exit 4)
 * in the provider's words; otherwise returns the parameters oauth4webapi needs for the token request.
 */
export function validateLoginRedirect(query: Record<string, string | string[]>, request: AuthorizationRequest, authorizeUrl: string): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const item of [value].flat()) params.append(name, item);
  const state = params.get('state');
  const error = params.get('error');
  if (state !== null && state !== request.state) {
    throw new TransportError(
      `state mismatch: the login redirect carries state ${quote(state)} but this run sent ${quote(request.state)}`,
      'the redirect belongs to another login (an old tab, or a forged request); start the login again',
    );
  }
  if (error !== null) throw new TransportError(describeAuthorizationError(params), 'the authorization server refused the login');
  if (state === null) {
    throw new TransportError(`state mismatch: the login redirect carries no state but this run sent ${quote(request.state)}`, 'the authorization server must return the state it was given');
  }
  const as: oauth.AuthorizationServer = { issuer: expectedIssuer(authorizeUrl, params.get('iss')) };
  try {
    const validated = oauth.validateAuthResponse(as, { client_id: request.clientId }, params, request.state);
    if (!validated.get('code')) throw new TransportError('the login redirect carries no code', 'the authorization server must send ?code=... back to the redirect_uri');
    return validated;
  } catch (cause) {
    if (cause instanceof TransportError) throw cause;
    throw new TransportError(`the login redirect is not valid: ${previewText((cause as Error).message, 200)}`);
  }
}

function describeAuthorizationError(params: URLSearchParams): string {
  const description = params.get('error_description');
  const uri = params.get('error_uri');
  let text = `the authorization server answered error=${previewText(params.get('error') ?? '', 80)}`;
  if (description) text += `: ${previewText(description, 240)}`;
  if (uri) text += ` (see ${previewText(uri, 160)})`;
  return text;
}
