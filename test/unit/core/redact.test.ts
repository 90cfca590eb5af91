import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../src/core/event-store.js';
import type { CbEvent, CallbackEvent } from '../../../src/core/events.js';

const callback = (overrides: Partial<CallbackEvent> = {}): CallbackEvent => ({
  type: 'callback',
  method: 'POST',
  path: '/cb/x',
  query: {},
  headers: { 'content-type': 'application/json' },
  body: null,
  bodyText: '',
  bodyBase64: '',
  size: 0,
  contentType: 'application/json',
  remote: '127.0.0.1',
  response: { status: 200 },
  matched: true,
  ...overrides,
});

function recorded(store: EventStore): CbEvent[] {
  const seen: CbEvent[] = [];
  store.subscribe((event) => seen.push(event));
  return seen;
}

describe('redaction in the event store', () => {
  it('writes Authorization, Cookie and Proxy-Authorization as <redacted, N chars> in what cbtest sends and receives', () => {
    const store = new EventStore();
    const seen = recorded(store);
    store.append({ type: 'request', label: 'rpc', method: 'POST', url: 'http://x/rpc', headers: { Authorization: 'Bearer abc123', 'user-agent': 'cbtest' }, body: null });
    const headers = { authorization: 'Basic dXNlcjpwYXNz', cookie: 'session=s3cret', 'proxy-authorization': 'Basic eA==', 'x-ok': 'kept' };
    store.append(callback({ headers }));
    store.append({ type: 'ack', label: 'rpc', requestSeq: 1, status: 200, headers: { 'set-cookie': ['a=1; HttpOnly', 'b=2'] }, body: null, durationMs: 1 });
    expect(JSON.stringify(seen)).not.toMatch(/abc123|dXNlcjpwYXNz|s3cret|eA==|a=1/);
    expect(seen[0]).toMatchObject({ headers: { Authorization: '<redacted, 13 chars>', 'user-agent': 'cbtest' } });
    expect(seen[1]).toMatchObject({ headers: { authorization: '<redacted, 18 chars>', cookie: '<redacted, 14 chars>', 'proxy-authorization': '<redacted, 10 chars>', 'x-ok': 'kept' } });
    expect(seen[2]).toMatchObject({ headers: { 'set-cookie': ['<redacted, 13 chars>', '<redacted, 3 chars>'] } });
    // The receiver forwards the original headers: redaction copies, never mutates.
    expect(headers.authorization).toBe('Basic dXNlcjpwYXNz');
  });

  it('redacts the headers named with --redact-header, in any case', () => {
    const store = new EventStore({ redaction: { headers: ['X-Api-Key'] } });
    const seen = recorded(store);
    store.append(callback({ headers: { 'x-api-key': 'k-123456' } }));
    expect(seen[0]).toMatchObject({ headers: { 'x-api-key': '<redacted, 8 chars>' } });
  });

  it("replaces a secret value wherever it appears: body, text, the exact bytes, a URL, an assertion's actual", () => {
    const secret = 'tok_live_5f2a';
    const store = new EventStore({ redaction: { secrets: [secret] } });
    const seen = recorded(store);
    const text = JSON.stringify({ token: secret, nested: [`x-${secret}-y`] });
    store.append(callback({ body: JSON.parse(text), bodyText: text, bodyBase64: Buffer.from(text).toString('base64'), size: text.length }));
    store.append({ type: 'request', label: 'send', method: 'POST', url: `http://x/hook?t=${secret}`, headers: {}, body: null });
    store.append({ type: 'assertion', expr: '$.body.token == "x"', pass: false, actual: secret, eventSeq: 1, message: `got "${secret}"` });
    const line = JSON.stringify(seen);
    expect(line).not.toContain(secret);
    expect(Buffer.from((seen[0] as CallbackEvent).bodyBase64, 'base64').toString()).not.toContain(secret);
    expect(seen[0]).toMatchObject({ body: { token: '<redacted, 13 chars>', nested: ['x-<redacted, 13 chars>-y'] } });
    expect(seen[2]).toMatchObject({ actual: '<redacted, 13 chars>', type: 'assertion', seq: 3 });
  });

  it('finds a secret in a body that is not UTF-8 text, byte for byte', () => {
    const store = new EventStore({ redaction: { secrets: ['hunter22'] } });
    const seen = recorded(store);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hunter22'), Buffer.from([0x00])]);
    store.append(callback({ bodyText: null, bodyBase64: bytes.toString('base64'), size: bytes.length }));
    expect(Buffer.from((seen[0] as CallbackEvent).bodyBase64, 'base64').toString('latin1')).toBe('\u00ff\u00fe<redacted, 8 chars>\u0000');
  });

  it('redacts the OAuth code in the redirect query, a Location header, a followed URL and the token request', () => {
    const store = new EventStore({ redaction: { params: ['code'] } });
    const seen = recorded(store);
    store.append({ type: 'ack', label: 'authorize', requestSeq: 1, status: 302, headers: { location: 'http://127.0.0.1:1/cb/x?code=AbC-123&state=s1' }, body: null, durationMs: 1 });
    store.append({ type: 'request', label: 'redirect', method: 'GET', url: 'http://127.0.0.1:1/cb/x?state=s1&code=AbC-123', headers: {}, body: null });
    store.append(callback({ method: 'GET', query: Object.assign(Object.create(null), { code: 'AbC-123', state: 's1' }) }));
    store.append({ type: 'request', label: 'token', method: 'POST', url: 'http://x/token', headers: {}, body: { grant_type: 'authorization_code', code: 'AbC-123' } });
    expect(JSON.stringify(seen)).not.toContain('AbC-123');
    expect(seen[0]).toMatchObject({ headers: { location: 'http://127.0.0.1:1/cb/x?code=<redacted, 7 chars>&state=s1' } });
    expect(seen[2]).toMatchObject({ query: { code: '<redacted, 7 chars>', state: 's1' } });
    expect(seen[3]).toMatchObject({ body: { code: '<redacted, 7 chars>', grant_type: 'authorization_code' } });
  });

  it('leaves an event without secrets as it is (no copy on the hot path)', () => {
    const store = new EventStore({ redaction: { headers: ['x-key'] } });
    const draft = callback({ headers: { 'content-type': 'text/plain' } });
    const event = store.append(draft);
    expect(event.headers).toBe(draft.headers);
  });

  it('never rewrites what an event is, even for a secret that looks like one of its members', () => {
    const store = new EventStore({ redaction: { secrets: ['callback'] } });
    expect(store.append(callback({ note: 'a callback note' }))).toMatchObject({ type: 'callback', note: 'a <redacted, 8 chars> note' });
  });
});
