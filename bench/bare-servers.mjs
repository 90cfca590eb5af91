// The baselines the benchmark compares cbtest against, each in its own process like cbtest:
// `node bare-servers.mjs http|fastify|fastify-record PORT [RECORD]`.
// fastify-record is the honest one: it records the facts cbtest records (the same NDJSON line per callback: exact
// bytes as base64, text, parsed body, headers, query, the answer with its body and how long it took), with cbtest's
// own batching, to a record file and to stdout, and answers only once its record line is written, as cbtest does.
import { openSync, writeSync } from 'node:fs';
import http from 'node:http';
import Fastify from 'fastify';
import { batchedWriter } from '../dist/report/batched-writer.js';

const [kind, portText, recordPath] = process.argv.slice(2);
const port = Number(portText ?? 0);
const ANSWER = '{"received":true}';

if (kind === 'http') {
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      Buffer.concat(chunks);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(ANSWER);
    });
  });
  server.listen(port, '127.0.0.1');
} else if (kind === 'fastify') {
  const app = Fastify();
  app.post('*', async () => ({ received: true }));
  await app.listen({ port, host: '127.0.0.1' });
} else if (kind === 'fastify-record') {
  await recordingFastify();
} else {
  throw new Error(`unknown baseline ${kind}`);
}
process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

async function recordingFastify() {
  const fd = openSync(recordPath, 'a');
  const record = batchedWriter({
    write: (chunk) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    },
  });
  const stdout = batchedWriter(process.stdout);
  const app = Fastify({ bodyLimit: 10 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  let seq = 0;
  let answers = [];
  // Like cbtest: answers ready in one turn of the event loop wait for one write of their record lines.
  const answerAll = () => {
    record.flush();
    for (const reply of answers) reply.code(200).header('content-type', 'application/json').send(ANSWER);
    answers = [];
  };
  app.all('*', (request, reply) => {
    const receivedAt = performance.now();
    const bytes = request.body ?? Buffer.alloc(0);
    const url = request.url;
    const mark = url.indexOf('?');
    const bodyText = bytes.toString('utf8');
    let body = null;
    try {
      body = JSON.parse(bodyText);
    } catch {
      body = null;
    }
    const event = {
      type: 'callback',
      seq: (seq += 1),
      at: new Date().toISOString(),
      method: request.method,
      path: mark === -1 ? url : url.slice(0, mark),
      query: mark === -1 ? {} : Object.fromEntries(new URLSearchParams(url.slice(mark + 1))),
      headers: request.headers,
      body,
      bodyText,
      bodyBase64: bytes.toString('base64'),
      size: bytes.length,
      contentType: request.headers['content-type'] ?? null,
      remote: `${request.ip}:${request.socket.remotePort}`,
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: ANSWER, durationMs: Math.round((performance.now() - receivedAt) * 10) / 10 },
      matched: true,
    };
    const line = `${JSON.stringify(event)}\n`;
    record.write(line);
    stdout.write(line);
    if (answers.push(reply) === 1) setImmediate(answerAll);
    // Like cbtest's route, it returns nothing: a returned reply is a thenable fastify would wait on.
  });
  await app.listen({ port, host: '127.0.0.1' });
}
