import type { WebSocket } from 'ws';
import type { EventDraft } from '../core/events.js';
import { AckWatermark } from './ack-watermark.js';
import { channelNameOf, newChannelKey, streamIdAfter } from './channel-keys.js';
import { recordedThrough } from './recorded-through.js';
import { createLocalReplayer } from './local-replay.js';
import { rejectedCallbackDraft } from './rejected-callback.js';
import { connectToChannel, type ChannelConnection } from './relay-connection.js';
import { parseRelayFrame, type ClientToRelay, type RelayedAnswer, type RelayedRequest } from './relay-protocol.js';

export interface RelayChannelOptions {
  /** One relay URL (a load balancer), or several instances to fail over between, in order. */
  relayUrl: string | string[];
  token: string | null;
  /** The same key is the same channel: its public URL stays, and a new run resumes where the last one left off. */
  channelKey?: string | null;
  /** The local receiver every relayed request is replayed to. */
  localUrl: string;
  signal: AbortSignal;
  /** `relay` events (open, down, resumed) and the callbacks the relay refused for their size. */
  onEvent(draft: EventDraft): void;
  /** Hands the record to the OS (as the receiver does before it answers), so what is acknowledged is in the record. */
  commit?: () => boolean;
  /** `--record` appends: the channel's entries an earlier run already recorded are skipped (see recorded-through.ts). */
  recordPath?: string | null;
}

export interface RelayChannel {
  publicUrl: string;
  close(): Promise<void>;
}

// The relay pings every few seconds; this much silence means the connection is gone even if TCP has not said so.
const SILENCE_LIMIT_MS = 20_000;
const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 5000;
// On close, answers still being worked out locally get this long to reach their producers.
const DRAIN_MS = 2000;

/**
 * Makes a local receiver reachable at a relay channel's public URL: each relayed request is replayed to it with
 * its exact bytes and its answer goes back. A lost connection is retried with backoff (rotating through the relay
 * URLs) and resumes after the last stream id seen; a duplicate id is dropped.
 */
