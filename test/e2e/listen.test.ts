import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { listeningUrl, parseNdjson, runCli, runCliToEnd } from '../helpers/cli.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'cbtest-listen-'));

async function post(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const response = await request(url, { method: 'POST', body, headers });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

describe('cbtest listen as a CI gate', () => {
  it('records two callbacks, one of them malformed JSON, with exact bytes, and exits 0', async () => {
    const record = join(tempDir(), 'out.ndjson');
    const run = runCli(['listen', '--port', '0', '--count', '2', '--timeout', '20s', '--json', '--record', record]);
    const url = await listeningUrl(run);
    const good = '{"order": "12345",   "paid": true}';
    const broken = '{"order": "12345", "paid": ';
    expect((await post(`${url}/hooks/payment?attempt=1`, good, { 'content-type': 'application/json' })).status).toBe(200);
    expect((await post(`${url}/hooks/payment`, broken, { 'content-type': 'application/json' })).status).toBe(200);
    expect(await run.exited).toBe(0);

    const events = parseNdjson(run.stdout());
    expect(events[0]).toMatchObject({ type: 'listening', seq: 1, url, publicUrl: null });
    const callbacks = events.filter((event) => event.type === 'callback');
    expect(callbacks).toHaveLength(2);
    expect(Buffer.from(String(callbacks[0]!.bodyBase64), 'base64').toString()).toBe(good);
    expect(callbacks[0]).toMatchObject({ method: 'POST', path: '/hooks/payment', query: { attempt: '1' }, body: { order: '12345', paid: true }, matched: true });
    expect(callbacks[1]).toMatchObject({ body: null, bodyText: broken });
    expect(events.at(-1)).toMatchObject({ type: 'result', pass: true, exitCode: 0, callbacks: 2 });
    const seqs = events.map((event) => event.seq as number);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    // The record file holds the same events, one whole JSON object per line.
    expect(parseNdjson(readFileSync(record, 'utf8'))).toEqual(events);
  });

  it('exits 3 naming what it waited for when the time runs out', async () => {
    const result = await runCliToEnd(['listen', '--port', '0', '--count', '2', '--timeout', '300ms']);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+$/m);
    expect(result.stdout).toMatch(/FAIL .*timed out after 0\.3s waiting for 2 × callbacks \(0 of 2 arrived\)/);
  });

  it('--until waits for the first matching callback, keeps the others in the record, and judges that one', async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--until', '$.body.status == "done"', '--expect', '$.body.total > 10', '--timeout', '20s']);
    const url = await listeningUrl(run);
    await post(url, '{"status":"working"}', { 'content-type': 'application/json' });
    await post(url, '{"status":"done","total":5}', { 'content-type': 'application/json' });
    expect(await run.exited).toBe(1);
    const events = parseNdjson(run.stdout());
    const callbacks = events.filter((event) => event.type === 'callback');
    expect(callbacks.map((event) => [event.matched, event.note])).toEqual([
      [false, 'does not satisfy --until'],
      [true, undefined],
    ]);
    expect(events.filter((event) => event.type === 'assertion')).toEqual([
      expect.objectContaining({ expr: '$.body.total > 10', pass: false, actual: 5, eventSeq: callbacks[1]!.seq }),
    ]);
  });

  it('answers probes without counting them', async () => {
    const run = runCli(['listen', '--port', '0', '--count', '1', '--json', '--timeout', '20s']);
    const url = await listeningUrl(run);
    const options = await request(`${url}/cb`, { method: 'OPTIONS' });
    expect(options.statusCode).toBe(200);
    expect(options.headers.allow).toBe('POST, OPTIONS');
    await options.body.dump();
    expect((await post(`${url}/cb`, '{"rpc.callback": "check real webhook url"}', { 'content-type': 'application/json' })).status).toBe(200);
    await post(`${url}/cb`, '{"done":true}', { 'content-type': 'application/json' });
    expect(await run.exited).toBe(0);
    const events = parseNdjson(run.stdout());
    expect(events.filter((event) => event.type === 'probe').map((event) => event.method)).toEqual(['OPTIONS', 'POST']);
    expect(events.filter((event) => event.type === 'callback')).toHaveLength(1);
  });

  it('shapes its answers with --status, --response-body, --response-header and --fail-first', async () => {
    const run = runCli(['listen', '--port', '0', '--count', '1', '--json', '--status', '202', '--response-body', '{"ok":1}', '--response-header', 'X-Trace: abc', '--fail-first', '1', '--delay', '10ms']);
    const url = await listeningUrl(run);
    const first = await post(url, '{}', { 'content-type': 'application/json' });
    const second = await post(url, '{}', { 'content-type': 'application/json' });
    expect(first.status).toBe(500);
    expect(second).toMatchObject({ status: 202, text: '{"ok":1}' });
    expect(second.headers['x-trace']).toBe('abc');
    expect(await run.exited).toBe(0);
    const statuses = parseNdjson(run.stdout()).filter((event) => event.type === 'callback').map((event) => (event.response as { status: number }).status);
    expect(statuses).toEqual([500, 202]);
  });

  it('answers 413 to a body over --body-limit and records it as rejected with its size', async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--body-limit', '1KiB', '--timeout', '6s']);
    const url = await listeningUrl(run);
    // A raw socket reads what the sender was told even when the server closes the connection right after answering.
    const { port, hostname } = new URL(url);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = connect(Number(port), hostname, () => socket.end(`POST /big HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(5000)}`));
      socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      socket.on('error', () => undefined).on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(await run.exited).toBe(0);
    const callback = parseNdjson(run.stdout()).find((event) => event.type === 'callback');
    expect(callback).toMatchObject({ response: { status: 413 }, matched: false, rejected: { reason: 'body too large', size: 5000 }, bodyBase64: '' });
  });

  it('keeps binary, empty and untyped bodies, and survives a sender that disconnects mid-body', async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--count', '3', '--timeout', '20s']);
    const url = new URL(await listeningUrl(run));
    // A sender that announces 100 bytes, sends 10 and hangs up.
    await new Promise<void>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.end('POST /half HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"partial"');
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 100);
      });
    });
    const binary = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a]);
    await post(url.href, binary, { 'content-type': 'application/octet-stream' });
    await post(url.href, '');
    await post(url.href, 'plain words', { 'content-type': '' });
    expect(await run.exited).toBe(0);
    const callbacks = parseNdjson(run.stdout()).filter((event) => event.type === 'callback');
    const counted = callbacks.filter((event) => event.matched);
    expect(Buffer.from(String(counted[0]!.bodyBase64), 'base64')).toEqual(binary);
    expect(counted[0]).toMatchObject({ bodyText: null, body: null, size: binary.length });
    expect(counted[1]).toMatchObject({ bodyText: '', size: 0 });
    expect(counted[2]).toMatchObject({ bodyText: 'plain words', headers: { 'content-type': '' } });
    const half = callbacks.find((event) => event.path === '/half');
    expect(half).toMatchObject({ matched: false, rejected: { size: 10 } });
  });

  it('waits for a slow sender that dribbles its body, and records it whole', async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '20s']);
    const url = new URL(await listeningUrl(run));
    const parts = ['{"slow":', ' "sender",', ' "done": true}'];
    const socket = connect(Number(url.port), url.hostname);
    socket.write(`POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${parts.join('').length}\r\n\r\n`);
    for (const part of parts) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      socket.write(part);
    }
    expect(await run.exited).toBe(0);
    socket.destroy();
    const callback = parseNdjson(run.stdout()).find((event) => event.type === 'callback');
    expect(callback).toMatchObject({ path: '/slow', body: { slow: 'sender', done: true }, matched: true });
  });

  it('records every one of 300 concurrent callbacks exactly once, in strictly increasing seq', async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--count', '300', '--timeout', '30s']);
    const url = await listeningUrl(run);
    await Promise.all(Array.from({ length: 300 }, (_, index) => post(`${url}/n/${index}`, JSON.stringify({ index }), { 'content-type': 'application/json' })));
    expect(await run.exited).toBe(0);
    const events = parseNdjson(run.stdout());
    const indexes = events.filter((event) => event.type === 'callback').map((event) => (event.body as { index: number }).index);
    expect(new Set(indexes).size).toBe(300);
    expect(indexes).toHaveLength(300);
    const seqs = events.map((event) => event.seq as number);
    expect(seqs.every((seq, index) => index === 0 || seq > seqs[index - 1]!)).toBe(true);
  });

  it('shows payload control characters escaped in plain mode', async () => {
    const run = runCli(['listen', '--port', '0', '--count', '1', '--timeout', '20s']);
    const line = await run.waitForLine(/^listening /);
    const url = line.replace('listening ', '');
    await post(url, '{"title":"\u001b[2J\u001b[31mred\u0007"}', { 'content-type': 'application/json' });
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('\\u001b[2J\\u001b[31mred\\u0007');
    expect(run.stdout()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('ends cleanly on Ctrl-C: exit 0 when nothing was awaited, 130 while waiting, the record complete', async () => {
    const record = join(tempDir(), 'r.ndjson');
    const idle = runCli(['listen', '--port', '0', '--json', '--record', record]);
    const url = await listeningUrl(idle);
    await post(url, '{"a":1}', { 'content-type': 'application/json' });
    await idle.waitForLine(/"type":"callback"/);
    idle.kill('SIGINT');
    expect(await idle.exited).toBe(0);
    const recorded = parseNdjson(readFileSync(record, 'utf8'));
    expect(recorded.map((event) => event.type)).toEqual(['listening', 'callback', 'result']);

    const waiting = runCli(['listen', '--port', '0', '--json', '--count', '5']);
    await listeningUrl(waiting);
    waiting.kill('SIGINT');
    expect(await waiting.exited).toBe(130);
    expect(parseNdjson(waiting.stdout()).at(-1)).toMatchObject({ type: 'result', exitCode: 130, reason: 'interrupted while waiting for a verdict' });
  });
});

describe('cbtest listen refuses bad input with exit 2 and one line', () => {
  it.each([
    [['listen', '--port', 'abc'], /--port 'abc' is not a whole number/],
    [['listen', '--bogus'], /unknown option '--bogus'/],
    [['listen', '--timeout', 'soon'], /--timeout 'soon' is not a duration/],
    [['listen', '--expect', '$.body.status === 1'], /unknown predicate '===' at position/],
    [['listen', '--response-body', '@/nonexistent/body.json'], /--response-body cannot read \/nonexistent\/body\.json \(no such file\)/],
    [['listen', '--record', '/nonexistent-dir/x.ndjson'], /--record \/nonexistent-dir\/x\.ndjson cannot be opened/],
  ])('%j', async (args, message) => {
    const result = await runCliToEnd(args.includes('--port') ? args : [...args, '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('says which port is in use and how to pick another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const result = await runCliToEnd(['listen', '--port', String(port)]);
    blocker.close();
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`cbtest: port ${port} is in use; pick another with --port (or --port 0 for any free port)`);
  });
});
