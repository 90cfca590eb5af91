import { request } from 'undici';
import { WebSocket } from 'ws';
import { TransportError } from '../core/errors.js';
import { streamIdAfter } from './channel-keys.js';
import { CONNECT_PATH, KEY_HEADER, OPEN_PATH, parseRelayFrame, type RelayToClient } from './relay-protocol.js';

export interface ChannelConnection {
  ws: WebSocket;
  /** The channel's public URL, as this relay instance gives it. */
  url: string;
  /** Where delivery goes on: entries after this id. */
  after: string;
  /** The relay takes acknowledgments inside `answers` frames (older relays need a frame of their own). */
  inlineAck: boolean;
  /**
   * Frames that arrived right behind the hello (often in the same TCP read), before the caller listened: the
   * caller takes them and its own listener from here on, in one synchronous step, so none is lost.
   */
  takeEarlyFrames(): Buffer[];
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * One attempt at a relay: open the channel (idempotent: the same key is the same channel, and a relay whose Redis
 * forgot it makes it again), then its WebSocket, resuming after `after` (the last id this client saw) or, for a
 * client that saw nothing yet, after the channel's last acknowledged id (or the last id its record holds).
 */
export async function connectToChannel(
  relayUrl: string,
  key: string,
  token: string | null,
  after: string | null,
  signal: AbortSignal,
  recorded: string | null = null,
): Promise<ChannelConnection> {
  const opened = await openChannel(relayUrl, key, token, signal);
  // A fresh client also skips what an earlier run's record already holds (`recorded`), when that is further on.
  const resumeAfter = after ?? (recorded !== null && streamIdAfter(recorded, opened.acked) ? recorded : opened.acked);
  const wsUrl = endpoint(relayUrl, CONNECT_PATH);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  wsUrl.searchParams.set('after', resumeAfter);
  const ws = new WebSocket(wsUrl, { headers: { [KEY_HEADER]: key }, handshakeTimeout: CONNECT_TIMEOUT_MS, perMessageDeflate: false });
  const early: Buffer[] = [];
  const keepEarly = (data: Buffer): void => void early.push(data);
  const hello = await new Promise<Extract<RelayToClient, { type: 'hello' }>>((resolve, reject) => {
    const fail = (message: string): void => {
      cleanup();
      ws.terminate();
      reject(new TransportError(`the relay at ${relayUrl} did not stream channel ${opened.channel}: ${message}`, 'check that it is a cbtest relay'));
    };
    const onMessage = (data: Buffer): void => {
      const frame = parseRelayFrame(data.toString());
      if (frame?.type !== 'hello') return fail('its first frame was not a hello');
      cleanup();
      ws.on('message', keepEarly);
      resolve(frame);
    };
    const onError = (error: Error): void => fail(error.message);
    const onClose = (code: number): void => fail(`closed (${code})`);
    const onUnexpected = (_request: unknown, response: { statusCode?: number }): void => fail(`answered ${response.statusCode ?? '?'}`);
    const onAbort = (): void => fail('stopped');
    const timer = setTimeout(() => fail(`no answer within ${CONNECT_TIMEOUT_MS / 1000}s`), CONNECT_TIMEOUT_MS);
    const cleanup = (): void => {
      clearTimeout(timer);
      ws.off('message', onMessage).off('error', onError).off('close', onClose).off('unexpected-response', onUnexpected);
      signal.removeEventListener('abort', onAbort);
    };
    ws.on('message', onMessage).on('error', onError).on('close', onClose).on('unexpected-response', onUnexpected);
    signal.addEventListener('abort', onAbort);
  });
  const takeEarlyFrames = (): Buffer[] => {
    ws.off('message', keepEarly);
    return early.splice(0);
  };
  return { ws, url: hello.url || opened.url, after: hello.after, inlineAck: hello.inlineAck === true, takeEarlyFrames };
}

async function openChannel(relayUrl: string, key: string, token: string | null, signal: AbortSignal): Promise<{ channel: string; url: string; acked: string }> {
  let response;
  try {
    response = await request(endpoint(relayUrl, OPEN_PATH), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ key }),
      signal,
      headersTimeout: CONNECT_TIMEOUT_MS,
      bodyTimeout: CONNECT_TIMEOUT_MS,
    });
  } catch (error) {
    throw new TransportError(`cannot reach the relay at ${relayUrl}: ${(error as Error).message}`, 'check --relay (is `cbtest relay` running there?)');
  }
  const text = await response.body.text();
  if (response.statusCode === 401) {
    throw new TransportError(`the relay at ${relayUrl} needs a token to open a channel`, token === null ? 'pass it with --relay-token' : 'check --relay-token');
  }
  let opened: { channel?: unknown; url?: unknown; acked?: unknown } = {};
  try {
    opened = JSON.parse(text) as typeof opened;
  } catch {
    // judged below
  }
  if (response.statusCode !== 200 || typeof opened.channel !== 'string' || typeof opened.url !== 'string') {
    throw new TransportError(`the relay at ${relayUrl} answered ${response.statusCode} to opening a channel`, 'check that --relay points at `cbtest relay`');
  }
  return { channel: opened.channel, url: opened.url, acked: typeof opened.acked === 'string' ? opened.acked : '0-0' };
}

/** The relay URL may carry a path prefix (a reverse proxy's); the relay's own paths go after it. */
function endpoint(relayUrl: string, path: string): URL {
  const url = new URL(relayUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = '';
  return url;
}
