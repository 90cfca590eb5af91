import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { prepareSignature, signRequest } from '../../../src/signatures/registry.js';
import { GITHUB_VECTOR, SHOPIFY_VECTOR, SLACK_VECTOR, YEAR_MS } from './vectors.js';

const stripe = new Stripe('sk_test_not_used');
const request = (body: string, headers: Record<string, string>) => ({ headers, body: Buffer.from(body) });

describe('stripe', () => {
  const secret = 'whsec_test_secret';
  const body = JSON.stringify({ id: 'evt_test_webhook', object: 'event' });

  it('accepts what stripe-node generateTestHeaderString signs', () => {
    const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret });
    expect(prepareSignature('stripe', secret).verify(request(body, { 'stripe-signature': header }))).toEqual({ valid: true });
  });

  it('matches the vector computed with stripe-node, at its time', () => {
    const header = 't=1700000000,v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990';
    expect(prepareSignature('stripe', secret).verify(request(body, { 'stripe-signature': header }), 1_700_000_000_000)).toEqual({ valid: true });
    expect(prepareSignature('stripe', secret).sign(body, { nowMs: 1_700_000_000_000 })).toEqual({ 'stripe-signature': header });
  });

  it('signs what stripe-node constructEvent accepts', () => {
    const headers = signRequest({ scheme: 'stripe', secret }, body);
    expect(stripe.webhooks.constructEvent(body, headers['stripe-signature']!, secret).id).toBe('evt_test_webhook');
  });

  it('refuses a wrong secret, a tampered body, a stale or future t, a header without v1, and passes one right v1 of several', () => {
    const check = prepareSignature('stripe', secret);
    const nowSeconds = Math.floor(Date.now() / 1000);
    const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: nowSeconds });
    expect(prepareSignature('stripe', 'whsec_other').verify(request(body, { 'stripe-signature': header }))).toEqual({ valid: false, reason: 'no v1 signature matches' });
    expect(check.verify(request(body.replace('evt_', 'evt-'), { 'stripe-signature': header })).valid).toBe(false);
    const old = stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: nowSeconds - 3600 });
    expect(check.verify(request(body, { 'stripe-signature': old }))).toEqual({ valid: false, reason: 'timestamp is 60m old (tolerance 5m)' });
    const future = stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: nowSeconds + 7200 });
    expect(check.verify(request(body, { 'stripe-signature': future }))).toEqual({ valid: false, reason: 'timestamp is 2h in the future (tolerance 5m)' });
    expect(check.verify(request(body, { 'stripe-signature': `t=${nowSeconds}` }))).toEqual({ valid: false, reason: 'stripe-signature has no v1= signature' });
    expect(check.verify(request(body, {}))).toEqual({ valid: false, reason: 'no stripe-signature header' });
    const v1 = header.split('v1=')[1];
    const rotated = `t=${nowSeconds},v1=${'0'.repeat(64)},v1=${v1},v0=abc`;
    expect(check.verify(request(body, { 'stripe-signature': rotated }))).toEqual({ valid: true });
  });
});

describe('github', () => {
  it('matches the documented vector both ways', () => {
    const check = prepareSignature('github', GITHUB_VECTOR.secret);
    expect(check.verify(request(GITHUB_VECTOR.body, { 'x-hub-signature-256': GITHUB_VECTOR.expected }))).toEqual({ valid: true });
    expect(check.sign(GITHUB_VECTOR.body, { id: 'd1' })).toEqual({ 'x-hub-signature-256': GITHUB_VECTOR.expected, 'x-github-delivery': 'd1' });
  });

  it('agrees with @octokit/webhooks-methods', async () => {
    const body = '{"action":"opened","number":7}';
    const theirs = await octokitSign('s3cret', body);
    expect(prepareSignature('github', 's3cret').verify(request(body, { 'x-hub-signature-256': theirs }))).toEqual({ valid: true });
    const ours = signRequest({ scheme: 'github', secret: 's3cret' }, body);
    expect(await octokitVerify('s3cret', body, ours['x-hub-signature-256']!)).toBe(true);
  });

  it('names each way to be wrong', () => {
    const check = prepareSignature('github', GITHUB_VECTOR.secret);
    expect(check.verify(request('Hello, World?', { 'x-hub-signature-256': GITHUB_VECTOR.expected }))).toEqual({ valid: false, reason: 'x-hub-signature-256 does not match the body' });
    expect(check.verify(request(GITHUB_VECTOR.body, {}))).toEqual({ valid: false, reason: 'no x-hub-signature-256 header' });
    expect(check.verify(request(GITHUB_VECTOR.body, { 'x-hub-signature': 'sha1=abc' })).valid).toBe(false);
    expect(check.verify(request(GITHUB_VECTOR.body, { 'x-hub-signature-256': GITHUB_VECTOR.expected.slice(7) }))).toMatchObject({ reason: "x-hub-signature-256 does not start with 'sha256=' (expected 'sha256=<hex>')" });
    expect(check.verify(request(GITHUB_VECTOR.body, { 'x-hub-signature-256': 'sha256=zz' }))).toMatchObject({ reason: "x-hub-signature-256 is not hex after 'sha256='" });
  });
});

