import type { Duplex } from 'node:stream';
import type { EventDraft } from '../core/events.js';

const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.[01]\r?\n/;

/**
 * Headers bigger than the receiver allows never become a request, so fastify never sees them. The sender still
 * made a callback: record it as rejected (431), with its request line when Node's last packet still holds it, and answer 431.
 */
export function recordHeaderOverflow(error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex, record: (draft: EventDraft) => void, maxHeaderSize: number): void {
  if (error.code !== 'HPE_HEADER_OVERFLOW') {
    // Every other malformed request gets what fastify's default handler gives it.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    return;
  }
  const line = REQUEST_LINE.exec(error.rawPacket?.subarray(0, 8192).toString('latin1') ?? '');
  const path = line?.[2] ?? '/';
  const mark = path.indexOf('?');
  const sent = socket.writable;
  record({
    type: 'callback',
    method: line?.[1] ?? 'UNKNOWN',
    path: mark === -1 ? path : path.slice(0, mark),
    query: {},
    headers: {},
    body: null,
    bodyText: null,
    bodyBase64: '',
    size: 0,
    contentType: null,
    remote: `${(socket as { remoteAddress?: string }).remoteAddress ?? ''}:${(socket as { remotePort?: number }).remotePort ?? 0}`,
    response: sent ? { status: 431, headers: { connection: 'close' } } : { status: null, error: 'the sender hung up before the answer' },
    matched: false,
    note: `headers over the ${Math.round(maxHeaderSize / 1024)} KiB limit (raise --body-limit, which sets it)`,
    rejected: { reason: 'headers too large', size: error.rawPacket?.length ?? 0 },
  });
  if (sent) socket.end('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  else socket.destroy();
}
