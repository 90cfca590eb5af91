import { CloudEvent, HTTP } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { cloudEventModeOf } from '../../../src/cloudevents/content-mode.js';
import { grantHeaders, readHandshake } from '../../../src/cloudevents/handshake.js';
import { parseCloudEvent } from '../../../src/cloudevents/parse-cloudevent.js';

const event = new CloudEvent({ id: 'A234-1234', type: 'com.example.order.created', source: '/orders', subject: 'order/7', time: '2026-01-02T03:04:05Z', data: { orderId: 7 } });
const lower = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
const parse = (message: { headers: Record<string, unknown>; body: unknown }) => {
  const text = typeof message.body === 'string' ? message.body : JSON.stringify(message.body);
  return parseCloudEvent(lower(message.headers), Buffer.from(text), text);
};

describe('parseCloudEvent', () => {
  it('reads the SDK binary mode', () => {
    expect(parse(HTTP.binary(event))).toEqual({
      mode: 'binary',
      cloudevent: { specversion: '1.0', id: 'A234-1234', source: '/orders', type: 'com.example.order.created', subject: 'order/7', time: '2026-01-02T03:04:05.000Z', datacontenttype: 'application/json; charset=utf-8', data: { orderId: 7 } },
    });
  });

  it('reads the SDK structured mode', () => {
    expect(parse(HTTP.structured(event))).toMatchObject({ mode: 'structured', cloudevent: { id: 'A234-1234', type: 'com.example.order.created', data: { orderId: 7 } } });
  });

  it('reads a batch as an array', () => {
    const body = JSON.stringify([JSON.parse(String(HTTP.structured(event).body)), { ...JSON.parse(String(HTTP.structured(event).body)), id: 'B2' }]);
    const parsed = parseCloudEvent({ 'content-type': 'application/cloudevents-batch+json' }, Buffer.from(body), body);
    expect(parsed).toMatchObject({ mode: 'batch', cloudevent: [{ id: 'A234-1234' }, { id: 'B2' }] });
  });

  it('does not invent a time the sender did not send', () => {
    const untimed = HTTP.binary(event);
    delete (untimed.headers as Record<string, unknown>)['ce-time'];
    const parsed = parse(untimed);
    expect(parsed && 'cloudevent' in parsed && !Array.isArray(parsed.cloudevent) ? parsed.cloudevent.time : 'x').toBeUndefined();
  });

  it('says what is wrong with an invalid event', () => {
    expect(parseCloudEvent({ 'content-type': 'application/cloudevents+json' }, Buffer.from('{"id":"1","specversion":"1.0","type":"t"}'), '{"id":"1","specversion":"1.0","type":"t"}')).toEqual({
      mode: 'structured',
      cloudeventError: 'not a valid structured CloudEvent: no source attribute',
    });
    expect(parseCloudEvent({ 'content-type': 'application/cloudevents+json' }, Buffer.from('nope'), 'nope')).toMatchObject({ cloudeventError: expect.stringContaining('the body is not JSON') });
    expect(parseCloudEvent({ 'ce-specversion': '0.9', 'ce-id': 'x', 'ce-source': '/a', 'ce-type': 't' }, Buffer.alloc(0), '')).toEqual({
      mode: 'binary',
      cloudeventError: 'not a valid binary CloudEvent: specversion "0.9" is not 1.0 (or 0.3)',
    });
  });

  it('leaves requests that are no CloudEvent alone', () => {
    expect(cloudEventModeOf({ 'content-type': 'application/json' })).toBeNull();
    expect(parseCloudEvent({ 'content-type': 'application/json' }, Buffer.from('{}'), '{}')).toBeNull();
  });
});

describe('abuse-protection handshake', () => {
  it('grants the origin and the rate asked', () => {
    const request = readHandshake('OPTIONS', { 'webhook-request-origin': 'eventemitter.example.com', 'webhook-request-rate': '120', 'webhook-request-callback': 'https://example.com/confirm?id=1' });
    expect(request).toEqual({ origin: 'eventemitter.example.com', callbackUrl: 'https://example.com/confirm?id=1', requestedRate: 120 });
    expect(grantHeaders(request!)).toEqual({ allow: 'POST, OPTIONS', 'webhook-allowed-origin': 'eventemitter.example.com', 'webhook-allowed-rate': '120' });
    expect(grantHeaders(readHandshake('OPTIONS', { 'webhook-request-origin': 'a.example' })!)['webhook-allowed-rate']).toBe('*');
  });

  it('is not a handshake without the origin header, or on another method', () => {
    expect(readHandshake('OPTIONS', {})).toBeNull();
    expect(readHandshake('POST', { 'webhook-request-origin': 'a.example' })).toBeNull();
  });
});
