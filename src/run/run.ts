import type { RedactionPolicy } from '../core/redact.js';
import { TransportError } from '../core/errors.js';
import { EventStore } from '../core/event-store.js';
import type { CbEvent, EventDraft, EventScope } from '../core/events.js';
import { describeListenAddress } from '../core/network-exposure.js';
import type { Flow } from '../flows/flow.js';
import { NdjsonRecorder } from '../receiver/recorder.js';
import { OpenCase } from './case.js';
import { CaseRouter } from './case-router.js';
import { CaseEndpoint } from './endpoint.js';
import type { AttachedView, EngineDeps, StopSignal } from './engine-deps.js';
import { closeRunReceiver, startRunReceiver, type RunReceiver } from './run-receiver.js';
import { warmReceiver } from './receiver-warm-up.js';
import type { RunServices } from './run-services.js';
import type { ReceiverPlan } from './session-plan.js';

export interface RunPlan {
  /** null: a run without a receiver (`send`). */
  receiver: ReceiverPlan | null;
  recordPath: string | null;
  /** Events kept in memory for views (every event still reaches the record and the reporters). */
  historyLimit: number;
  /** Bytes of bodies the history keeps whole; older ones are previews, read back from the record for the views. */
  historyBodyBytes?: number;
  /** Applied by the store to every event, before any view, record or report sees it. */
  redaction?: RedactionPolicy;
}

export interface CaseOptions {
  flow: Flow | null;
  scope?: EventScope;
  catchAll?: boolean;
  keepReceived?: boolean;
}

/**
 * A run owns the receiver for its whole life (TLS, tunnel, public URL, forwarding), the event store, the record and
 * the view; cases live inside it, each on its own planted path. `openRun` → `start()` → `openCase()`… → `close()`.
 */
export class Run {
  readonly runId: string;
  readonly store: EventStore;
  readonly router = new CaseRouter();
  interruptedBy: StopSignal | 'quit' | null = null;
  private opened: RunReceiver | null = null;
  private view: AttachedView | null = null;
  private readonly recorder: NdjsonRecorder | null;
  private readonly cases = new Set<OpenCase>();
  private readonly abort = new AbortController();
  private readonly detachers: Array<() => void> = [];
  private unrouted = 0;
  private warmed = false;