export async function openRelayChannel(options: RelayChannelOptions): Promise<RelayChannel> {
  const relayUrls = [options.relayUrl].flat();
  const key = options.channelKey ?? newChannelKey();
  const stop = new AbortController();
  const onAbort = (): void => void close();
  options.signal.addEventListener('abort', onAbort, { once: true });

  const replayer = createLocalReplayer(options.localUrl);
  const watermark = new AckWatermark();
  const outbox: RelayedAnswer[] = [];
  let pendingAck: string | null = null;
  let flushQueued = false;
  let lastSeen: string | null = null;
  let current: WebSocket | null = null;
  let inlineAck = false;
  let publicUrl = '';
  let closing = false;
  let inFlight = 0;
  let drained: () => void = () => undefined;

  const send = (frame: ClientToRelay): void => current?.send(JSON.stringify(frame));
  // Answers finished in one turn of the event loop travel in one frame, with the acknowledgment when the relay takes it.
  const flush = (): void => {
    flushQueued = false;
    if (current?.readyState !== 1) return;
    const ack = pendingAck;
    pendingAck = null;
    if (outbox.length > 0 && ack !== null && inlineAck) return send({ type: 'answers', answers: outbox.splice(0), ack });
    if (outbox.length > 0) send({ type: 'answers', answers: outbox.splice(0) });
    if (ack !== null) send({ type: 'ack', id: ack });
  };
  const queueFlush = (): void => {
    if (flushQueued) return;
    flushQueued = true;
    setImmediate(flush);
  };
  // An entry is done once the receiver answered it: the receiver hands the record to the OS before it answers, so
  // the acknowledgment can go with the answer and a hard kill afterwards neither loses nor repeats the callback.
  const finish = (id: string, answer: RelayedAnswer | null): void => {
    if (answer?.reply) outbox.push(answer);
    inFlight -= 1;
    if (inFlight === 0) drained();
    pendingAck = watermark.complete(id) ?? pendingAck;
    queueFlush();
  };
  const take = (entries: RelayedRequest[]): void => {
    for (const entry of entries) {
      // While closing, new entries stay unacknowledged in the stream for the next run with this channel's key.
      if (closing || (lastSeen !== null && !streamIdAfter(entry.id, lastSeen))) continue;
      lastSeen = entry.id;
      watermark.track(entry.id);
      inFlight += 1;
      if (entry.rejected) {
        options.onEvent(rejectedCallbackDraft({ ...entry, rejected: entry.rejected }));
        options.commit?.();
        finish(entry.id, null);
      } else {
        void replayer.replay(entry).then((answer) => finish(entry.id, answer));
      }
    }
  };

  const attach = (connection: ChannelConnection, relayIndex: number): void => {
    const { ws } = connection;
    current = ws;
    inlineAck = connection.inlineAck;
    let silence = setTimeout(() => ws.terminate(), SILENCE_LIMIT_MS);
    const heard = (): void => {
      clearTimeout(silence);
      silence = setTimeout(() => ws.terminate(), SILENCE_LIMIT_MS);
    };
    ws.on('ping', heard);
    const onFrame = (data: Buffer): void => {
      heard();
      const frame = parseRelayFrame(data.toString());
      if (frame?.type === 'entries') take(frame.entries);
    };
    for (const data of connection.takeEarlyFrames()) onFrame(data);
    ws.on('message', onFrame);
    const lost = (code: number, reason: Buffer): void => {
      clearTimeout(silence);
      if (current === ws) current = null;
      if (closing) return;
      const why = reason.length > 0 ? reason.toString() : `connection closed (${code})`;
      options.onEvent({ type: 'relay', state: 'down', url: publicUrl, message: `${why}; reconnecting` });
      void reconnect(relayIndex + 1);
    };
    // Closed already, between its hello and now: no close event will come.
    if (ws.readyState === ws.CLOSED) return lost(1006, Buffer.alloc(0));
    ws.once('close', lost);
    flush();
  };

  const reconnect = async (startIndex: number): Promise<void> => {
    for (let attempt = 0; !closing; attempt += 1) {
      await pause(backoffMs(attempt), stop.signal);
      if (closing) return;
      const index = (startIndex + attempt) % relayUrls.length;
      try {
        const connection = await connectToChannel(relayUrls[index]!, key, options.token, lastSeen, stop.signal);
        if (closing) {
          connection.ws.terminate();
          return;
        }
        publicUrl = connection.url;
        attach(connection, index);
        options.onEvent({ type: 'relay', state: 'resumed', url: publicUrl, after: connection.after, message: `through ${relayUrls[index]}` });
        return;
      } catch {
        // The next attempt tries the next relay URL, a little later.
      }
    }
  };

  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    options.signal.removeEventListener('abort', onAbort);
    stop.abort();
    if (inFlight > 0) await Promise.race([new Promise<void>((resolve) => (drained = resolve)), pause(DRAIN_MS, undefined)]);
    flush();
    const ws = current;
    if (ws) {
      const closed = new Promise((resolve) => ws.once('close', resolve));
      ws.close(1000, 'the cbtest run ended');
      await Promise.race([closed, pause(1000, undefined)]);
      ws.terminate();
    }
    await replayer.close();
  }

  // Only a kept channel (--relay-key) can have an earlier run in the record.
  const recorded = options.channelKey && options.recordPath ? recordedThrough(options.recordPath, channelNameOf(key)) : null;
  let firstError: unknown = null;
  for (const [index, relayUrl] of relayUrls.entries()) {
    try {
      const connection = await connectToChannel(relayUrl, key, options.token, null, stop.signal, recorded);
      publicUrl = connection.url;
      // Where delivery starts is seen: a reconnect before the first entry resumes there, not at the acknowledged id.
      lastSeen = connection.after === '0-0' ? null : connection.after;
      attach(connection, index);
      options.onEvent({ type: 'relay', state: 'open', url: publicUrl, after: connection.after });
      return { publicUrl, close };
    } catch (error) {
      firstError ??= error;
      if (options.signal.aborted) break;
    }
  }
  await close();
  throw firstError;
}

function backoffMs(attempt: number): number {
  const base = Math.min(BACKOFF_FIRST_MS * 2 ** attempt, BACKOFF_MAX_MS);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
