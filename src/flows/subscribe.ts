import { formatDuration } from '../core/duration.js';
import { TransportError } from '../core/errors.js';
import { setAtPointer } from '../core/json-pointer.js';
import type { CallbackFacts, CallbackVerdict } from '../core/callback-facts.js';
import type { FlowResponseHint } from '../receiver/response-rules.js';
import type { Flow } from './flow.js';
import { exchange } from './http-exchange.js';
import { checkCancelAnswer, readSubscriptionAnswer, type SubscriptionHandle } from './subscribe-answers.js';

export type CancelMethod = 'put' | 'delete' | 'none';

export interface SubscribeFireOptions {
  /** Where the subscription is POSTed. */
  url: string;
  /** The subscription body; the callback URL is written into a copy at `callbackPointer`. */
  body: unknown;
  callbackPointer: string;
  cancel: CancelMethod;
  /** After an accepted cancel, listen this long for notifications the producer should no longer send (0: do not). */
  graceMs: number;
  headers: Record<string, string>;
  timeoutMs: number;
}

const CANCEL_TIMEOUT_MS = 10_000;
const NOTIFICATION_ANSWER: FlowResponseHint = {
  status: 200,
  headers: { 'content-type': 'application/hal+json' },
  body: JSON.stringify({ received: true }),
};
// The guideline's way for a subscriber to refuse a notification: 403 with a problem body.
const CANCELLED_ANSWER: FlowResponseHint = {
  status: 403,
  headers: { 'content-type': 'application/problem+json' },
  body: JSON.stringify({ title: 'Subscription cancelled', status: 403, detail: 'this subscriber cancelled the subscription; stop sending' }),
};

/** A REST subscription: subscribe with the callback URL, count the notifications, then cancel and check they stop. */
export function createSubscribeFlow(options: SubscribeFireOptions): Flow {
  let accepting: Promise<SubscriptionHandle> | null = null;
  let abandoned = false;
  let notifications = 0;
  let cancelledAt: number | null = null;
  let late = 0;

  return {
    title: `cbtest fire --subscribe ${options.url}`,
    awaited: { count: 1, description: 'a notification' },
    classify(callback: CallbackFacts, plantedPath: string): CallbackVerdict {
      if (!callback.path.startsWith(plantedPath)) return { matched: false, note: "not sent to this run's callback URL" };
      if (callback.method !== 'POST') return { matched: false, note: `${callback.method} is not a notification (notifications are POSTed)` };
      if (cancelledAt !== null) {
        late += 1;
        return { matched: false, note: `arrived ${formatDuration(Date.now() - cancelledAt)} after the cancel was accepted`, responseHint: CANCELLED_ANSWER };
      }
      notifications += 1;
      return { matched: true, responseHint: NOTIFICATION_ANSWER };
    },
    async start(context) {
      const body = setAtPointer(options.body, options.callbackPointer, context.plantedUrl);
      // Once a notification came, the subscription exists: keep its answer coming even after the wait ends, to cancel it.
      const own = new AbortController();
      const abandon = (): void => {
        if (notifications > 0) return;
        abandoned = true;
        own.abort();
      };
      context.signal.addEventListener('abort', abandon, { once: true });
      accepting = exchange(
        { label: 'subscribe', method: 'POST', url: options.url, headers: options.headers, body, signal: own.signal, timeoutMs: options.timeoutMs },
        context.append,
      ).then((answer) => readSubscriptionAnswer(answer, options.url, options.callbackPointer));
      try {
        for (const note of (await accepting).notes) context.say(`note: ${note}`);
      } finally {
        context.signal.removeEventListener('abort', abandon);
      }
    },
    async finish(context) {
      if (accepting === null) return;
      let subscription: SubscriptionHandle;
      try {
        subscription = await accepting;
      } catch (error) {
        // A refusal that came after the notifications still fails the run; a request the run gave up on does not.
        if (!abandoned) throw error;
        if (options.cancel !== 'none') context.say('nothing to cancel: the subscription request was still unanswered when the run ended');
        return;
      }
      if (options.cancel === 'none') return;
      if (subscription.selfUrl === null) {
        context.say('cannot cancel: the subscription answer has no _links.self.href or Location; the subscription may stay active (--cancel none silences this)');
        return;
      }
      const method = options.cancel === 'put' ? 'PUT' : 'DELETE';
      const answer = await exchange(
        { label: 'cancel', method, url: subscription.selfUrl, headers: options.headers, timeoutMs: CANCEL_TIMEOUT_MS },
        context.append,
      );
      const { note } = checkCancelAnswer(answer);
      cancelledAt = Date.now();
      if (note) context.say(`note: ${note}`);
      await watchForLateNotifications(options.graceMs, () => late);
    },
  };
}

/** Notifications after an accepted cancel mean the producer did not stop: that fails the run (exit 4). */
async function watchForLateNotifications(graceMs: number, lateCount: () => number): Promise<void> {
  if (graceMs <= 0) return;
  await new Promise((resolve) => setTimeout(resolve, graceMs));
  const count = lateCount();
  if (count === 0) return;
  const message = `${count} notification${count === 1 ? '' : 's'} arrived after the cancel was accepted (listened ${formatDuration(graceMs)}): the producer kept notifying`;
  throw new TransportError(message, 'a producer must stop once it accepts the cancel; --grace 0 skips this check');
}