  constructor(
    private readonly plan: RunPlan,
    readonly deps: EngineDeps,
  ) {
    this.runId = deps.newToken();
    this.store = new EventStore({
      historyLimit: plan.historyLimit,
      nowMs: () => deps.clock.now(),
      ...(plan.redaction ? { redaction: plan.redaction } : {}),
      ...(plan.historyBodyBytes === undefined ? {} : { historyBodyBytes: plan.historyBodyBytes }),
      ...(plan.recordPath ? { readBack: (seq: number) => this.recorder?.readBack(seq) ?? null } : {}),
    });
    this.recorder = plan.recordPath ? new NdjsonRecorder(plan.recordPath, (error) => this.recordFailed(error)) : null;
    const recorder = this.recorder;
    if (recorder) this.detachers.push(this.store.subscribe((event) => recorder.write(event)));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) this.detachers.push(deps.signals.on(signal, () => this.interruptAll(signal)));
  }

  get receiverUrl(): string | null {
    return this.opened?.receiver.url ?? null;
  }

  get baseUrl(): string {
    return this.opened?.baseUrl ?? '';
  }

  readonly say = (line: string): void => {
    this.view?.say(line);
  };

  readonly append = (draft: EventDraft): CbEvent => {
    const event = this.store.append(draft);
    // The first request a case fires is on the wire: warm the receiver while the producer works on it.
    if (!this.warmed && draft.type === 'request' && this.opened) {
      this.warmed = true;
      const url = this.opened.receiver.url;
      setImmediate(() => void warmReceiver(url));
    }
    return event;
  };

  /** Mounts the view before anything starts, so a tunnel being opened is shown. */
  async attachView(): Promise<AttachedView> {
    this.view = await this.deps.view(this.store, {
      onQuit: () => this.interruptAll('quit'),
      // Loaded on the first `r`: the HTTP client is not needed to start receiving.
      replay: async (event, target) => (await import('../flows/replay.js')).replayCallback(event, target || this.receiverUrl || ''),
    });
    return this.view;
  }

  detachView(): void {
    this.view?.detach();
    this.view = null;
  }

  /** Starts the receiver (when the plan has one) and announces it with `listening`. */
  async start(): Promise<void> {
    if (!this.plan.receiver) return;
    this.opened = await startRunReceiver(this.plan.receiver, {
      router: this.router,
      record: (draft) => this.recordFromReceiver(draft),
      say: this.say,
      signal: this.abort.signal,
      onTunnelUrlChanged: (previous, next) => this.tunnelUrlChanged(previous, next),
      ...(this.recorder ? { commit: () => this.recorder!.commit() } : {}),
      recordPath: this.plan.recordPath,
    });
    const publicUrl = this.opened.tunnel?.url ?? this.plan.receiver.publicUrl;
    const shown = describeListenAddress(this.plan.receiver.host, this.opened.receiver.url);
    this.append({ type: 'listening', url: shown.url, publicUrl, certPath: this.opened.certPath, runId: this.runId });
    // A record that cannot take its first line (a full disk) is a start-up error: exit 2, nothing runs.
    if (this.recorder && !this.recorder.commit() && this.recorder.failure) throw this.recorder.failure;
    if (shown.warning) this.say(shown.warning);
  }

  openCase(options: CaseOptions): OpenCase {
    const endpoint = new CaseEndpoint({
      token: this.deps.newToken(),
      baseUrl: this.baseUrl,
      scope: options.scope ?? {},
      flow: options.flow,
      catchAll: options.catchAll ?? false,
      keepReceived: options.keepReceived ?? false,
    });
    this.router.add(endpoint);
    const opened = new OpenCase(endpoint, this.services());
    this.cases.add(opened);
    if (this.interruptedBy) opened.interrupt(this.interruptedBy);
    return opened;
  }

  /** A case that has its verdict no longer hears signals (its endpoint stays routed: late callbacks are noted). */
  closeCase(opened: OpenCase): void {
    this.cases.delete(opened);
  }

  interruptAll(signal: StopSignal | 'quit'): void {
    this.interruptedBy ??= signal;
    for (const opened of this.cases) opened.interrupt(signal);
    // Stops what is still starting (a tunnel being opened).
    this.abort.abort();
  }

  /** Closes everything the run opened: tunnel, receiver, view, record. */
  async close(): Promise<void> {
    this.abort.abort();
    this.detachView();
    await closeRunReceiver(this.opened);
    for (const detach of this.detachers.splice(0)) detach();
    this.recorder?.close();
  }

  private services(): RunServices {
    return {
      runId: this.runId,
      clock: this.deps.clock,
      append: this.append,
      say: this.say,
      baseUrl: () => this.baseUrl,
      progressEveryMs: this.deps.progressEveryMs,
      unrouted: () => this.unrouted,
      deliveries: (endpoint) => this.opened?.senders.deliveriesOf(endpoint.token) ?? [],
    };
  }

  private recordFromReceiver(draft: EventDraft): void {
    if (draft.type !== 'callback' && draft.type !== 'probe') {
      this.append(draft);
      return;
    }
    const owner = this.router.route(draft.path);
    if (draft.type === 'callback' && !owner) this.unrouted += 1;
    const event = this.append(owner ? this.scoped(draft, owner) : draft);
    if (owner && event.type === 'callback') owner.accept(event);
  }

  // Under a flood every copy counts: a draft is only copied when there is something to add.
  private scoped(draft: EventDraft, owner: CaseEndpoint): EventDraft {
    const sinceAck = draft.type === 'callback' && owner.plantAckAt !== null;
    if (!sinceAck && owner.scope.suite === undefined && owner.scope.case === undefined) return draft;
    return { ...draft, ...(sinceAck ? { sinceAckMs: this.deps.clock.now() - owner.plantAckAt! } : {}), ...owner.scope };
  }

  // The record stopped taking lines (a full disk): every case ends with exit 4; what was written stays.
  private recordFailed(error: Error): void {
    for (const opened of this.cases) opened.fail(error);
  }

  private tunnelUrlChanged(previous: string | null, next: string | null): void {
    const message = `tunnel URL changed from ${previous} to ${next}: callbacks sent to the old URL are lost`;
    this.say(`warning: ${message}`);
    for (const opened of this.cases) {
      if (!opened.endpoint.catchAll) opened.fail(new TransportError(message, 'run again, or use --public-url with a stable address'));
    }
  }
}
