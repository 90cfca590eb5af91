import * as oauth from 'oauth4webapi';
import { TransportError } from '../core/errors.js';
import type { EventDraft, Headers } from '../core/events.js';
import { tryParseJson } from '../core/json-text.js';
import { previewText } from '../core/terminal-text.js';
import { expectedIssuer, type AuthorizationRequest } from './oauth-authorize.js';
import { redactHeaders, redactTokenFields } from './oauth-redact.js';

export interface TokenExchangeOptions {
  tokenUrl: string;
  authorizeUrl: string;
  clientSecret: string | null;
  timeoutMs: number;
}

type Append = (draft: EventDraft) => { seq: number };
type FetchOptions = { body?: unknown; headers?: Record<string, string>; method?: string; signal?: AbortSignal; redirect?: 'manual' };

/** What the recording fetch saw, for error messages and the id_token issuer. */
interface Seen {
  status: number | null;
  text: string;
  idTokenIssuer: string | null;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Exchanges the login redirect's code at the token endpoint (PKCE verifier; client auth none, or client_secret_post),
 * recorded as a `token` request/ack with every token redacted. Returns the token response; failures are exit 4.
 */
export async function exchangeAuthorizationCode(
  options: TokenExchangeOptions,
  request: AuthorizationRequest,
  redirect: URLSearchParams,
  append: Append,
): Promise<Record<string, unknown>> {
  const seen: Seen = { status: null, text: '', idTokenIssuer: null };
  const client: oauth.Client = { client_id: request.clientId };
  const auth = options.clientSecret === null ? oauth.None() : oauth.ClientSecretPost(options.clientSecret);
  const issuerFromRedirect = redirect.get('iss');
  const as: oauth.AuthorizationServer = { issuer: expectedIssuer(options.authorizeUrl, issuerFromRedirect), token_endpoint: options.tokenUrl };
  try {
    const response = await oauth.authorizationCodeGrantRequest(as, client, auth, redirect, request.redirectUri, request.codeVerifier, {
      [oauth.customFetch]: recordingFetch(append, seen, options.tokenUrl),
      ...(new URL(options.tokenUrl).protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {}),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Without discovery, an id_token's issuer on the authorization server's origin is taken as the issuer.
    const issuer = issuerFromRedirect === null && seen.idTokenIssuer !== null ? expectedIssuer(options.authorizeUrl, seen.idTokenIssuer) : as.issuer;
    const tokens = await oauth.processAuthorizationCodeResponse({ ...as, issuer }, client, response);
    return tokens as unknown as Record<string, unknown>;
  } catch (cause) {
    throw describeTokenFailure(cause, seen, options.tokenUrl);
  }
}

function recordingFetch(append: Append, seen: Seen, tokenUrl: string) {
  return async (url: string, init: FetchOptions): Promise<Response> => {
    const form = Object.fromEntries(new URLSearchParams(String(init.body ?? '')));
    const headers = init.headers ?? {};
    const sent = append({ type: 'request', label: 'token', method: init.method ?? 'POST', url, headers: redactHeaders(headers), body: redactTokenFields(form) });
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(url, init as RequestInit);
    } catch (error) {
      throw describeFetchFailure(tokenUrl, error);
    }
    const text = await response.text();
    const parsed = tryParseJson(text);
    const recordedHeaders: Headers = Object.fromEntries(response.headers.entries());
    const body = parsed.ok ? redactTokenFields(parsed.value) : text === '' ? null : text;
    seen.status = response.status;
    // Error messages quote the answer: only ever its redacted form.
    seen.text = typeof body === 'string' ? body : body === null ? '' : JSON.stringify(body);
    if (parsed.ok) seen.idTokenIssuer = peekIssuer((parsed.value as { id_token?: unknown } | null)?.id_token);
    append({ type: 'ack', label: 'token', requestSeq: sent.seq, status: response.status, headers: recordedHeaders, body, durationMs: Math.round(performance.now() - started) });
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** The `iss` claim of a JWT, read without verifying it: only to pick which issuer to verify against. */
function peekIssuer(jwt: unknown): string | null {
  if (typeof jwt !== 'string') return null;
  const payload = jwt.split('.')[1];
  if (payload === undefined) return null;
  const parsed = tryParseJson(Buffer.from(payload, 'base64url').toString('utf8'));
  const iss = parsed.ok ? (parsed.value as { iss?: unknown } | null)?.iss : undefined;
  return typeof iss === 'string' ? iss : null;
}

function describeFetchFailure(url: string, error: unknown): TransportError {
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (error as Error).name;
  if (code === 'ECONNREFUSED') return new TransportError(`POST ${url} refused the connection (ECONNREFUSED)`, 'is the token endpoint running on that port?');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new TransportError(`POST ${url}: host not found (${code})`, 'check the host name in --token-url');
  if (code === 'TimeoutError') return new TransportError(`POST ${url} did not answer in time`, 'is the token endpoint stuck? raise --timeout if it is just slow');
  return new TransportError(`POST ${url} failed: ${previewText((error as Error).message ?? String(error), 200)} (${code})`);
}

function describeTokenFailure(cause: unknown, seen: Seen, tokenUrl: string): Error {
  if (cause instanceof TransportError) return cause;
  if (cause instanceof oauth.ResponseBodyError) {
    const description = cause.error_description ? `: ${previewText(cause.error_description, 240)}` : '';
    return new TransportError(`token exchange refused: ${cause.status} ${previewText(cause.error, 80)}${description}`, 'the token endpoint did not accept the code');
  }
  if (cause instanceof oauth.WWWAuthenticateChallengeError) {
    const schemes = cause.cause.map((challenge) => challenge.scheme).join(', ');
    return new TransportError(`token exchange refused: ${cause.status} asking for authentication (${previewText(schemes, 80)})`, 'check --client-id, and pass --client-secret for a confidential client');
  }
  const comparison = claimComparison(cause);
  if (comparison) return new TransportError(`token response from ${tokenUrl} is not valid: ${comparison}`, 'the id_token was issued for another issuer or client');
  if (cause instanceof oauth.OperationProcessingError || cause instanceof oauth.UnsupportedOperationError) {
    const answer = seen.status === null ? '' : ` (HTTP ${seen.status}${seen.text ? `: ${previewText(seen.text, 160)}` : ''})`;
    return new TransportError(`token response from ${tokenUrl} is not valid: ${previewText(cause.message, 160)}${answer}`);
  }
  if (cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')) return describeFetchFailure(tokenUrl, cause);
  return cause instanceof Error ? cause : new Error(String(cause));
}

/** `the id_token's iss "http://localhost:8080" is not "http://127.0.0.1:8080"` for a failed claim comparison. */
function claimComparison(cause: unknown): string | null {
  if (!(cause instanceof oauth.OperationProcessingError) || cause.code !== oauth.JWT_CLAIM_COMPARISON) return null;
  const detail = cause.cause as { claim?: unknown; expected?: unknown; claims?: Record<string, unknown> } | undefined;
  if (typeof detail?.claim !== 'string') return null;
  const actual = JSON.stringify(detail.claims?.[detail.claim] ?? null);
  const expected = detail.expected === undefined ? 'absent' : JSON.stringify(detail.expected);
  return previewText(`the id_token's ${detail.claim} ${actual} is not ${expected}`, 240);
}
