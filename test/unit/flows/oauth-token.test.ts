import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCbtestError } from '../../../src/core/errors.js';
import type { EventDraft } from '../../../src/core/events.js';
import { validateLoginRedirect, buildAuthorizationRequest } from '../../../src/flows/oauth-authorize.js';
import { exchangeAuthorizationCode } from '../../../src/flows/oauth-token.js';

const ACCESS_TOKEN = `at-${'A'.repeat(60)}`;
let app: FastifyInstance;
let base: string;
let answer: (form: Record<string, string>) => { status: number; body: unknown } = () => ({ status: 500, body: {} });
const received: Array<Record<string, string>> = [];

beforeAll(async () => {
  app = Fastify();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  app.post('/token', async (req, reply) => {
    const form = req.body as Record<string, string>;
    received.push(form);
    const { status, body } = answer(form);
    return reply.code(status).send(body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(() => app.close());

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

async function exchangeOnce(clientSecret: string | null = null) {
  const events: EventDraft[] = [];
  const authorizeUrl = `${base}/authorize`;
  const sent = await buildAuthorizationRequest(authorizeUrl, { clientId: 'app', redirectUri: 'http://127.0.0.1:9/cb/x', scope: null });
  const redirect = validateLoginRedirect({ code: 'the-code', state: sent.state }, sent, authorizeUrl);
  const append = (draft: EventDraft) => {
    events.push(draft);
    return { seq: events.length };
  };
  try {
    const tokens = await exchangeAuthorizationCode({ tokenUrl: `${base}/token`, authorizeUrl, clientSecret, timeoutMs: 5000 }, sent, redirect, append);
    return { tokens, events, sent, error: null };
  } catch (error) {
    if (!isCbtestError(error)) throw error;
    return { tokens: null, events, sent, error };
  }
}

describe('exchangeAuthorizationCode', () => {
  it('sends the code, verifier and client_secret_post, and records both sides with secrets redacted', async () => {
    answer = () => ({ status: 200, body: { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 60 } });
    const { tokens, events, sent } = await exchangeOnce('s3cret-value-long');
    expect(tokens).toMatchObject({ access_token: ACCESS_TOKEN, token_type: 'bearer' });
    expect(received.at(-1)).toMatchObject({ grant_type: 'authorization_code', code: 'the-code', code_verifier: sent.codeVerifier, client_secret: 's3cret-value-long', client_id: 'app' });
    expect(events.map((event) => `${event.type}:${(event as { label: string }).label}`)).toEqual(['request:token', 'ack:token']);
    expect((events[0] as { body: Record<string, string> }).body).toMatchObject({ client_secret: 's3cr…(redacted, 17 chars)', code: 'the-code' });
    expect((events[1] as { body: Record<string, string> }).body.access_token).toBe('at-A…(redacted, 63 chars)');
    expect(JSON.stringify(events)).not.toContain(ACCESS_TOKEN);
  });

  it('quotes a response it cannot accept only in redacted form', async () => {
    answer = () => ({ status: 200, body: { access_token: ACCESS_TOKEN, token_type: 'mac' } });
    const { error } = await exchangeOnce();
    expect(error?.exitCode).toBe(4);
    expect(error?.message).toContain('at-A…(redacted, 63 chars)');
    expect(error?.message).not.toContain(ACCESS_TOKEN);
  });

  it('names the claim, its value and the expected one when the id_token was issued elsewhere', async () => {
    const now = Math.floor(Date.now() / 1000);
    answer = () => ({ status: 200, body: { access_token: ACCESS_TOKEN, token_type: 'Bearer', id_token: jwt({ iss: 'https://other.example', aud: 'app', sub: 'u', iat: now, exp: now + 60 }) } });
    const { error } = await exchangeOnce();
    expect(error?.message).toBe(`token response from ${base}/token is not valid: the id_token's iss "https://other.example" is not "${base}"`);
  });

  it("reports the provider's OAuth error", async () => {
    answer = () => ({ status: 400, body: { error: 'invalid_client', error_description: 'unknown client app' } });
    const { error } = await exchangeOnce();
    expect(error?.message).toBe('token exchange refused: 400 invalid_client: unknown client app');
  });
});
