import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { prepareSignature } from '../../../src/signatures/registry.js';
import { STANDARD_WEBHOOKS_VECTORS, YEAR_MS } from './vectors.js';

const [vector] = STANDARD_WEBHOOKS_VECTORS;
const atVector = vector!.timestamp * 1000;
const request = (body: string, headers: Record<string, string>) => ({ headers, body: Buffer.from(body) });
const signedHeaders = (signature: string, overrides: Record<string, string> = {}) => ({
  'webhook-id': vector!.id,
  'webhook-timestamp': String(vector!.timestamp),
  'webhook-signature': signature,
  ...overrides,
});

describe('standard-webhooks', () => {
  it.each(STANDARD_WEBHOOKS_VECTORS)('signs the official vector $id exactly', (v) => {
    const headers = prepareSignature('standard-webhooks', v.secret).sign(v.body, { id: v.id, nowMs: v.timestamp * 1000 });
    expect(headers).toEqual({ 'webhook-id': v.id, 'webhook-timestamp': String(v.timestamp), 'webhook-signature': v.expected });
  });

  it.each(STANDARD_WEBHOOKS_VECTORS)('accepts the official vector $id with the clock at its timestamp', (v) => {
    const check = prepareSignature('standard-webhooks', v.secret);
    const headers = { 'webhook-id': v.id, 'webhook-timestamp': String(v.timestamp), 'webhook-signature': v.expected };
    expect(check.verify(request(v.body, headers), v.timestamp * 1000)).toEqual({ valid: true });
  });

  it('says how old a stale timestamp is, and that it is in the future when it is', () => {
    const check = prepareSignature('standard-webhooks', vector!.secret);
    const signed = request(vector!.body, signedHeaders(vector!.expected));
    expect(check.verify(signed, atVector + 3 * YEAR_MS + 1000)).toEqual({ valid: false, reason: 'timestamp is 3 years old (tolerance 5m)' });
    expect(check.verify(signed, atVector - 10 * 60_000)).toEqual({ valid: false, reason: 'timestamp is 10m in the future (tolerance 5m)' });
    const lenient = prepareSignature('standard-webhooks', vector!.secret, { toleranceMs: 15 * 60_000 });
    expect(lenient.verify(signed, atVector - 10 * 60_000)).toEqual({ valid: true });
  });

  it('names the missing header', () => {
    const check = prepareSignature('standard-webhooks', vector!.secret);
    expect(check.verify(request(vector!.body, {}), atVector)).toEqual({ valid: false, reason: 'no webhook-signature header' });
    const { 'webhook-id': _id, ...noId } = signedHeaders(vector!.expected);
    expect(check.verify(request(vector!.body, noId), atVector)).toEqual({ valid: false, reason: 'no webhook-id header' });
  });

  it('refuses a tampered body and a body a proxy re-serialised', () => {
    const check = prepareSignature('standard-webhooks', vector!.secret);
    expect(check.verify(request('{"test": 2432232315}', signedHeaders(vector!.expected)), atVector)).toEqual({ valid: false, reason: 'no v1 signature matches' });
    const reserialised = JSON.stringify(JSON.parse(vector!.body));
    expect(reserialised).not.toBe(vector!.body);
    expect(check.verify(request(reserialised, signedHeaders(vector!.expected)), atVector).valid).toBe(false);
  });

  it('passes when one of several v1 values is right (key rotation), and says how many were tried when none is', () => {
    const check = prepareSignature('standard-webhooks', vector!.secret);
    const wrong = 'v1,Zm9vYmFyYmF6Zm9vYmFyYmF6Zm9vYmFyYmF6Zm9vYmE=';
    expect(check.verify(request(vector!.body, signedHeaders(`${wrong} ${vector!.expected}`)), atVector)).toEqual({ valid: true });
    expect(check.verify(request(vector!.body, signedHeaders(`${wrong} ${wrong}`)), atVector)).toEqual({ valid: false, reason: 'no v1 signature matches (2 given)' });
    expect(check.verify(request(vector!.body, signedHeaders('v1a,abcd')), atVector).valid).toBe(false);
    expect(check.verify(request(vector!.body, signedHeaders('v1a,abcd')), atVector)).toMatchObject({ reason: expect.stringContaining('only v1a') });
  });

  it('spots a timestamp sent in milliseconds', () => {
    const check = prepareSignature('standard-webhooks', vector!.secret);
    const headers = signedHeaders(vector!.expected, { 'webhook-timestamp': String(atVector) });
    expect(check.verify(request(vector!.body, headers), atVector)).toEqual({ valid: false, reason: `webhook-timestamp ${atVector} looks like milliseconds; the scheme signs seconds` });
  });

  it('signs what the official library accepts, and accepts what it signs, at the real time', () => {
    const secret = vector!.secret;
    const body = '{"type":"invoice.paid","id":42}';
    const ours = prepareSignature('standard-webhooks', secret).sign(body);
    expect(ours['webhook-id']).toMatch(/^msg_/);
    expect(new Webhook(secret).verify(body, ours)).toEqual({ type: 'invoice.paid', id: 42 });
    const now = new Date();
    const theirs = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign('msg_1', now, body) };
    expect(prepareSignature('standard-webhooks', secret).verify(request(body, theirs))).toEqual({ valid: true });
  });

  it('checks the exact bytes of a body that is not UTF-8', () => {
    const check = prepareSignature('standard-webhooks', vector!.secret);
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const headers = check.sign(bytes, { nowMs: atVector, id: 'msg_bin' });
    expect(check.verify({ headers, body: bytes }, atVector)).toEqual({ valid: true });
    expect(check.verify({ headers, body: Buffer.from(bytes.toString('utf8')) }, atVector).valid).toBe(false);
  });

  it('svix reads and writes svix- headers, and accepts webhook- ones', () => {
    const check = prepareSignature('svix', vector!.secret);
    const headers = check.sign(vector!.body, { id: vector!.id, nowMs: atVector });
    expect(headers['svix-signature']).toBe(vector!.expected);
    expect(check.verify(request(vector!.body, headers), atVector)).toEqual({ valid: true });
    expect(check.verify(request(vector!.body, signedHeaders(vector!.expected)), atVector)).toEqual({ valid: true });
    expect(check.verify(request(vector!.body, {}), atVector)).toEqual({ valid: false, reason: 'no svix-signature header' });
  });

  it('refuses a key that is not base64 without echoing it', () => {
    expect(() => prepareSignature('standard-webhooks', 'whsec_not*base64!')).toThrow(/--secret for standard-webhooks is not a Standard Webhooks key/);
    try {
      prepareSignature('standard-webhooks', 'whsec_not*base64!');
    } catch (error) {
      expect(String(error)).not.toContain('not*base64');
    }
  });
});
