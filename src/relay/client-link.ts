import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { AnswerRouter } from './answer-router.js';
import type { ChannelStore, RedisConnection } from './channel-store.js';
import { parseClientFrame, PROTOCOL_VERSION, type RelayToClient } from './relay-protocol.js';

export interface ClientLinkOptions {
  name: string;
  publicUrl: string;
  /** Entries after this stream id are sent; earlier ones the client already has. */
  after: string;
  store: ChannelStore;
  router: AnswerRouter;
  /** A connection of this link's own: XREAD BLOCK holds it while it waits. */
  reader: RedisConnection;
  onStorageError(error: Error): void;
}

const READ_BLOCK_MS = 5000;
const READ_BATCH = 256;
// Past this much unsent data the client is slower than the stream: wait for it instead of buffering the backlog.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** One client's WebSocket on this instance: streams its channel's entries, takes its answers and acknowledgments. */
export function serveClientLink(ws: WebSocket, options: ClientLinkOptions): { closed: Promise<void> } {
  const holderId = randomBytes(8).toString('hex');
  const { name, store } = options;
  let open = true;
  let cursor = options.after;

  const send = (frame: RelayToClient): void => ws.send(JSON.stringify(frame));
  const renewEvery = Math.max(200, Math.floor(store.limits.holderTtlMs / 3));
  // A client that stopped answering pings (its machine vanished without closing) is let go, so producers get 202.
  let answeredPing = true;
  ws.on('pong', () => (answeredPing = true));
  const heartbeat = setInterval(() => {
    if (!answeredPing) return ws.terminate();
    answeredPing = false;
    ws.ping();
    store.renewHolder(name, holderId).then(
      (stillOurs) => {
        if (!stillOurs && open) ws.close(4001, 'another connection took this channel over');
      },
      (error: Error) => options.onStorageError(error),
    );
  }, renewEvery);

  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const frame = parseClientFrame(data.toString());
    if (frame?.type === 'answers') options.router.deliver(frame.answers).catch(options.onStorageError);
    const ack = frame?.type === 'ack' ? frame.id : frame?.ack;
    if (ack !== undefined) store.acknowledge(name, ack).catch(options.onStorageError);
  });

  const stopped = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  void stopped.then(() => {
    open = false;
    clearInterval(heartbeat);
    // Ends a blocked XREAD at once instead of after READ_BLOCK_MS.
    options.reader.destroy();
    store.releaseHolder(name, holderId).catch(() => undefined);
  });

  const stream = async (): Promise<void> => {
    await store.takeHolder(name, holderId);
    send({ type: 'hello', v: PROTOCOL_VERSION, channel: name, url: options.publicUrl, after: cursor, inlineAck: true });
    while (open) {
      let entries;
      try {
        entries = await store.read(options.reader, name, cursor, READ_BLOCK_MS, READ_BATCH);
      } catch (error) {
        if (!open) return;
        options.onStorageError(error as Error);
        ws.close(1011, 'the relay lost its Redis');
        return;
      }
      if (!open || entries.length === 0) continue;
      cursor = entries[entries.length - 1]!.id;
      // The entries' JSON as read from the stream: the `entries` frame of the protocol, without a parse and a stringify.
      ws.send(`{"type":"entries","entries":[${entries.map((entry) => entry.json).join(',')}]}`);
      while (open && ws.bufferedAmount > MAX_BUFFERED_BYTES) await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  stream().catch((error: Error) => {
    options.onStorageError(error);
    if (open) ws.close(1011, 'the relay lost its Redis');
  });
  return { closed: stopped };
}
