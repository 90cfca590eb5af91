import Fastify, { type FastifyInstance } from 'fastify';

/** What the test receiver saw of one request. */
export interface Received {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // Parsed JSON, loosely typed: tests read into it with expect().
  body: any;
}

export interface Answer {
  status: number;
  body?: unknown;
}

export interface RecordingReceiver {
  url: string;
  received: Received[];
  /** POSTs only (probes by OPTIONS are left out). */
  posts(): Received[];
  /** Resolves once `count` POSTs have arrived; rejects after `timeoutMs` naming what did arrive. */
  waitForPosts(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A tiny real receiver on loopback that records every request and answers as `answer` says (postIndex counts POSTs). */
export async function startRecordingReceiver(
  answer: (request: Received, postIndex: number) => Answer = () => ({ status: 200 }),
  tls?: { cert: string; key: string },
): Promise<RecordingReceiver> {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  // The https and http instances differ only in their server type, which this helper never touches.
  const app = (tls ? Fastify({ forceCloseConnections: true, https: tls }) : Fastify({ forceCloseConnections: true })) as unknown as FastifyInstance;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.all('/*', async (request, reply) => {
    const text = typeof request.body === 'string' ? request.body : '';
    let body: any = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = null;
    }
    const entry: Received = { method: request.method, path: request.url, headers: request.headers, text, body };
    received.push(entry);
    const postIndex = received.filter((r) => r.method === 'POST').length - 1;
    const { status, body: responseBody } = answer(entry, postIndex);
    for (const wake of waiters) wake();
    return reply.code(status).send(responseBody ?? '');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const posts = (): Received[] => received.filter((r) => r.method === 'POST');

  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    received,
    posts,
    waitForPosts(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (posts().length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(posts());
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} POSTs, got ${posts().length}: ${posts().map((p) => p.text).join(' | ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => app.close(),
  };
}
