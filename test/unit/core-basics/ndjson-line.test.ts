import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/core/body-decoding.js';
import { EventStore } from '../../../src/core/event-store.js';
import type { CallbackEvent } from '../../../src/core/events.js';
import { toNdjsonLine } from '../../../src/core/ndjson.js';

function arrived(text: string, contentType: string): CallbackEvent {
  const bytes = new TextEncoder().encode(text);
  const decoded = decodeBody(bytes, contentType);
  return { type: 'callback', method: 'POST', path: '/', query: {}, headers: { 'content-type': contentType }, body: decoded.body, bodyText: decoded.bodyText, bodyBase64: Buffer.from(bytes).toString('base64'), size: bytes.length, contentType, remote: '127.0.0.1:1', response: { status: 200 }, matched: true };
}

describe('a callback as an NDJSON line', () => {
  it('carries a JSON body as the sender wrote it: one line, its numbers exact, parsing to the same value', () => {
    const text = '{\r\n  "amount": 1.0,\n  "id": 12345678901234567890,\n  "tags": ["a", "b"]\n}';
    const line = toNdjsonLine(new EventStore().append(arrived(text, 'application/json')));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\r\n]/);
    expect(line).toContain('"body":{    "amount": 1.0,   "id": 12345678901234567890,');
    const parsed = JSON.parse(line) as CallbackEvent & { seq: number };
    expect(parsed.body).toEqual(JSON.parse(text));
    expect([parsed.bodyText, parsed.seq, Object.keys(parsed).slice(0, 4)]).toEqual([text, 1, ['type', 'seq', 'at', 'method']]);
  });

  it('holds every member of the event, those beyond the usual envelope too, and the same value as JSON.stringify', () => {
    const event = new EventStore().append({ ...arrived('{"a":[1,2,{"b":"\\u00e9\\n"}]}', 'application/json'), note: 'not "ours"\n', signature: 'valid', sinceAckMs: 12 });
    const line = toNdjsonLine(event);
    expect(line.slice(0, -1)).not.toMatch(/[\r\n]/);
    expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(event)));
    const odd = { ...event, seq: Number.NaN, query: undefined } as unknown as typeof event;
    expect(JSON.parse(toNdjsonLine(odd))).toEqual(JSON.parse(JSON.stringify(odd)));
  });

  it('serialises a form body, and a redacted JSON body, from their values (the raw text would hold the secret)', () => {
    const form = JSON.parse(toNdjsonLine(new EventStore().append(arrived('a=1&a=2', 'application/x-www-form-urlencoded')))) as CallbackEvent;
    expect(form.body).toEqual({ a: ['1', '2'] });
    const store = new EventStore({ redaction: { secrets: ['s3cr3t-value'] } });
    const line = toNdjsonLine(store.append(arrived('{"token": "s3cr3t-value", "n": 1.50}', 'application/json')));
    expect(line).not.toContain('s3cr3t-value');
    expect((JSON.parse(line) as CallbackEvent).body).toMatchObject({ n: 1.5 });
  });

  it('writes a body decoded before another from its value: the same JSON, one line, never the other body', () => {
    const first = arrived('{"n": 1.0,\n "who": "first"}', 'application/json');
    const second = arrived('{"who": "second"}', 'application/json');
    const store = new EventStore();
    const firstLine = toNdjsonLine(store.append(first));
    const secondLine = toNdjsonLine(store.append(second));
    expect(firstLine.slice(0, -1)).not.toMatch(/[\r\n]/);
    expect([(JSON.parse(firstLine) as CallbackEvent).body, (JSON.parse(secondLine) as CallbackEvent).body]).toEqual([{ n: 1, who: 'first' }, { who: 'second' }]);
    expect(secondLine).toContain('"body":{"who": "second"}');
  });

  it('writes each callback with its own time, method, path, answer and base64, however alike the one before was', () => {
    const base = arrived('{"a":1}', 'application/json');
    const variants: Array<Partial<CallbackEvent>> = [
      { response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"received":true}', durationMs: 0.3 } },
      { method: 'PUT', path: '/other "quoted"', contentType: null, response: { status: 201, headers: { 'content-type': 'text/plain' }, durationMs: 1 } },
      { response: { status: null, error: 'the sender hung up before the answer' } },
      { bodyBase64: 'not base64 "at all"\n', response: { status: 503, headers: { 'retry-after': '5' }, body: 'busy\n"', durationMs: 12.5 } },
      { response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"received":true}', durationMs: 2, extra: 'kept' } as CallbackEvent['response'] },
    ];
    let clock = Date.parse('2026-12-03T07:00:00.000Z');
    const store = new EventStore({ now: () => new Date((clock += 1)) });
    for (const variant of [...variants, ...variants.reverse()]) {
      const event = store.append({ ...base, ...variant });
      const line = toNdjsonLine(event);
      expect(line.slice(0, -1)).not.toMatch(/[\r\n]/);
      expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(event)));
    }
  });
});
