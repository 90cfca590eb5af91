import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildCurlCommand, callbackUrlFor, shellQuote, type CurlSource } from '../../../src/core/curl-command.js';

function source(body: Buffer | string | null, overrides: Partial<CurlSource> = {}): CurlSource {
  const bytes = body === null ? Buffer.alloc(0) : Buffer.from(body);
  let bodyText: string | null = null;
  if (body !== null) {
    const decoded = bytes.toString('utf8');
    bodyText = Buffer.from(decoded, 'utf8').equals(bytes) ? decoded : null;
  }
  return {
    method: 'POST',
    path: '/hooks',
    query: {},
    headers: { 'content-type': 'application/json' },
    bodyText,
    bodyBase64: bytes.toString('base64'),
    size: bytes.length,
    ...overrides,
  };
}

describe('shellQuote', () => {
  test('leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('--data-raw')).toBe('--data-raw');
    expect(shellQuote('http://127.0.0.1:4000/a?b=1')).toBe(`'http://127.0.0.1:4000/a?b=1'`);
    expect(shellQuote('')).toBe(`''`);
    expect(shellQuote('$(rm -rf ~) `x` "y"')).toBe(`'$(rm -rf ~) \`x\` "y"'`);
  });

  test("closes and reopens the quotes around a '", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  test('writes control characters as $-quoted escapes so a paste cannot run them', () => {
    expect(shellQuote('a\nb\u001b')).toBe(`$'a\\x0ab\\x1b'`);
    expect(shellQuote("it's\u0007")).toBe(`$'it\\'s\\x07'`);
    expect(shellQuote('two\nlines\tand a tab')).toBe(`'two\nlines\tand a tab'`);
  });
});

describe('callbackUrlFor', () => {
  test('appends the callback path and query to a bare origin', () => {
    expect(callbackUrlFor('http://127.0.0.1:4000', { path: '/hooks/a', query: { x: '1', tag: ['a', 'b c'] } })).toBe(
      'http://127.0.0.1:4000/hooks/a?x=1&tag=a&tag=b%20c',
    );
  });

  test('puts the callback path after the path of a --forward-to target, and keeps its query', () => {
    expect(callbackUrlFor('http://localhost:3000/webhooks/', { path: '/stripe', query: {} })).toBe('http://localhost:3000/webhooks/stripe');
    expect(callbackUrlFor('http://localhost:3000/app?k=v', { path: '/x', query: { n: '2' } })).toBe('http://localhost:3000/app/x?k=v&n=2');
  });
});

