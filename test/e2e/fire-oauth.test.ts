import Fastify, { type FastifyInstance } from 'fastify';
import { OAuth2Server } from 'oauth2-mock-server';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNdjson, runCli, runCliToEnd, type CliRun } from '../helpers/cli.js';
import { startReferenceProducer, type Running } from '../helpers/producers.js';

type Event = Record<string, unknown>;
const ofType = (events: Event[], type: string, label?: string) => events.filter((event) => event.type === type && (label === undefined || event.label === label));

let producer: Running;
let provider: FastifyInstance;
let providerUrl: string;

/** A provider written for these tests: one authorize endpoint per misbehaviour, and a token endpoint that refuses. */
function buildFakeProvider(): FastifyInstance {
  const app = Fastify();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  const back = (query: Record<string, string>, params: Record<string, string>): string => {
    const url = new URL(query.redirect_uri!);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.href;
  };
  app.get('/wrong-state/authorize', async (req, reply) => reply.redirect(back(req.query as Record<string, string>, { code: 'c-1', state: 'not-the-one-sent' }), 302));
  app.get('/denied/authorize', async (req, reply) => {
    const query = req.query as Record<string, string>;
    return reply.redirect(back(query, { error: 'access_denied', error_description: 'The resource owner denied the request', state: query.state! }), 302);
  });
  app.get('/login/authorize', async (_req, reply) => reply.type('text/html').send('<form action="/login" method="post"><input name="user"></form>'));
  app.post('/token', async (_req, reply) => reply.code(400).send({ error: 'invalid_grant', error_description: 'the code was already used' }));
  return app;
}

beforeAll(async () => {
  producer = await startReferenceProducer();
  provider = buildFakeProvider();
  await provider.listen({ port: 0, host: '127.0.0.1' });
  providerUrl = `http://127.0.0.1:${(provider.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await producer.close();
  await provider.close();
});

async function stderrLine(run: CliRun, pattern: RegExp): Promise<RegExpMatchArray> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const match = pattern.exec(run.stderr());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no stderr line matching ${pattern}\nstdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`);
}

