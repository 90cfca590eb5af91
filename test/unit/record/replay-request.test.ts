import { describe, expect, test } from 'vitest';
import type { CbEventOf } from '../../../src/core/events.js';
import { buildReplayRequest } from '../../../src/flows/replay.js';

function recorded(extra: Partial<CbEventOf<'callback'>> = {}): CbEventOf<'callback'> {
  return {
    type: 'callback', seq: 4, at: '2026-12-01T10:00:00.000Z', method: 'POST', path: '/hooks/stripe', query: { a: ['1', '2'], b: 'x y' },
    headers: { host: 'old:4000', connection: 'keep-alive, x-hop', 'x-hop': '1', 'content-length': '3', 'transfer-encoding': 'chunked', 'content-type': 'text/plain', authorization: '<redacted, 9 chars>', 'x-keep': 'yes' },
    body: null, bodyText: 'abc', bodyBase64: Buffer.from('abc').toString('base64'), size: 3, contentType: 'text/plain', remote: '127.0.0.1:1', response: { status: 200 }, matched: true,
    ...extra,
  };
}

describe('the request a replay sends', () => {
  test('the same method, path after the target, query and exact bytes; connection headers and redacted ones left out', () => {
    const replay = buildReplayRequest(recorded(), 'http://127.0.0.1:3000/app');
    expect(replay.url.href).toBe('http://127.0.0.1:3000/app/hooks/stripe?a=1&a=2&b=x%20y');
    expect(replay.method).toBe('POST');
    expect(replay.headers).toEqual({ 'content-type': 'text/plain', 'x-keep': 'yes' });
    expect(replay.body?.toString()).toBe('abc');
    expect(replay.redacted).toEqual(['authorization']);
    expect(replay.replayOf).toBe(4);
  });

  test('-H replaces a recorded header, and gives back a redacted one', () => {
    const replay = buildReplayRequest(recorded(), 'http://127.0.0.1:3000', { Authorization: 'Bearer new', 'X-Keep': 'changed' });
    expect(replay.headers).toMatchObject({ authorization: 'Bearer new', 'x-keep': 'changed' });
    expect(replay.redacted).toEqual([]);
  });

  test('a GET or DELETE sends its recorded bytes; with none it sends no body at all; HEAD never does', () => {
    expect(buildReplayRequest(recorded({ method: 'DELETE' }), 'http://h').body?.toString()).toBe('abc');
    expect(buildReplayRequest(recorded({ method: 'GET', bodyBase64: '', bodyText: '', size: 0 }), 'http://h').body).toBeNull();
    expect(buildReplayRequest(recorded({ method: 'HEAD' }), 'http://h').body).toBeNull();
    expect(buildReplayRequest(recorded({ bodyBase64: '', bodyText: '', size: 0 }), 'http://h').body).toEqual(Buffer.alloc(0));
  });
});