describe('buildCurlCommand', () => {
  test('a JSON body goes inline with its headers; framing headers are left to curl', () => {
    const command = buildCurlCommand(
      source('{"id":"a1"}', { headers: { host: 'x', 'content-length': '11', 'content-type': 'application/json', 'x-signature': 't=1,v1=ab' }, query: { q: '1' } }),
      { target: 'http://127.0.0.1:4000' },
    );
    expect(command).toBe(
      [
        `curl -X POST 'http://127.0.0.1:4000/hooks?q=1' \\`,
        `  -H 'content-type: application/json' \\`,
        `  -H 'x-signature: t=1,v1=ab' \\`,
        `  --data-raw '{"id":"a1"}'`,
      ].join('\n'),
    );
  });

  test("quotes a ' in the body and in a header", () => {
    const command = buildCurlCommand(source(`{"name":"O'Brien"}`, { headers: { 'content-type': 'application/json', 'x-note': "it's" } }), {
      target: 'http://127.0.0.1:4000',
    });
    expect(command).toContain(`-H 'x-note: it'\\''s'`);
    expect(command).toContain(`--data-raw '{"name":"O'\\''Brien"}'`);
  });

  test('a binary body is piped in as base64 through --data-binary @-', () => {
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x1b]);
    const command = buildCurlCommand(source(bytes, { headers: { 'content-type': 'application/octet-stream' } }), { target: 'http://127.0.0.1:4000' });
    expect(command.startsWith(`printf '%s' ${bytes.toString('base64')} | base64 -d | curl -X POST`)).toBe(true);
    expect(command.endsWith('--data-binary @-')).toBe(true);
  });

  test('text with control characters or tabs is sent as base64 too, so the screen shows exactly what runs', () => {
    expect(buildCurlCommand(source('a\u001b[2Jb'), { target: 'http://h' })).toContain('base64 -d');
    expect(buildCurlCommand(source('a\tb'), { target: 'http://h' })).toContain('base64 -d');
    expect(buildCurlCommand(source('line 1\nline 2\n'), { target: 'http://h' })).toContain(`--data-raw 'line 1\nline 2\n'`);
  });

  test('repeats multi-valued headers, sends empty ones with ;, and stops curl inventing a content type', () => {
    const command = buildCurlCommand(source('x', { headers: { 'x-tag': ['a', 'b'], 'x-empty': '' } }), { target: 'http://h' });
    expect(command).toContain(`-H 'x-tag: a' \\\n  -H 'x-tag: b'`);
    expect(command).toContain(`-H 'x-empty;'`);
    expect(command).toContain(`-H Content-Type:`);
  });

  test('GET without a body needs no method flag; HEAD uses --head; a self-signed receiver gets --cacert', () => {
    expect(buildCurlCommand(source(null, { method: 'GET', headers: {} }), { target: 'http://h' })).toBe(`curl 'http://h/hooks'`);
    expect(buildCurlCommand(source(null, { method: 'HEAD', headers: {} }), { target: 'http://h' })).toBe(`curl --head 'http://h/hooks'`);
    expect(buildCurlCommand(source(null, { method: 'GET', headers: {} }), { target: 'https://127.0.0.1:4000', caCertPath: '/tmp/cb cert.pem' })).toBe(
      `curl 'https://127.0.0.1:4000/hooks' \\\n  --cacert '/tmp/cb cert.pem'`,
    );
  });

  test('a refused body is named in a comment and not invented', () => {
    const command = buildCurlCommand(source(null, { size: 0, rejected: { reason: 'body too large', size: 20_000_000 } }), { target: 'http://h' });
    expect(command.split('\n')[0]).toBe('# the 20000000-byte body was not kept (body too large); this resends without it');
    expect(command).not.toContain('--data');
  });
});

const hasTools = await promisify(execFile)('sh', ['-c', 'command -v curl && command -v base64'])
  .then(() => true)
  .catch(() => false);

describe.skipIf(!hasTools)('the command, run by a real shell and curl, delivers the exact bytes', () => {
  let app: FastifyInstance;
  let url = '';
  const received: Array<{ method: string; url: string; headers: Record<string, unknown>; body: Buffer }> = [];

  beforeAll(async () => {
    app = Fastify();
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app.all('/*', async (request) => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body: (request.body as Buffer | undefined) ?? Buffer.alloc(0) });
      return 'ok';
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  const cases: Array<[string, Buffer | string, Record<string, string>]> = [
    ['quotes, $ and backticks', `{"name":"O'Brien","cmd":"$(id) \`id\`","n":12345678901234567890}`, { 'content-type': 'application/json' }],
    ['a body starting with @', '@/etc/passwd', { 'content-type': 'text/plain' }],
    ['unicode and newlines', 'héllo ✓\nzweite Zeile\n', { 'content-type': 'text/plain; charset=utf-8' }],
    ['escape sequences', 'a\u001b[2J\u001b]0;x\u0007b\r\n', { 'content-type': 'text/plain' }],
    ['binary bytes', Buffer.from([0, 1, 2, 253, 254, 255, 0x1b, 10, 13, 39]), { 'content-type': 'application/octet-stream' }],
    ['invalid UTF-8', Buffer.from([0x68, 0xc3, 0x28, 0x69]), {}],
  ];

  test.each(cases)('%s', async (_name, body, headers) => {
    received.length = 0;
    const event = source(body, { method: 'PUT', path: '/replay/it', query: { a: "b'c" }, headers: { ...headers, 'x-sig': "v1='x'" } });
    const command = buildCurlCommand(event, { target: url });
    await promisify(execFile)('sh', ['-c', `${command.replace(/^#.*\n/, '')} --silent --output /dev/null`]);
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got!.method).toBe('PUT');
    const sent = new URL(got!.url, url);
    expect(sent.pathname).toBe('/replay/it');
    expect(sent.searchParams.get('a')).toBe("b'c");
    expect(got!.headers['x-sig']).toBe("v1='x'");
    expect(got!.headers['content-type']).toBe(headers['content-type']);
    expect(got!.body.equals(Buffer.from(body))).toBe(true);
  });
});