describe('cbtest fire --oauth', () => {
  it('logs in against cbtest serve: state and PKCE sent, redirect followed, code exchanged, tokens shown redacted', async () => {
    const result = await runCliToEnd([
      'fire', '--oauth', `${producer.url}/oauth/authorize`, '--client-id', 'demo-app', '--scope', 'demo',
      '--token-url', `${producer.url}/oauth/token`, '--expect', '$.query.code exists', '--json',
    ]);
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    const authorize = new URL(String(ofType(events, 'request', 'authorize')[0]!.url));
    const sent = Object.fromEntries(authorize.searchParams);
    expect(sent).toMatchObject({ response_type: 'code', client_id: 'demo-app', code_challenge_method: 'S256', scope: 'demo' });
    expect(sent.redirect_uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cb\/[\w-]{16}$/);
    expect(sent.state).toMatch(/^[\w-]{43}$/);

    const callback = ofType(events, 'callback')[0]!;
    expect(callback).toMatchObject({ method: 'GET', path: new URL(sent.redirect_uri!).pathname, matched: true, response: { status: 200 } });
    expect((callback.query as Record<string, string>).state).toBe(sent.state);
    expect(ofType(events, 'ack', 'redirect')[0]!.body).toMatch(/Login received.*You can close this tab/s);
    expect(ofType(events, 'assertion')[0]).toMatchObject({ expr: '$.query.code exists', pass: true });

    const tokenRequest = ofType(events, 'request', 'token')[0]!.body as Record<string, string>;
    expect(tokenRequest).toMatchObject({ grant_type: 'authorization_code', client_id: 'demo-app', code: (callback.query as Record<string, string>).code, redirect_uri: sent.redirect_uri });
    expect(tokenRequest.code_verifier).toMatch(/^\S{4}…\(redacted, 43 chars\)$/);
    const tokens = ofType(events, 'ack', 'token')[0]!.body as Record<string, unknown>;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'demo' });
    expect(tokens.access_token).toMatch(/^\S{4}…\(redacted, 43 chars\)$/);
    expect(tokens.refresh_token).toMatch(/^\S{4}…\(redacted, 43 chars\)$/);
    expect(result.stderr).toMatch(/tokens received: access_token \S{4}…\(redacted, 43 chars\), refresh_token .*token_type bearer, expires_in 3600s, scope "demo"/);
    expect(events.at(-1)).toMatchObject({ type: 'result', pass: true, exitCode: 0, callbacks: 1 });
  });

  it('logs in against oauth2-mock-server and validates its id_token, shown redacted', async () => {
    const server = new OAuth2Server();
    await server.issuer.keys.generate('RS256');
    await server.start(0, '127.0.0.1');
    try {
      // It calls itself localhost; the user types 127.0.0.1: the id_token's issuer must still be accepted.
      const base = `http://127.0.0.1:${new URL(String(server.issuer.url)).port}`;
      const result = await runCliToEnd(['fire', '--oauth', `${base}/authorize`, '--client-id', 'mock-client', '--scope', 'openid', '--token-url', `${base}/token`, '--json']);
      expect(result.code).toBe(0);
      const tokens = ofType(parseNdjson(result.stdout), 'ack', 'token')[0]!.body as Record<string, string>;
      expect(tokens.id_token).toMatch(/^eyJ\S…\(redacted, \d+ chars\)$/);
      expect(tokens.access_token).toMatch(/^eyJ\S…\(redacted, \d+ chars\)$/);
      expect(result.stdout).not.toMatch(/eyJ[\w-]{20,}\.[\w-]+\.[\w-]+/);
    } finally {
      await server.stop();
    }
  });

  it('exits 4 naming the state mismatch when the redirect carries another state', async () => {
    const result = await runCliToEnd(['fire', '--oauth', `${providerUrl}/wrong-state/authorize`, '--client-id', 'app']);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/○ .* callback {2}GET .*state=not-the-one-sent.* → 400 .*\(state mismatch/);
    expect(result.stdout).toMatch(/FAIL in .* exit 4: state mismatch: the login redirect carries state "not-the-one-sent" but this run sent "[\w-]{43}"/);
  });

  it("exits 4 with the provider's error and description when the login is refused", async () => {
    const result = await runCliToEnd(['fire', '--oauth', `${providerUrl}/denied/authorize`, '--client-id', 'app']);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/exit 4: the authorization server answered error=access_denied: The resource owner denied the request/);
  });

  it('prints the login URL when a person must log in, and takes the redirect the browser brings back', async () => {
    const run = runCli(['fire', '--oauth', `${providerUrl}/login/authorize`, '--client-id', 'app', '--no-browser', '--timeout', '20s']);
    const [, loginUrl] = await stderrLine(run, /open this URL to log in: (\S+)/);
    const sent = new URL(loginUrl!).searchParams;
    // Play the browser after a successful login: the provider sends it to redirect_uri with a code and the state.
    const landing = await request(`${sent.get('redirect_uri')}?code=human-code&state=${sent.get('state')}`);
    expect(landing.statusCode).toBe(200);
    expect(landing.headers['content-type']).toMatch(/^text\/html/);
    expect(await landing.body.text()).toMatch(/Login received/);
    expect(await run.exited).toBe(0);
    // The code buys tokens until it is exchanged: shown with its length only.
    expect(run.stdout()).toMatch(/● .* callback {2}GET .*code=%3Credacted%2C%2010%20chars%3E/);
    expect(run.stdout()).not.toContain('human-code');
  });

  it("exits 4 with the token endpoint's error when the code exchange is refused", async () => {
    const result = await runCliToEnd(['fire', '--oauth', `${producer.url}/oauth/authorize`, '--client-id', 'app', '--token-url', `${providerUrl}/token`]);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/← .* token {2}400/);
    expect(result.stdout).toMatch(/FAIL 1 callback .* exit 4: token exchange refused: 400 invalid_grant: the code was already used/);
  });
});