describe('shopify', () => {
  it('matches the vector from Shopify\'s own library tests, and refuses a re-serialised body', () => {
    const check = prepareSignature('shopify', SHOPIFY_VECTOR.secret);
    expect(check.verify(request(SHOPIFY_VECTOR.body, { 'x-shopify-hmac-sha256': SHOPIFY_VECTOR.expected }))).toEqual({ valid: true });
    expect(check.verify(request('{"foo":"bar"}', { 'x-shopify-hmac-sha256': SHOPIFY_VECTOR.expected })).valid).toBe(false);
    expect(check.sign(SHOPIFY_VECTOR.body, { id: 'e1' })['x-shopify-hmac-sha256']).toBe(SHOPIFY_VECTOR.expected);
  });
});

describe('slack', () => {
  const at = Number(SLACK_VECTOR.timestamp) * 1000;
  const headers = { 'x-slack-signature': SLACK_VECTOR.expected, 'x-slack-request-timestamp': SLACK_VECTOR.timestamp };

  it('matches the documented example with the clock at its timestamp', () => {
    const check = prepareSignature('slack', SLACK_VECTOR.secret);
    expect(check.verify(request(SLACK_VECTOR.body, headers), at)).toEqual({ valid: true });
    expect(check.sign(SLACK_VECTOR.body, { nowMs: at })).toEqual(headers);
  });

  it('refuses it years later, a missing timestamp and a tampered body', () => {
    const check = prepareSignature('slack', SLACK_VECTOR.secret);
    expect(check.verify(request(SLACK_VECTOR.body, headers), at + 8 * YEAR_MS)).toEqual({ valid: false, reason: 'timestamp is 8 years old (tolerance 5m)' });
    expect(check.verify(request(SLACK_VECTOR.body, { 'x-slack-signature': SLACK_VECTOR.expected }), at)).toEqual({ valid: false, reason: 'no x-slack-request-timestamp header' });
    expect(check.verify(request(`${SLACK_VECTOR.body}&x=1`, headers), at).valid).toBe(false);
  });
});

describe('hmac-sha256', () => {
  it('uses the header, encoding and prefix it is given', () => {
    const settings = { header: 'X-Signature', encoding: 'base64' as const, prefix: 'sha256=' };
    const check = prepareSignature('hmac-sha256', SHOPIFY_VECTOR.secret, settings);
    const headers = check.sign(SHOPIFY_VECTOR.body);
    expect(headers).toEqual({ 'x-signature': `sha256=${SHOPIFY_VECTOR.expected}` });
    expect(check.verify(request(SHOPIFY_VECTOR.body, headers))).toEqual({ valid: true });
    expect(check.verify(request(SHOPIFY_VECTOR.body, { 'x-signature': SHOPIFY_VECTOR.expected }))).toMatchObject({ valid: false });
  });

  it('is a usage error without --signature-header, and so is an unknown scheme', () => {
    expect(() => prepareSignature('hmac-sha256', 'k')).toThrow('--verify hmac-sha256 needs --signature-header NAME');
    expect(() => prepareSignature('paddle', 'k')).toThrow(/--verify paddle is not a signature scheme cbtest knows/);
    expect(() => prepareSignature('github', '')).toThrow('--verify github needs --secret');
  });
});
