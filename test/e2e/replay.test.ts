import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { headersToSendOn } from '../../src/core/resend.js';
import { listeningUrl, parseNdjson, runCli, runCliToEnd, type CliRun } from '../helpers/cli.js';

type Event = Record<string, any>;

/** Resolves once the run has printed `count` events of `type` (a `--json` run), naming what it printed otherwise. */
function eventsOf(run: CliRun, type: string, count: number, timeoutMs = 15_000): Promise<Event[]> {
  return new Promise((resolve, reject) => {
    const found = () => parseNdjson(run.stdout()).filter((event) => event.type === type);
    const timer = setTimeout(() => reject(new Error(`expected ${count} ${type} events, got ${found().length}:\n${run.stdout()}\n${run.stderr()}`)), timeoutMs);
    const check = (): void => {
      if (found().length < count) return;
      clearTimeout(timer);
      run.child.stdout.off('data', check);
      resolve(found());
    };
    run.child.stdout.on('data', check);
    check();
  });
}

async function send(url: string, method: string, body: Uint8Array | string, headers: Record<string, string>): Promise<number> {
  const response = await request(url, { method: method as 'POST', body, headers });
  await response.body.dump();
  return response.statusCode;
}

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, index) => index);
// Spaces and a number too big for a double: a replay that re-serialised the JSON would change these bytes.
const JSON_TEXT = '{ "id" : 1, "total": 12345678901234567890, "name": "caf\u00e9" }';
const FORM_TEXT = 'a=1&b=two+words&c=%C3%A9&a=2';

