import { randomUUID } from 'node:crypto';
import type { ProducerContext } from './context.js';
import { HAL_CONTENT_TYPE } from './problem.js';

export type SubscriptionMode = 'once' | 'continuous';
export type SubscriptionState = 'active' | 'cancelled' | 'completed' | 'refused-by-subscriber' | 'failed';

export interface SubscriptionRequest {
  callbackUrl: string;
  mode: SubscriptionMode;
  intervalMs: number;
  maxNotifications: number;
  event: string;
}

export interface Subscription extends SubscriptionRequest {
  uuid: string;
  state: SubscriptionState;
  sent: number;
  createdAt: string;
  endedAt: string | null;
  /** Why it ended, in words, once it has. */
  endReason: string | null;
}

interface Running extends Subscription {
  stop: AbortController;
  loop: Promise<void>;
}

/** Subscriber statuses that mean "stop sending": the guideline's refusal and the usual "gone". */
const SUBSCRIBER_REFUSALS = [403, 410] as const;
const MAX_SUBSCRIPTIONS = 1_000;

export function selfHref(uuid: string): string {
  return `/subscriptions/${uuid}`;
}

/** Live subscriptions and the loop that notifies each one. */
export class SubscriptionStore {
  readonly #subscriptions = new Map<string, Running>();
  readonly #ctx: ProducerContext;

  constructor(ctx: ProducerContext) {
    this.#ctx = ctx;
  }

  get(uuid: string): Subscription | undefined {
    return this.#subscriptions.get(uuid.toLowerCase());
  }

  start(request: SubscriptionRequest): Subscription {
    const stop = new AbortController();
    const subscription: Running = {
      ...request,
      uuid: randomUUID(),
      state: 'active',
      sent: 0,
      createdAt: new Date().toISOString(),
      endedAt: null,
      endReason: null,
      stop,
      loop: Promise.resolve(),
    };
    this.#subscriptions.set(subscription.uuid, subscription);
    this.#forgetOldest();
    subscription.loop = this.#ctx.work.run(`subscription ${subscription.uuid}`, () => this.#notifyUntilDone(subscription));
    return subscription;
  }

  /**
   * Stops an active subscription. Resolves once a notification already on the wire has been answered,
   * so that after the cancel acknowledgment nothing more arrives.
   */
  async cancel(uuid: string): Promise<Subscription | undefined> {
    const subscription = this.#subscriptions.get(uuid.toLowerCase());
    if (!subscription || subscription.state !== 'active') return subscription;
    this.#end(subscription, 'cancelled', 'cancelled by the subscriber');
    subscription.stop.abort();
    await subscription.loop;
    return subscription;
  }

  #end(subscription: Running, state: SubscriptionState, reason: string): void {
    if (subscription.state !== 'active') return;
    subscription.state = state;
    subscription.endedAt = new Date().toISOString();
    subscription.endReason = reason;
    this.#ctx.log(`subscription ${subscription.uuid} ended: ${reason}`);
  }

  async #notifyUntilDone(subscription: Running): Promise<void> {
    const { work, settings } = this.#ctx;
    const signal = subscription.stop.signal;
    const limit = subscription.mode === 'once' ? 1 : subscription.maxNotifications;
    const wait = subscription.mode === 'once' ? settings.processingDelayMs : subscription.intervalMs;
    while (subscription.state === 'active' && subscription.sent < limit) {
      try {
        await work.sleep(wait, signal);
      } catch (error) {
        if (signal.aborted && !work.closed) return;
        throw error;
      }
      if (subscription.state !== 'active') return;
      const sequence = subscription.sent + 1;
      const outcome = await this.#ctx.deliverer.deliver({
        url: subscription.callbackUrl,
        body: notificationBody(subscription, sequence, sequence === limit),
        label: `notification ${sequence} of subscription ${subscription.uuid}`,
        contentType: HAL_CONTENT_TYPE,
        finalStatuses: SUBSCRIBER_REFUSALS,
        signal,
      });
      subscription.sent = sequence;
      if (!outcome.delivered) {
        const refused = outcome.status !== null && (SUBSCRIBER_REFUSALS as readonly number[]).includes(outcome.status);
        if (refused) this.#end(subscription, 'refused-by-subscriber', `the subscriber answered ${outcome.status}`);
        else this.#end(subscription, 'failed', `notification ${sequence} could not be delivered: ${outcome.error}`);
        return;
      }
    }
    const reason = subscription.mode === 'once' ? 'its one notification was sent' : `all ${limit} notifications were sent`;
    this.#end(subscription, 'completed', reason);
  }

  // A long-running demo server must not grow without bound: drop the oldest ended subscriptions first.
  #forgetOldest(): void {
    for (const [uuid, subscription] of this.#subscriptions) {
      if (this.#subscriptions.size <= MAX_SUBSCRIPTIONS) return;
      if (subscription.state !== 'active') this.#subscriptions.delete(uuid);
    }
  }
}

function notificationBody(subscription: Subscription, sequence: number, last: boolean): Record<string, unknown> {
  const data =
    subscription.mode === 'once'
      ? { status: 'completed', message: 'The task you subscribed to has finished.' }
      : { status: last ? 'completed' : 'running', percent: Math.round((sequence / subscription.maxNotifications) * 100), last };
  return {
    _links: { self: { href: selfHref(subscription.uuid) } },
    UUID: subscription.uuid,
    event: subscription.event,
    sequence,
    data,
  };
}
