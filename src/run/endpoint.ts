import type { CallbackFacts, CallbackVerdict } from '../core/callback-facts.js';
import type { CbEventOf, EventScope } from '../core/events.js';
import type { Flow } from '../flows/flow.js';

export interface EndpointOptions {
  token: string;
  baseUrl: string;
  scope: EventScope;
  flow: Flow | null;
  /** `cbtest listen`: every callback to any path is this case's. */
  catchAll: boolean;
  /** Keep the counted callbacks (suites and the library read them back); a long `listen` keeps none. */
  keepReceived: boolean;
}

export type CallbackListener = (event: CbEventOf<'callback'>) => void;

/** A case's planted path on the run's receiver: decides which of its callbacks count, and tells its waits. */
export class CaseEndpoint {
  readonly token: string;
  readonly path: string;
  readonly url: string;
  readonly scope: EventScope;
  readonly catchAll: boolean;
  flow: Flow | null;
  /** The active wait's --until; a callback that fails it is recorded as not counted. */
  until: ((facts: CallbackFacts) => boolean) | null = null;
  /** After the verdict nothing counts any more; the flow still shapes the answer. */
  ended = false;
  /** When the request that planted this URL was answered (epoch ms), for `sinceAckMs`. */
  plantAckAt: number | null = null;
  readonly received: CbEventOf<'callback'>[] = [];
  unmatched = 0;
  private readonly listeners = new Set<CallbackListener>();
  private readonly keepReceived: boolean;

  constructor(options: EndpointOptions) {
    this.token = options.token;
    this.path = `/cb/${options.token}`;
    this.url = `${options.baseUrl}${this.path}`;
    this.scope = options.scope;
    this.flow = options.flow;
    this.catchAll = options.catchAll;
    this.keepReceived = options.keepReceived;
  }

  get extraPaths(): readonly string[] {
    return this.flow?.extraPaths ?? [];
  }

  classify(facts: CallbackFacts): CallbackVerdict {
    const verdict = this.flow?.classify(facts, this.path) ?? { matched: true };
    if (this.ended) return { ...verdict, matched: false, note: verdict.matched || verdict.note === undefined ? 'arrived after the verdict' : verdict.note };
    if (verdict.matched && this.until && !this.until(facts)) return { ...verdict, matched: false, note: 'does not satisfy --until' };
    return verdict;
  }

  /** A callback of this case was recorded. */
  accept(event: CbEventOf<'callback'>): void {
    if (event.matched && this.keepReceived) this.received.push(event);
    if (!event.matched) this.unmatched += 1;
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: CallbackListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
