import type { Agent } from 'undici';
import { establishTunnel, type EstablishedTunnel, type TunnelSettings } from './establish.js';
import { startHealthMonitor, type HealthMonitor } from './health-monitor.js';
import { createLocalhostAwareAgent } from './localhost-names.js';
import { sleep } from './abortable.js';
import { describeGrant, describeReopen, validateTunnelOptions } from './tunnel-text.js';

export interface TunnelOptions {
  localPort: number;
  localHost: string;
  localHttps?: boolean;
  /** --tunnel-host; https://localtunnel.me when the user gave none. */
  host: string;
  subdomain?: string;
  /** Bound on each open (request, connect, self-check); default 15s. */
  openTimeoutMs?: number;
  /** How often the tunnel host's status endpoint is polled; default 10s. */
  healthIntervalMs?: number;
  /** Aborts an open in progress (Ctrl-C before the tunnel is up). */
  signal?: AbortSignal;
}

export interface TunnelState {
  state: 'open' | 'down' | 'reopened';
  url: string | null;
  previousUrl?: string | null;
  message?: string;
}

export interface ManagedTunnel {
  /** The current public URL; it changes when a reopened tunnel was not granted the same name. */
  readonly url: string;
  /** Lets a response in flight reach the tunnel host (at most 0.5s), then closes every socket, poll and retry. */
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/**
 * Opens a localtunnel to the receiver and keeps it alive: a lost tunnel is reported (`down`) and reopened
 * with backoff under the same name when the host allows (`reopened`), until `close()`.
 * Rejects with a TransportError (exit 4) when the first open fails or takes longer than `openTimeoutMs`.
 */
export async function openTunnel(options: TunnelOptions, onState: (state: TunnelState) => void): Promise<ManagedTunnel> {
  const settings = validateTunnelOptions(options);
  const tunnel = new KeptTunnel(settings, options, onState);
  const stopOpening = (): void => tunnel.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', stopOpening, { once: true });
  try {
    if (options.signal?.aborted) throw options.signal.reason;
    await tunnel.open();
    return tunnel;
  } catch (error) {
    await tunnel.close();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', stopOpening);
  }
}

class KeptTunnel implements ManagedTunnel {
  url = '';
  private current: { tunnel: EstablishedTunnel; monitor: HealthMonitor } | undefined;
  private readonly lifetime = new AbortController();
  private readonly dispatcher: Agent = createLocalhostAwareAgent();
  private reconnecting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly settings: TunnelSettings,
    private readonly options: TunnelOptions,
    private readonly onState: (state: TunnelState) => void,
  ) {}

  async open(): Promise<void> {
    const established = await this.connect(this.options.subdomain);
    this.url = established.grant.url;
    this.onState({ state: 'open', url: this.url, message: describeGrant(established.grant, this.options) });
  }

  abort(reason: unknown): void {
    this.lifetime.abort(reason);
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    if (!this.lifetime.signal.aborted) this.lifetime.abort();
    this.current?.monitor.stop();
    await this.current?.tunnel.sockets.drain();
    this.dropCurrent();
    await this.reconnecting;
    this.dropCurrent();
    await this.dispatcher.destroy();
  }

  private async connect(subdomain: string | undefined): Promise<EstablishedTunnel> {
    let monitor: HealthMonitor | undefined;
    const changed = (): void => monitor?.socketsChanged();
    const tunnel = await establishTunnel(
      this.settings,
      subdomain,
      { signal: this.lifetime.signal, dispatcher: this.dispatcher },
      { onSocketOpen: () => {}, onSocketDead: changed, onError: changed },
    );
    const interval = this.options.healthIntervalMs ?? 10_000;
    monitor = await startHealthMonitor(
      {
        tunnelHost: this.settings.tunnelHost,
        id: tunnel.grant.id,
        intervalMs: interval,
        graceMs: Math.min(interval, 1500),
        dispatcher: this.dispatcher,
        liveSockets: tunnel.sockets.live,
        onLost: (reason) => this.lost(reason),
      },
      this.lifetime.signal,
    );
    if (this.lifetime.signal.aborted) {
      monitor.stop();
      tunnel.sockets.close();
      throw this.lifetime.signal.reason;
    }
    this.current = { tunnel, monitor };
    // A socket may have died while the self-check ran.
    monitor.socketsChanged();
    return tunnel;
  }

  private dropCurrent(): EstablishedTunnel | undefined {
    const dropped = this.current;
    this.current = undefined;
    dropped?.monitor.stop();
    dropped?.tunnel.sockets.close();
    return dropped?.tunnel;
  }

  private lost(reason: string): void {
    if (this.lifetime.signal.aborted) return;
    const previous = this.dropCurrent();
    this.onState({ state: 'down', url: this.url, message: `tunnel ${this.url} lost: ${reason}; reconnecting` });
    // The name producers already have beats the one the user asked for and did not get.
    const name = previous?.grant.id ?? this.options.subdomain;
    this.reconnecting = this.reopen(name, Date.now()).catch(() => {
      // Only close() ends the loop; nothing to report then.
    });
  }

  private async reopen(name: string | undefined, downSince: number): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      await sleep(Math.min(FIRST_RETRY_MS * 2 ** attempt, MAX_RETRY_MS), this.lifetime.signal);
      let established: EstablishedTunnel;
      try {
        established = await this.connect(name);
      } catch {
        if (this.lifetime.signal.aborted) return;
        continue;
      }
      const previousUrl = this.url;
      this.url = established.grant.url;
      this.onState({
        state: 'reopened',
        url: this.url,
        previousUrl,
        message: describeReopen(established.grant, previousUrl, name, Date.now() - downSince),
      });
      return;
    }
  }
}
