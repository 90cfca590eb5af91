import { request, type Dispatcher } from 'undici';
import { DeadlineReached, deadlineSignal, describeNetworkError } from './abortable.js';

export interface HealthMonitorOptions {
  tunnelHost: string;
  id: string;
  intervalMs: number;
  /** How long the client may sit with no socket before the tunnel counts as lost. */
  graceMs: number;
  dispatcher: Dispatcher;
  liveSockets: () => number;
  onLost: (reason: string) => void;
}

export interface HealthMonitor {
  /** Called when a socket closed or failed: a tunnel with no socket left is lost unless one comes back. */
  socketsChanged(): void;
  stop(): void;
}

type PollOutcome = { kind: 'healthy' } | { kind: 'unsupported' } | { kind: 'gone' } | { kind: 'failing'; problem: string };

/**
 * Notices a dead tunnel even when the client stays silent: by its sockets (all closed and none back within
 * `graceMs`), and by polling `<host>/api/tunnels/<id>/status`, which localtunnel servers answer with
 * `{connected_sockets}`. Servers without that endpoint are watched by their sockets alone.
 * Resolves after a first status read.
 */
export async function startHealthMonitor(options: HealthMonitorOptions, signal: AbortSignal): Promise<HealthMonitor> {
  let stopped = false;
  let graceTimer: NodeJS.Timeout | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let inFlight: AbortController | undefined;
  let strikes = 0;

  // Read once while the tunnel is known good (it just passed the self-check): a 404 now means
  // this server has no status endpoint, while a 404 later means it forgot the tunnel.
  const first = await readStatus(options, signal);
  const endpointKnown = first.kind === 'healthy' || first.kind === 'failing';

  const stop = (): void => {
    stopped = true;
    clearTimeout(graceTimer);
    clearTimeout(pollTimer);
    inFlight?.abort();
  };
  const lost = (reason: string): void => {
    if (stopped) return;
    stop();
    options.onLost(reason);
  };

  const poll = async (): Promise<void> => {
    inFlight = new AbortController();
    const outcome = await readStatus(options, inFlight.signal);
    inFlight = undefined;
    if (stopped) return;
    if (outcome.kind === 'healthy') strikes = 0;
    else if (outcome.kind === 'gone') return lost(`the tunnel host no longer knows tunnel ${options.id}`);
    else if (outcome.kind === 'unsupported') return stop();
    else if (++strikes >= 2) return lost(outcome.problem);
    schedulePoll();
  };
  const schedulePoll = (): void => {
    pollTimer = setTimeout(() => void poll(), options.intervalMs);
    pollTimer.unref();
  };
  if (endpointKnown) schedulePoll();

  return {
    socketsChanged: () => {
      if (stopped || graceTimer || options.liveSockets() > 0) return;
      graceTimer = setTimeout(() => {
        graceTimer = undefined;
        if (options.liveSockets() === 0) lost(`every connection to ${options.tunnelHost} closed`);
      }, options.graceMs);
      graceTimer.unref();
    },
    stop,
  };
}

async function readStatus(options: HealthMonitorOptions, signal: AbortSignal): Promise<PollOutcome> {
  const url = new URL(`/api/tunnels/${encodeURIComponent(options.id)}/status`, options.tunnelHost);
  const attempt = deadlineSignal(signal, Math.min(options.intervalMs, 5000));
  try {
    const response = await request(url, { method: 'GET', dispatcher: options.dispatcher, signal: attempt.signal });
    const text = await response.body.text();
    if (response.statusCode === 404) return { kind: 'gone' };
    if (response.statusCode >= 500) {
      return { kind: 'failing', problem: `${options.tunnelHost} answered ${response.statusCode} to a status check` };
    }
    const sockets = connectedSockets(text);
    if (response.statusCode !== 200 || sockets === undefined) return { kind: 'unsupported' };
    if (sockets > 0) return { kind: 'healthy' };
    return { kind: 'failing', problem: `${options.tunnelHost} reports no connection for tunnel ${options.id}` };
  } catch (error) {
    const why = attempt.signal.reason instanceof DeadlineReached ? 'timed out' : describeNetworkError(error);
    return { kind: 'failing', problem: `${options.tunnelHost} is not answering (${why})` };
  } finally {
    attempt.dispose();
  }
}

function connectedSockets(text: string): number | undefined {
  try {
    const value = (JSON.parse(text) as { connected_sockets?: unknown }).connected_sockets;
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}