describe('cbtest replay (the built binary)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbtest-replay-'));
  const record = join(dir, 'events.ndjson');
  let recorded: Event[] = [];
  let target: CliRun;
  let targetUrl = '';

  beforeAll(async () => {
    const original = runCli(['listen', '--port', '0', '--json', '--record', record]);
    const url = await listeningUrl(original);
    expect(await send(`${url}/hooks/bin?x=1&x=2`, 'POST', ALL_BYTES, { 'content-type': 'application/octet-stream', 'x-custom': 'one', 'user-agent': 'producer/1.0' })).toBe(200);
    expect(await send(`${url}/hooks/form`, 'POST', FORM_TEXT, { 'content-type': 'application/x-www-form-urlencoded' })).toBe(200);
    expect(await send(`${url}/hooks/json?y=a%20b&empty=`, 'PUT', JSON_TEXT, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req-7' })).toBe(200);
    expect(await send(`${url}/hooks/item/9`, 'DELETE', 'why=expired', { 'content-type': 'text/plain' })).toBe(200);
    await eventsOf(original, 'callback', 4);
    original.kill('SIGINT');
    expect(await original.exited).toBe(0);
    recorded = parseNdjson(readFileSync(record, 'utf8')).filter((event) => event.type === 'callback');
    expect(recorded).toHaveLength(4);

    // A separate receiving process, as the app a replay is aimed at would be.
    target = runCli(['listen', '--port', '0', '--json']);
    targetUrl = await listeningUrl(target);
  }, 90_000);

  afterAll(async () => {
    target?.kill('SIGINT');
    await target?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  test('every callback arrives again byte for byte: method, path, query, headers and body (binary, form, JSON, a DELETE body)', async () => {
    const replay = await runCliToEnd(['replay', record, '--to', targetUrl]);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/→ \S+ {2}replay of #2 {2}POST http:\/\/127\.0\.0\.1:\d+\/hooks\/bin\?x=1&x=2/);
    expect(replay.stdout).toMatch(/← \S+ {2}replay {2}200 in /);
    expect(replay.stdout).toMatch(/PASS 4 callbacks in \S+, exit 0/);

    const arrived = await eventsOf(target, 'callback', 4);
    for (const [index, original] of recorded.entries()) {
      const again = arrived[index]!;
      expect({ method: again.method, path: again.path, query: again.query, bodyBase64: again.bodyBase64 }).toEqual({
        method: original.method,
        path: original.path,
        query: original.query,
        bodyBase64: original.bodyBase64,
      });
      expect(headersToSendOn(again.headers)).toEqual(headersToSendOn(original.headers));
      expect(again.headers['content-length']).toBe(String(original.size));
    }
    expect(Buffer.from(arrived[0]!.bodyBase64, 'base64')).toEqual(Buffer.from(ALL_BYTES));
    expect(arrived[0]!.headers['x-custom']).toBe('one');
    expect(arrived[1]!.bodyText).toBe(FORM_TEXT);
    expect(arrived[2]!.bodyText).toBe(JSON_TEXT);
    expect(arrived[3]).toMatchObject({ method: 'DELETE', bodyText: 'why=expired' });
  });

  test('--seq and --filter choose, -H replaces a header, --json shows each request (with replayOf) and its answer', async () => {
    const before = parseNdjson(target.stdout()).filter((event) => event.type === 'callback').length;
    const [bin, form, json] = recorded;
    const replay = await runCliToEnd(['replay', record, '--to', `${targetUrl}/app`, '--seq', `${form!.seq}-${json!.seq + 5}`, '--filter', '$.method == "PUT"', '-H', 'X-Request-Id: req-8', '--json']);
    expect(replay.code).toBe(0);
    const events = parseNdjson(replay.stdout);
    expect(events.map((event) => event.type)).toEqual(['request', 'ack', 'result']);
    expect(events[0]).toMatchObject({ label: 'replay', method: 'PUT', replayOf: json!.seq, url: `${targetUrl}/app/hooks/json?y=a%20b&empty=`, headers: { 'x-request-id': 'req-8' } });
    expect(events[1]).toMatchObject({ status: 200, requestSeq: events[0]!.seq });
    expect(events[2]).toMatchObject({ pass: true, exitCode: 0, callbacks: 1 });
    const arrived = (await eventsOf(target, 'callback', before + 1)).slice(before);
    expect(arrived[0]).toMatchObject({ path: '/app/hooks/json', bodyBase64: json!.bodyBase64 });
    expect(arrived[0]!.headers['x-request-id']).toBe('req-8');
    expect(bin).toBeDefined();
  });

  test('a non-2xx answer is exit 4 naming it; an unreachable target stops the replay with exit 4', { timeout: 90_000 }, async () => {
    const refusing = runCli(['listen', '--port', '0', '--json', '--status', '503']);
    try {
      const url = await listeningUrl(refusing);
      const replay = await runCliToEnd(['replay', record, '--to', url, '--concurrency', '2']);
      expect(replay.code).toBe(4);
      expect(replay.stdout).toMatch(/FAIL 4 callbacks in \S+, exit 4: 4 of 4 replays answered non-2xx: #2 → 503, #3 → 503, #4 → 503, #5 → 503/);
    } finally {
      refusing.kill('SIGINT');
      await refusing.exited;
    }
    // With no --to, the target is the record's own receiver, which is gone now.
    const gone = await runCliToEnd(['replay', record]);
    expect(gone.code).toBe(4);
    expect(gone.stdout).toMatch(/exit 4: replay of #2: POST http:\/\/127\.0\.0\.1:\d+\/hooks\/bin\?x=1&x=2 refused the connection \(ECONNREFUSED\).*\(3 more not sent\)/);
  });

  test('a file that is not a cbtest record is exit 2 naming the first bad line; so are a missing file and a wrong --seq', async () => {
    const broken = join(dir, 'broken.ndjson');
    const lines = readFileSync(record, 'utf8').split('\n');
    writeFileSync(broken, [lines[0], lines[1], '{"seq": 3, "at": "2026-12-01T00:00:00Z"}', lines[2]].join('\n'));
    const notJson = join(dir, 'notes.txt');
    writeFileSync(notJson, 'hello\n');
    const [bad, text, missing, wrongSeq] = await Promise.all([
      runCliToEnd(['replay', broken]),
      runCliToEnd(['replay', notJson]),
      runCliToEnd(['replay', join(dir, 'missing.ndjson')]),
      runCliToEnd(['replay', record, '--seq', '1', '--to', targetUrl]),
    ]);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: `cbtest: ${broken}:3: no "type"; a record is what --record or --json wrote: one JSON event per line\n` });
    expect(text).toMatchObject({ code: 2, stderr: `cbtest: ${notJson}:1: not JSON: "hello"; a record is what --record or --json wrote: one JSON event per line\n` });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('missing.ndjson cannot be read (no such file)') });
    expect(wrongSeq).toMatchObject({ code: 2, stderr: 'cbtest: --seq 1: event #1 is a listening, not a callback; callbacks in this run: #2, #3, #4, #5\n' });
  }, 90_000);

  test('--sign signs each replay afresh: a new id and timestamp that the provider\'s own library accepts; the secret is never shown', async () => {
    const secret = `whsec_${Buffer.from('replay-test-secret-0123456789').toString('base64')}`;
    const before = parseNdjson(target.stdout()).filter((event) => event.type === 'callback').length;
    const [json] = recorded.filter((event) => event.method === 'PUT');
    const startedAt = Math.floor(Date.now() / 1000);
    const replay = await runCliToEnd(['replay', record, '--seq', `${json!.seq},${json!.seq}`, '--to', targetUrl, '--sign', 'standard-webhooks', '--secret', 'env:WH_SECRET', '--json'], { env: { WH_SECRET: secret } });
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).not.toContain(secret);
    const [arrived] = (await eventsOf(target, 'callback', before + 1)).slice(before);
    const headers = arrived!.headers as Record<string, string>;
    // Verified by the standard-webhooks package itself, not by cbtest's code, over the exact bytes that arrived.
    const verified = new Webhook(secret).verify(Buffer.from(arrived!.bodyBase64, 'base64').toString('utf8'), headers);
    expect(verified).toMatchObject({ id: 1, name: 'caf\u00e9' });
    expect(Number(headers['webhook-timestamp'])).toBeGreaterThanOrEqual(startedAt - 5);
    expect(headers['webhook-id']).toMatch(/^msg_/);

    const unknown = await runCliToEnd(['replay', record, '--sign', 'acme', '--secret', 's', '--to', targetUrl]);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/^cbtest: --sign acme is not a signature scheme cbtest knows; use one of standard-webhooks, svix, stripe/) });
  }, 90_000);
});
