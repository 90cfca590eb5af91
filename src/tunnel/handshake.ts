import { request, type Dispatcher } from 'undici';
import { formatDuration } from '../core/duration.js';
import { TransportError } from '../core/errors.js';
import { previewText } from '../core/terminal-text.js';
import { DeadlineReached, deadlineSignal, describeNetworkError, sleep } from './abortable.js';

/** What a localtunnel server answers to `GET /?new` or `GET /<subdomain>`. */
export interface TunnelGrant {
  id: string;
  url: string;
  /** The raw answer, handed to the library client as is. */
  body: Record<string, unknown>;
}

export const TUNNEL_HOST_HINT =
  'check the address, pass --tunnel-host to use a localtunnel server you run, or expose the receiver yourself (ngrok, cloudflared) and pass --public-url';

const RETRY_MS = 1000;

/**
 * Asks the tunnel server for a tunnel, retrying network errors and 5xx until `deadline` (epoch ms).
 * A 4xx is final. `signal` aborts it (close); an aborted run rejects with the signal's reason.
 */
export async function requestTunnel(
  tunnelHost: string,
  subdomain: string | undefined,
  { deadline, signal, dispatcher, budgetMs }: { deadline: number; signal: AbortSignal; dispatcher: Dispatcher; budgetMs: number },
): Promise<TunnelGrant> {
  const target = new URL(subdomain ? `/${encodeURIComponent(subdomain)}` : '/?new', tunnelHost);
  let lastProblem = 'no answer';
  for (;;) {
    const attempt = deadlineSignal(signal, deadline - Date.now());
    try {
      const response = await request(target, { method: 'GET', dispatcher, signal: attempt.signal });
      const text = await response.body.text();
      if (response.statusCode >= 200 && response.statusCode < 300) return parseGrant(tunnelHost, text);
      const problem = `${response.statusCode}${serverMessage(text)}`;
      if (response.statusCode < 500) {
        throw new TransportError(`tunnel host ${tunnelHost} refused to open a tunnel (${problem})`, TUNNEL_HOST_HINT);
      }
      lastProblem = problem;
    } catch (error) {
      if (error instanceof TransportError) throw error;
      if (signal.aborted) throw signal.reason;
      if (!(attempt.signal.reason instanceof DeadlineReached)) lastProblem = describeNetworkError(error);
    } finally {
      attempt.dispose();
    }
    if (Date.now() + RETRY_MS >= deadline) break;
    await sleep(RETRY_MS, signal);
  }
  throw new TransportError(
    `tunnel host ${tunnelHost} did not open a tunnel within ${formatDuration(budgetMs)} (last: ${lastProblem})`,
    TUNNEL_HOST_HINT,
  );
}

function parseGrant(tunnelHost: string, text: string): TunnelGrant {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const record = body as Record<string, unknown> | undefined;
  const underIp = subdomainOfIpAddress(record?.url);
  if (underIp !== null) {
    throw new TransportError(
      `tunnel host ${tunnelHost} answered with ${previewText(String(record?.url), 120)}, a subdomain of the IP address ${underIp}: no producer can reach it, since DNS has no names under an IP address`,
      'run the localtunnel server with --domain NAME (a name whose subdomains resolve to it) and pass --tunnel-host with that name, e.g. --tunnel-host http://NAME:PORT',
    );
  }
  if (
    !record ||
    typeof record.id !== 'string' ||
    !/^[A-Za-z0-9._-]{1,128}$/.test(record.id) ||
    !isHttpUrl(record.url) ||
    typeof record.port !== 'number'
  ) {
    throw new TransportError(
      `tunnel host ${tunnelHost} did not answer like a localtunnel server (expected JSON with id, port and url)`,
      TUNNEL_HOST_HINT,
    );
  }
  return { id: record.id, url: record.url.replace(/\/+$/, ''), body: record };
}

/** `http://abc.127.0.0.1:4000` (what a server started without --domain and addressed by IP grants): its IP, else null. */
function subdomainOfIpAddress(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^https?:\/\/[^/?#@\s]+?\.((?:\d{1,3}\.){3}\d{1,3}|\[[0-9a-f:.]+\])(?::\d+)?(?:[/?#]|$)/i.exec(value);
  return match ? match[1]! : null;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || /[\s\u0000-\u001f]/.test(value)) return false;
  try {
    const protocol = new URL(value).protocol;
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The server's own words (localtunnel answers `{message}`), shortened. */
function serverMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return `: ${previewText(parsed.message, 200)}`;
  } catch {
    // Not JSON: the status says enough.
  }
  return '';
}
