import { sign as octokitSign } from '@octokit/webhooks-methods';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { listeningUrl, parseNdjson, runCli, runCliToEnd } from '../helpers/cli.js';

const SW_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
}

const callbacks = (stdout: string) => parseNdjson(stdout).filter((event) => event.type === 'callback');

describe('listen --verify: signatures made by the providers\' own libraries', () => {
  it('github: @octokit/webhooks-methods signs, cbtest accepts; the secret comes from env: and is never printed', async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '20s', '--verify', 'github', '--secret', 'env:GH_HOOK_SECRET'], { env: { GH_HOOK_SECRET: 'octo-s3cret-value' } });
    const url = await listeningUrl(run);
    const body = '{"action":"opened","number":7}';
    const answer = await post(`${url}/gh`, body, { 'x-hub-signature-256': await octokitSign('octo-s3cret-value', body), 'x-github-delivery': '72d3162e-cc78' });
    expect(answer.status).toBe(200);
    expect(await run.exited).toBe(0);
    const [callback] = callbacks(run.stdout());
    expect(callback).toMatchObject({ signature: 'valid', delivery: { key: '72d3162e-cc78', attempt: 1, duplicate: false } });
    expect(run.stdout() + run.stderr()).not.toContain('octo-s3cret-value');
  });

  it('stripe: generateTestHeaderString signs, cbtest accepts', async () => {
    const secret = 'whsec_test_secret';
    const run = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '20s', '--verify', 'stripe', '--secret', secret]);
    const url = await listeningUrl(run);
    const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'invoice.paid' });
    const header = new Stripe('sk_test_unused').webhooks.generateTestHeaderString({ payload: body, secret });
    expect((await post(url, body, { 'stripe-signature': header })).status).toBe(200);
    expect(await run.exited).toBe(0);
    expect(callbacks(run.stdout())[0]).toMatchObject({ signature: 'valid', delivery: { key: 'evt_1' } });
  });

  it('standard-webhooks: every way to be wrong is answered 401 with its reason, one of several v1 values right passes', async () => {
    // The --expect names `signature`, so the user judges it: the run records every kind instead of failing at the first.
    const run = runCli(['listen', '--port', '0', '--json', '--count', '7', '--timeout', '30s', '--verify', 'standard-webhooks', '--secret', SW_SECRET, '--expect', '$.signature isString']);
    const url = await listeningUrl(run);
    const hook = new Webhook(SW_SECRET);
    const body = '{"type":"invoice.paid","amount":1200}';
    const signed = (id: string, at: Date, payload = body) => ({ 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': hook.sign(id, at, payload) });
    const now = new Date();
    const rotated = signed('msg_rot', now);
    rotated['webhook-signature'] = `v1,Zm9vYmFyYmF6Zm9vYmFyYmF6Zm9vYmFyYmF6Zm9vYmE= ${rotated['webhook-signature']}`;
    const sent = [
      await post(url, body, signed('msg_ok', now)),
      await post(url, body, rotated),
      await post(url, body.replace('1200', '1'), signed('msg_tampered', now)),
      await post(url, body, signed('msg_stale', new Date(now.getTime() - 3 * 365.25 * 86_400_000 - 5000))),
      await post(url, body, signed('msg_future', new Date(now.getTime() + 10 * 60_000))),
      await post(url, body, { 'webhook-id': 'msg_missing', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)) }),
      await post(url, JSON.stringify(JSON.parse(body), null, 2), signed('msg_proxy', now)),
    ];
    expect(sent.map((answer) => answer.status)).toEqual([200, 200, 401, 401, 401, 401, 401]);
    expect(sent[3]!.json).toMatchObject({ error: 'invalid signature', reason: 'timestamp is 3 years old (tolerance 5m)' });
    expect(await run.exited).toBe(0);
    expect(callbacks(run.stdout()).map((event) => [event.signature, event.signatureError])).toEqual([
      ['valid', undefined],
      ['valid', undefined],
      ['invalid', 'no v1 signature matches'],
      ['invalid', 'timestamp is 3 years old (tolerance 5m)'],
      ['invalid', expect.stringMatching(/^timestamp is (9m5\ds|10m) in the future \(tolerance 5m\)$/)],
      ['invalid', 'no webhook-signature header'],
      ['invalid', 'no v1 signature matches'],
    ]);
  });

  it('stripe: every way to be wrong, signed by stripe-node itself, is answered 401 with its reason; one right v1 of several passes', async () => {
    const secret = 'whsec_stripe_e2e';
    const run = runCli(['listen', '--port', '0', '--json', '--count', '5', '--timeout', '30s', '--verify', 'stripe', '--secret', secret, '--expect', '$.signature isString']);
    const url = await listeningUrl(run);
    const stripe = new Stripe('sk_test_unused');
    // One event id each: they are five deliveries, not retries of one.
    const event = (id: string) => JSON.stringify({ id, object: 'event', type: 'invoice.paid' });
    const now = Math.floor(Date.now() / 1000);
    const header = (payload: string, timestamp: number) => stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    const sent = [
      await post(url, event('evt_1'), { 'stripe-signature': `${header(event('evt_1'), now)},v1=${'0'.repeat(64)}` }),
      await post(url, event('evt_2').replace('invoice.paid', 'invoice.void'), { 'stripe-signature': header(event('evt_2'), now) }),
      await post(url, event('evt_3'), { 'stripe-signature': header(event('evt_3'), now - 3600) }),
      await post(url, event('evt_4'), { 'stripe-signature': header(event('evt_4'), now + 7200) }),
      await post(url, event('evt_5'), {}),
    ];
    expect(sent.map((answer) => answer.status)).toEqual([200, 401, 401, 401, 401]);
    expect(await run.exited).toBe(0);
    expect(callbacks(run.stdout()).map((event) => event.signatureError ?? event.signature)).toEqual([
      'valid',
      'no v1 signature matches',
      expect.stringMatching(/^timestamp is (59m5\ds|60m) old \(tolerance 5m\)$/),
      expect.stringMatching(/^timestamp is (1h59m|2h)\S* in the future \(tolerance 5m\)$/),
      'no stripe-signature header',
    ]);
  });

  it('an invalid signature fails the run with exit 1 and says why', async () => {
    const run = runCli(['listen', '--port', '0', '--count', '1', '--timeout', '20s', '--verify', 'slack', '--secret', 'slack-signing-secret']);
    const url = (await run.waitForLine(/^listening /)).split(' ')[1]!;
    expect((await post(url, '{}', {})).status).toBe(401);
    expect(await run.exited).toBe(1);
    expect(run.stdout()).toMatch(/FAIL .*signature: no x-slack-signature header \(answered 401\)/);
  });

  it('cbtest send --sign is accepted by listen --verify, for each scheme', { timeout: 120_000 }, async () => {
    const schemes = [
      ['github', 'gh-secret', []],
      ['shopify', 'shpss_secret', []],
      ['slack', 'slack-secret', []],
      ['svix', SW_SECRET, []],
      ['hmac-sha256', 'generic-secret', ['--signature-header', 'X-Signature', '--signature-encoding', 'base64', '--signature-prefix', 'sha256=']],
    ] as const;
    // One at a time: the machine is shared, and spawning ten processes at once only trades speed for flakiness.
    for (const [scheme, secret, extra] of schemes) {
      {
        const run = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '60s', '--verify', scheme, '--secret', secret, ...extra]);
        const url = await listeningUrl(run);
        const sent = await runCliToEnd(['send', `${url}/hook`, '--data', '{"event":"paid"}', '--sign', scheme, '--secret', secret, ...extra]);
        expect(sent.code, `${scheme}: ${sent.stdout}${sent.stderr}`).toBe(0);
        expect(await run.exited, scheme).toBe(0);
        expect(callbacks(run.stdout())[0], scheme).toMatchObject({ signature: 'valid' });
      }
    }
  });

  it('an unknown scheme or a missing secret is exit 2 naming the fix', async () => {
    const unknown = await runCliToEnd(['listen', '--port', '0', '--verify', 'paddle', '--secret', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--verify paddle is not a signature scheme cbtest knows; use one of standard-webhooks, svix, stripe, github, shopify, slack, hmac-sha256');
    const missing = await runCliToEnd(['listen', '--port', '0', '--verify', 'github', '--secret', 'env:CBTEST_UNSET_SECRET']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('env:CBTEST_UNSET_SECRET');
  });
});
