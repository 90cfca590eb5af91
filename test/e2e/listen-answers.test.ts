import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { listeningUrl, parseNdjson, runCli, runCliToEnd } from '../helpers/cli.js';

const recordPath = () => join(mkdtempSync(join(tmpdir(), 'cbtest-answers-')), 'record.ndjson');

async function post(url: string, body = '{"event":"paid"}', headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await request(url, { method: 'POST', body, headers });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

function callbacks(path: string) {
  return parseNdjson(readFileSync(path, 'utf8')).filter((event) => event.type === 'callback');
}

describe('response scripts for testing a webhook sender', () => {
  it('--respond-seq 503,503,200 with --retry-after: the run waits for the retry the sender makes after each 503', async () => {
    const record = recordPath();
    const run = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '30s', '--respond-seq', '503,503,200', '--retry-after', '1s', '--record', record]);
    const url = await listeningUrl(run);
    // A sender that retries while it is told to, honouring Retry-After as Standard Webhooks asks.
    const answers: Array<{ status: number; retryAfter: unknown }> = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const answer = await post(`${url}/hooks`, `{"attempt":${attempt}}`);
      answers.push({ status: answer.status, retryAfter: answer.headers['retry-after'] });
      if (answer.status < 300) break;
      await new Promise((resolve) => setTimeout(resolve, Number(answer.headers['retry-after']) * 100));
    }
    expect(answers).toEqual([
      { status: 503, retryAfter: '1' },
      { status: 503, retryAfter: '1' },
      { status: 200, retryAfter: undefined },
    ]);
    expect(await run.exited).toBe(0);
    expect(callbacks(record).map((event) => [event.body, (event.response as { status: number }).status, event.matched, event.note])).toEqual([
      [{ attempt: 1 }, 503, false, 'answered 503 by --respond-seq'],
      [{ attempt: 2 }, 503, false, 'answered 503 by --respond-seq'],
      [{ attempt: 3 }, 200, true, undefined],
    ]);
  });

  it('--fail-first 1 --count 1 does not end the run on the failed attempt: the retry is answered 200 and counted', async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '30s', '--fail-first', '1']);
    const url = await listeningUrl(run);
    expect((await post(url)).status).toBe(500);
    expect((await post(url)).status).toBe(200);
    expect(await run.exited).toBe(0);
    const recorded = parseNdjson(run.stdout()).filter((event) => event.type === 'callback');
    expect(recorded.map((event) => [event.matched, event.note])).toEqual([
      [false, 'answered 500 by --fail-first'],
      [true, undefined],
    ]);
    expect(parseNdjson(run.stdout()).at(-1)).toMatchObject({ type: 'result', exitCode: 0, callbacks: 1 });
  });

  it('the last scripted status repeats', async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--count', '2', '--timeout', '30s', '--respond-seq', '500,201']);
    const url = await listeningUrl(run);
    expect([(await post(url)).status, (await post(url)).status, (await post(url)).status]).toEqual([500, 201, 201]);
    expect(await run.exited).toBe(0);
  });

  it('--delay and --respond-seq apply before forwarding: a scripted failure never reaches the app', async () => {
    const seen: string[] = [];
    const app = createServer((incoming: IncomingMessage, response) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk));
      incoming.on('end', () => {
        seen.push(body);
        response.writeHead(202, { 'content-type': 'text/plain', 'x-app': 'yes' }).end('app got it');
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}`;
    try {
      const run = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '30s', '--respond-seq', '503,200', '--delay', '200ms', '--forward-to', appUrl]);
      const url = await listeningUrl(run);
      expect((await post(url, '{"n":1}')).status).toBe(503);
      const second = await post(url, '{"n":2}');
      expect(second).toMatchObject({ status: 202, text: 'app got it' });
      expect(await run.exited).toBe(0);
      expect(seen).toEqual(['{"n":2}']);
    } finally {
      app.close();
    }
  });

  it('--response-body that is not JSON is sent as text/plain, JSON as application/json, unless --response-header says otherwise', async () => {
    const plain = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '30s', '--response-body', 'OK plain']);
    const answer = await post(await listeningUrl(plain));
    expect(answer).toMatchObject({ status: 200, text: 'OK plain' });
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(await plain.exited).toBe(0);

    const xml = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '30s', '--response-body', '<ok/>', '--response-header', 'Content-Type: application/xml']);
    const xmlAnswer = await post(await listeningUrl(xml));
    expect(xmlAnswer.headers['content-type']).toBe('application/xml');
    expect(await xml.exited).toBe(0);
  });
});

describe('answers cbtest cannot give as asked are refused at start with exit 2', () => {
  it.each([
    [['--forward-to', 'http://127.0.0.1:9/', '--status', '201'], /--forward-to and --status both say how to answer/],
    [['--forward-to', 'http://127.0.0.1:9/', '--response-body', '{}', '--response-header', 'X-A: 1'], /--forward-to and --response-body, --response-header/],
    [['--fail-first', '2', '--respond-seq', '503,200'], /--fail-first and --respond-seq both script the answers/],
    [['--respond-seq', '503,,200'], /--respond-seq '503,,200' has an empty entry/],
    [['--respond-seq', '503,700'], /--respond-seq '700' is not a whole number from 100 to 599/],
    [['--retry-after', '1500ms'], /--retry-after '1500ms' is not whole seconds/],
    // Caught where every -H style flag is parsed (core/headers.ts), before the answer rules see it.
    [['--response-header', 'X-Evil: a\r\nSet-Cookie: b'], /--response-header 'X-Evil: a\\r\\nSet-Cookie: b' carries a line break/],
    [['--response-header', 'X-Price: 5 €'], /--response-header 'X-Price: 5 €' has a character a header cannot carry \(U\+20AC/],
  ])('%j', async (args, message) => {
    const result = await runCliToEnd(['listen', '--port', '0', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});

describe('the record and the gate never pass quietly', () => {
  it('--record /dev/full (a full disk) is one line and exit 2 at start, no stack trace', async () => {
    const result = await runCliToEnd(['listen', '--port', '0', '--count', '1', '--timeout', '20s', '--record', '/dev/full']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--record \/dev\/full cannot be written \(ENOSPC: the disk is full\)/);
  });

  it('a --forward-to gate where the app answers 503 fails with exit 4 naming the answer, unless an --expect names forward', async () => {
    const app = createServer((_incoming, response) => response.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance'));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}`;
    try {
      const failing = runCli(['listen', '--port', '0', '--count', '1', '--timeout', '30s', '--forward-to', appUrl]);
      const url = (await failing.waitForLine(/^listening /)).replace('listening ', '');
      expect((await post(url)).status).toBe(503);
      expect(await failing.exited).toBe(4);
      expect(failing.stdout()).toMatch(/your app at http:\/\/127\.0\.0\.1:\d+\/ answered 503 to callback #\d+: down for maintenance/);

      const judged = runCli(['listen', '--port', '0', '--count', '1', '--timeout', '30s', '--forward-to', appUrl, '--expect', '$.forward.status == 503']);
      const judgedUrl = (await judged.waitForLine(/^listening /)).replace('listening ', '');
      expect((await post(judgedUrl)).status).toBe(503);
      expect(await judged.exited).toBe(0);
    } finally {
      app.close();
    }
  });

  it('SIGTERM during a pending --forward-to ends within seconds and records that the sender got nothing', async () => {
    let forwarded: () => void = () => undefined;
    const forwardPending = new Promise<void>((resolve) => (forwarded = resolve));
    const app = createServer(() => forwarded()); // never answers
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const record = recordPath();
    try {
      const run = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '60s', '--forward-to', `http://127.0.0.1:${(app.address() as { port: number }).port}`, '--record', record]);
      const url = await listeningUrl(run);
      const sent = post(url).then((answer) => answer.status, (error: Error) => error.message);
      await forwardPending; // the app holds the forwarded callback: shutdown now has a pending forward to cut
      const killedAt = Date.now();
      run.kill('SIGTERM');
      expect(await run.exited).toBe(143);
      expect(Date.now() - killedAt).toBeLessThan(8000); // was 29s: the forward's own timeout
      expect(await sent).not.toBe(200);
      expect(callbacks(record)).toMatchObject([{ response: { status: null, error: 'cbtest shut down before answering' }, matched: false }]);
    } finally {
      app.closeAllConnections();
      app.close();
    }
  });
});

describe('a sender that got an answer finds its callback in the record', () => {
  it('even after SIGKILL: every callback answered 2xx is in the record file', async () => {
    const record = recordPath();
    const run = runCli(['listen', '--port', '0', '--json', '--record', record]);
    const url = await listeningUrl(run);
    let answered = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, sender) => {
        for (let index = 0; index < 10; index += 1) if ((await post(`${url}/s${sender}`, `{"n":${index}}`)).status === 200) answered += 1;
      }),
    );
    run.kill('SIGKILL');
    await run.exited;
    expect(answered).toBe(200);
    expect(callbacks(record)).toHaveLength(200);
  });
});
