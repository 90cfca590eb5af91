import { createHash, randomBytes } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { afterEach, describe, expect, it } from 'vitest';
import { startProducer } from '../../src/serve/producer.js';
import { call } from './http.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

const REDIRECT = 'http://127.0.0.1:9/oauth/callback';

async function setup() {
  const producer = await startProducer({ allowHttp: false, port: 0, host: '127.0.0.1' });
  closers.push(() => producer.close());
  return producer;
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(base: string, params: Record<string, string>): string {
  const url = new URL('/oauth/authorize', base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

async function authorize(base: string, challenge: string, extra: Record<string, string> = {}) {
  const params = { response_type: 'code', client_id: 'demo-app', redirect_uri: REDIRECT, state: 'st-1', code_challenge: challenge, code_challenge_method: 'S256', scope: 'profile', ...extra };
  const answer = await call(authorizeUrl(base, params));
  const location = new URL(String(answer.headers.location));
  return { answer, location };
}

function exchange(base: string, fields: Record<string, string>) {
  return call(`${base}/oauth/token`, { text: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

describe('OAuth authorize redirect and token exchange', () => {
  it('redirects straight back with a code and the state, and exchanges it once with the right verifier', async () => {
    const producer = await setup();
    const { verifier, challenge } = pkce();
    const { answer, location } = await authorize(producer.url, challenge);
    expect(answer.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(location.searchParams.get('iss')).toBe(producer.url);
    const code = location.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    const fields = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'demo-app', code_verifier: verifier };
    const tokens = await exchange(producer.url, fields);
    expect(tokens.status).toBe(200);
    expect(tokens.headers['cache-control']).toBe('no-store');
    expect(tokens.body).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, refresh_token: expect.any(String), scope: 'profile' });

    const replay = await exchange(producer.url, fields);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');

    const refreshed = await exchange(producer.url, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token, client_id: 'demo-app' });
    expect(refreshed.body.access_token).not.toBe(tokens.body.access_token);
  });

  it('refuses a wrong code_verifier with invalid_grant', async () => {
    const producer = await setup();
    const { challenge } = pkce();
    const { location } = await authorize(producer.url, challenge);
    const wrong = await exchange(producer.url, {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      client_id: 'demo-app',
      code_verifier: pkce().verifier,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('code_verifier') });
  });

  it('redirects with error=invalid_request when PKCE is missing, keeping the state', async () => {
    const producer = await setup();
    const { location } = await authorize(producer.url, '', { code_challenge_method: 'plain' });
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toContain('code_challenge');
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('answers 400 JSON instead of redirecting to an unusable redirect_uri', async () => {
    const producer = await setup();
    const answer = await call(authorizeUrl(producer.url, { response_type: 'code', client_id: 'x', redirect_uri: 'http://evil.example/cb' }));
    expect(answer.status).toBe(400);
    expect(answer.headers.location).toBeUndefined();
    expect(answer.body).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('https') });
  });

  it('publishes authorization server metadata pointing at its endpoints', async () => {
    const producer = await setup();
    const metadata = await call(`${producer.url}/.well-known/oauth-authorization-server`);
    expect(metadata.body).toMatchObject({
      issuer: producer.url,
      authorization_endpoint: `${producer.url}/oauth/authorize`,
      token_endpoint: `${producer.url}/oauth/token`,
      code_challenge_methods_supported: ['S256'],
    });
  });
});

describe('a standard OAuth client (oauth4webapi) against the producer', () => {
  it('discovers the server, validates the redirect and exchanges the code', async () => {
    const producer = await setup();
    const insecure = { [oauth.allowInsecureRequests]: true };
    const issuer = new URL(producer.url);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...insecure, algorithm: 'oauth2' }));
    const client = { client_id: 'demo-app' };
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const challenge = await oauth.calculatePKCECodeChallenge(verifier);
    const { location } = await authorize(producer.url, challenge, { state });
    const params = oauth.validateAuthResponse(as, client, location, state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT, verifier, insecure);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.access_token).toEqual(expect.any(String));
  });
});
