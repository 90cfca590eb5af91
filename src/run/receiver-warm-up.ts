import { randomBytes } from 'node:crypto';
import type { InternalRoute } from '../receiver/builtin-answerers.js';

// Only this process knows the path: no sender can reach the warm-up answer, and it is never recorded or counted.
const WARM_UP_PATH = `/.cbtest/warm-up/${randomBytes(16).toString('hex')}`;
const WARM_UP_ANSWER = { status: 204, headers: {}, body: '' };

/** The receiver's answer to its own warm-up request (an internal route, like the tunnel self-check). */
export const answerWarmUp: InternalRoute = (method, path) => (method === 'POST' && path === WARM_UP_PATH ? WARM_UP_ANSWER : null);

/**
 * A fresh process pays for every function's first call: the first callback found fastify's routing, the body
 * collector, the answerers and the reply path cold (~10 ms on a quiet machine, more under load). One request of our
 * own over loopback, sent while the producer works on the request just fired, warms that path before the callback.
 */
export async function warmReceiver(receiverUrl: string): Promise<void> {
  // A TLS receiver's certificate is its own; the warm-up is skipped there rather than trusting it blindly.
  if (!receiverUrl.startsWith('http:')) return;
  const { sendPlainRequest } = await import('../flows/http-request.js');
  await sendPlainRequest({
    method: 'POST',
    url: new URL(WARM_UP_PATH, receiverUrl),
    headers: { 'content-type': 'application/json' },
    body: '{"warm-up":true}',
    timeoutMs: 5000,
  }).catch(() => undefined);
}
