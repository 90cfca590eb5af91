import { randomBytes } from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import { TransportError } from '../core/errors.js';
import { previewText } from '../core/terminal-text.js';
import { DeadlineReached, deadlineSignal, describeNetworkError, sleep } from './abortable.js';
import { SELF_CHECK_PREFIX } from './self-check-route.js';

const RETRY_MS = 500;
const SELF_CHECK_HINT = 'try again, or use a localtunnel server you run (--tunnel-host) or your own tunnel (--public-url)';

type Observation = { final: boolean; problem: string; hint?: string };

/**
 * Proves the public URL reaches this receiver: a nonce sent through the tunnel must come back from
 * the receiver's self-check route. Transient failures (network, 5xx) are retried until `deadline`.
 */
export async function checkThroughTunnel(
  publicUrl: string,
  { deadline, signal, dispatcher }: { deadline: number; signal: AbortSignal; dispatcher: Dispatcher },
): Promise<void> {
  const nonce = randomBytes(16).toString('hex');
  const target = `${publicUrl}${SELF_CHECK_PREFIX}${nonce}`;
  let last: Observation = { final: false, problem: 'no answer' };
  for (;;) {
    const attempt = deadlineSignal(signal, deadline - Date.now());
    try {
      const response = await request(target, {
        method: 'GET',
        // A producer is not a browser: this sees what a webhook sender would see.
        headers: { 'user-agent': 'cbtest-self-check' },
        dispatcher,
        signal: attempt.signal,
      });
      const text = await response.body.text();
      // The nonce may be the whole body or part of it (e.g. JSON): either way the request made the round trip.
      if (response.statusCode === 200 && text.includes(nonce)) return;
      last = judge(publicUrl, response.statusCode, String(response.headers['content-type'] ?? ''), text);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (!(attempt.signal.reason instanceof DeadlineReached)) {
        last = { final: false, problem: `a test request to ${publicUrl} failed (${describeNetworkError(error)})` };
      }
    } finally {
      attempt.dispose();
    }
    if (last.final || Date.now() + RETRY_MS >= deadline) break;
    await sleep(RETRY_MS, signal);
  }
  throw new TransportError(`tunnel self-check failed: ${last.problem}`, last.hint ?? SELF_CHECK_HINT);
}

/** Says what a wrong answer means for the user: a reminder page, the service failing, or another server. */
function judge(publicUrl: string, status: number, contentType: string, text: string): Observation {
  const html = contentType.includes('html') || /<html/i.test(text);
  if (html && (status === 401 || /tunnel/i.test(text)) && /remind|password|bypass/i.test(text)) {
    return {
      final: true,
      problem:
        `the tunnel service answered ${status} with its reminder/password page instead of passing the request on; ` +
        "senders must add a 'bypass-tunnel-reminder' header (any value) or use a non-browser User-Agent",
      hint: 'use a localtunnel server you run (--tunnel-host) or your own tunnel (--public-url)',
    };
  }
  if (status >= 500 || status === 408 || status === 429) {
    return {
      final: false,
      problem: `the tunnel service answered ${status} at ${publicUrl}: it could not pass the request to cbtest (service overloaded, or the tunnel not connected yet)`,
    };
  }
  return {
    final: true,
    problem: `a test request through ${publicUrl} did not reach cbtest's receiver (answered ${status}: ${previewText(text, 80) || 'empty body'})`,
    hint: 'another server may be answering at that URL; check --tunnel-host',
  };
}
