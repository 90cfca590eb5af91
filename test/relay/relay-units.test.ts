import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordedThrough } from '../../src/relay/recorded-through.js';
import { parseRelayOptions } from '../../src/cli/options/relay-options.js';
import { UsageError } from '../../src/core/errors.js';
import { AckWatermark } from '../../src/relay/ack-watermark.js';
import { channelNameOf, isChannelName, newChannelKey, streamIdAfter } from '../../src/relay/channel-keys.js';
import { entryJson } from '../../src/relay/channel-store.js';
import { parseClientFrame } from '../../src/relay/relay-protocol.js';

describe('relay channels', () => {
  it('names a channel by a hash of its key: the same key is the same channel, another key another one', () => {
    const key = newChannelKey();
    expect(isChannelName(channelNameOf(key))).toBe(true);
    expect(channelNameOf(key)).toBe(channelNameOf(key));
    expect(channelNameOf(newChannelKey())).not.toBe(channelNameOf(key));
    expect(channelNameOf(key)).not.toContain(key);
  });

  it('orders stream ids by time, then sequence', () => {
    expect(streamIdAfter('1700000000001-0', '1700000000000-9')).toBe(true);
    expect(streamIdAfter('1700000000000-10', '1700000000000-9')).toBe(true);
    expect(streamIdAfter('1700000000000-9', '1700000000000-9')).toBe(false);
  });

  it('acknowledges only as far as every earlier entry is done, whatever order answers finish in', () => {
    const watermark = new AckWatermark();
    for (const id of ['1-0', '2-0', '3-0']) watermark.track(id);
    expect(watermark.complete('2-0')).toBeNull();
    expect(watermark.complete('1-0')).toBe('2-0');
    expect(watermark.pending).toBe(1);
    expect(watermark.complete('3-0')).toBe('3-0');
  });

  it('turns a stream entry into the JSON of the request it holds, header lines and refusal spliced in as stored', () => {
    const headers = ['Content-Type', 'application/json', 'X-Quote', 'say "hi"\\'];
    const fields = { method: 'POST', target: '/cb?x=1', headers: JSON.stringify(headers), body: 'e30=', remote: '10.0.0.1:5', at: '1700000000000', reply: 'ab.1', rejected: '{"size":9,"limit":4}' };
    expect(JSON.parse(entryJson('7-1', fields))).toEqual({ id: '7-1', method: 'POST', target: '/cb?x=1', headers, body: 'e30=', remote: '10.0.0.1:5', at: 1700000000000, reply: 'ab.1', rejected: { size: 9, limit: 4 } });
    expect(JSON.parse(entryJson('7-2', { method: 'GET', headers: 'garbled', rejected: '{"a":{}}' }))).toEqual({ id: '7-2', method: 'GET', target: '/', headers: [], body: '', remote: '', at: 0, reply: '' });
  });

  it('ignores frames from a client that are not answers or acknowledgments', () => {
    expect(parseClientFrame('not json')).toBeNull();
    expect(parseClientFrame('{"type":"ack","id":"5-0"}')).toEqual({ type: 'ack', id: '5-0' });
    expect(parseClientFrame('{"type":"answers","answers":[{"reply":"a.1","status":99,"headers":{},"body":""},{"reply":"a.2","status":200,"headers":{},"body":""}]}')).toEqual({
      type: 'answers',
      answers: [{ reply: 'a.2', status: 200, headers: {}, body: '' }],
    });
    expect(parseClientFrame('{"type":"answers","answers":[],"ack":"9-0"}')).toEqual({ type: 'answers', answers: [], ack: '9-0' });
    expect(parseClientFrame('{"type":"answers","answers":[],"ack":9}')).toEqual({ type: 'answers', answers: [] });
  });
});

describe('what an earlier run recorded', () => {
  it('is the last relay id of this channel after the record\'s last relay event, never another channel\'s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cbtest-recorded-'));
    const record = join(dir, 'record.ndjson');
    const relay = (name: string) => JSON.stringify({ type: 'relay', state: 'open', url: `http://r:1/c/${name}` });
    const callback = (id: string) => JSON.stringify({ type: 'callback', headers: { 'x-cbtest-relay-id': id } });
    const ours = 'A'.repeat(22);
    try {
      expect(recordedThrough(record, ours)).toBeNull();
      writeFileSync(record, [relay(ours), callback('5-0'), callback('12-1'), callback('9-0'), ''].join('\n'));
      expect(recordedThrough(record, ours)).toBe('12-1');
      writeFileSync(record, [relay(ours), callback('5-0'), relay('B'.repeat(22)), callback('99-0'), ''].join('\n'));
      expect(recordedThrough(record, ours)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--relay options', () => {
  it('takes several relay URLs, repeated or comma-separated, and resolves the token from the environment', () => {
    expect(parseRelayOptions({ relay: ['http://a:8080/', 'http://b:8080,http://c:8080'], relayToken: 'env:RELAY_TOKEN' }, { RELAY_TOKEN: 's3cret-token' })).toEqual({
      urls: ['http://a:8080', 'http://b:8080', 'http://c:8080'],
      token: 's3cret-token',
      channelKey: null,
    });
    expect(parseRelayOptions({})).toBeNull();
  });

  it('refuses what cannot work, naming the fix', () => {
    expect(() => parseRelayOptions({ relay: ['http://a'], tunnel: true })).toThrow(/--relay and --tunnel/);
    expect(() => parseRelayOptions({ relay: ['http://a'], publicUrl: 'https://x' })).toThrow(/--relay and --public-url/);
    expect(() => parseRelayOptions({ relay: ['ftp://a'] })).toThrow(UsageError);
    expect(() => parseRelayOptions({ relay: ['http://a'], relayKey: 'short' })).toThrow(/16 to 200 printable/);
    expect(() => parseRelayOptions({ relayKey: 'x'.repeat(20) })).toThrow(/need --relay/);
  });
});
