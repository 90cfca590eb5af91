import { TransportError } from '../core/errors.js';
import { escapeControlChars, previewText } from '../core/terminal-text.js';
import type { CallbackFacts, CallbackVerdict } from '../core/callback-facts.js';
import type { FlowResponseHint } from '../receiver/response-rules.js';
import type { Flow, FlowContext } from './flow.js';
import { exchange, type Exchange } from './http-exchange.js';
import { buildAuthorizationRequest, isRedirectBack, validateLoginRedirect, type AuthorizationRequest } from './oauth-authorize.js';
import { openInBrowser } from './oauth-browser.js';
import { summariseTokens } from './oauth-redact.js';
import { exchangeAuthorizationCode } from './oauth-token.js';

export interface OAuthFireOptions {
  authorizeUrl: string;
  clientId: string;
  /** Exchange the code here after the redirect; null stops at the code. */
  tokenUrl: string | null;
  scope: string | null;
  clientSecret: string | null;
  openBrowser: boolean;
  /** A fixed redirect path on the receiver (providers only accept registered redirect URIs); null uses the run's own path. */
  redirectPath: string | null;
  /** Sent with the authorize request (a session cookie lets a provider skip its login page). */
  headers: Record<string, string>;
  timeoutMs: number;
}

const FOLLOW_TIMEOUT_MS = 10_000;

/** The OAuth login callback: authorize with state and PKCE, receive `GET redirect_uri?code&state`, exchange the code. */
export function createOAuthFlow(options: OAuthFireOptions, open: (url: string) => void = openInBrowser): Flow {
  let context: FlowContext | null = null;
  let request: AuthorizationRequest | null = null;
  let redirect: URLSearchParams | null = null;
  let following: Promise<Exchange> | null = null;
  // While cbtest follows the redirect itself, a bad redirect fails the run once that request is answered and recorded.
  let deferredFailure: TransportError | null = null;

  return {
    title: `cbtest fire --oauth ${options.authorizeUrl} --client-id ${options.clientId}`,
    awaited: { count: 1, description: 'the login redirect' },
    extraPaths: options.redirectPath === null ? [] : [options.redirectPath],
    classify(callback: CallbackFacts, plantedPath: string): CallbackVerdict {
      if (callback.path !== (options.redirectPath ?? plantedPath)) return { matched: false, note: "not sent to this run's redirect_uri" };
      if (callback.method !== 'GET') return { matched: false, note: `${callback.method} is not a login redirect (browsers redirect with GET)` };
      if (request === null || context === null) return { matched: false, note: 'arrived before the authorization request was sent' };
      try {
        redirect = validateLoginRedirect(callback.query, request, options.authorizeUrl);
        return { matched: true, responseHint: loginPage(200, 'Login received', 'cbtest has the authorization code. You can close this tab.') };
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        if (following === null) context.fail(error);
        else deferredFailure ??= error;
        return { matched: false, note: previewText(error.message, 200), responseHint: loginPage(400, 'Login failed', error.message) };
      }
    },
    async start(flowContext) {
      context = flowContext;
      const redirectUri = options.redirectPath === null ? flowContext.plantedUrl : `${flowContext.baseUrl}${options.redirectPath}`;
      request = await buildAuthorizationRequest(options.authorizeUrl, { clientId: options.clientId, redirectUri, scope: options.scope });
      const answer = await exchange(
        { label: 'authorize', method: 'GET', url: request.url, headers: options.headers, signal: flowContext.signal, timeoutMs: options.timeoutMs },
        flowContext.append,
      );
      const location = typeof answer.headers.location === 'string' ? answer.headers.location : null;
      if (answer.status >= 300 && answer.status < 400 && location !== null && isRedirectBack(location, request.url, redirectUri)) {
        // No login page: the provider sends us straight back, so play the browser and follow the redirect.
        following = exchange({ label: 'redirect', method: 'GET', url: new URL(location, request.url).href, headers: {}, timeoutMs: FOLLOW_TIMEOUT_MS }, flowContext.append);
        await following;
        if (deferredFailure) throw deferredFailure;
        return;
      }
      if (answer.status >= 400) throw describeAuthorizeRefusal(answer);
      flowContext.say(`open this URL to log in: ${escapeControlChars(request.url)}`);
      if (options.openBrowser) open(request.url);
    },
    async finish(flowContext) {
      if (following) await following.catch(() => undefined);
      if (options.tokenUrl === null || redirect === null || request === null) return;
      const tokens = await exchangeAuthorizationCode(
        { tokenUrl: options.tokenUrl, authorizeUrl: options.authorizeUrl, clientSecret: options.clientSecret, timeoutMs: options.timeoutMs },
        request,
        redirect,
        flowContext.append,
      );
      flowContext.say(escapeControlChars(summariseTokens(tokens)));
    },
  };
}

/** The authorize endpoint refused before any login (unknown client, unregistered redirect_uri): exit 4 in its words. */
function describeAuthorizeRefusal(answer: Exchange): TransportError {
  const body = answer.body !== null && typeof answer.body === 'object' ? (answer.body as { error?: unknown; error_description?: unknown }) : null;
  const words =
    typeof body?.error === 'string'
      ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}`
      : answer.text || '(empty body)';
  return new TransportError(
    `the authorization endpoint answered ${answer.status}: ${previewText(words, 240)}`,
    'check --client-id, and that the redirect_uri is registered with the provider (--redirect-path, --port, --public-url)',
  );
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The small page the browser shows after the redirect. */
function loginPage(status: number, title: string, message: string): FlowResponseHint {
  const escape = (text: string): string => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
  const body = `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escape(title)}</title></head>\n<body style="font-family: sans-serif; margin: 3em"><h1>${escape(title)}</h1><p>${escape(message)}</p><p>cbtest</p></body></html>\n`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body };
}
