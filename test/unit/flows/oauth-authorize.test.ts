import { describe, expect, it } from 'vitest';
import { isCbtestError } from '../../../src/core/errors.js';
import { buildAuthorizationRequest, expectedIssuer, isRedirectBack, validateLoginRedirect } from '../../../src/flows/oauth-authorize.js';
import { browserCommand } from '../../../src/flows/oauth-browser.js';
import { redactSecret, redactTokenFields, summariseTokens } from '../../../src/flows/oauth-redact.js';
import { createHash } from 'node:crypto';

const AUTHORIZE = 'https://login.example.com/realms/demo/auth?audience=api';
const REDIRECT = 'http://127.0.0.1:4000/cb/abc';

async function request() {
  return buildAuthorizationRequest(AUTHORIZE, { clientId: 'my-app', redirectUri: REDIRECT, scope: 'openid profile' });
}

function failure(run: () => unknown): { exitCode: number; message: string } {
  try {
    run();
  } catch (error) {
    if (isCbtestError(error)) return { exitCode: error.exitCode, message: error.message };
    throw error;
  }
  throw new Error('expected an error');
}

describe('buildAuthorizationRequest', () => {
  it('asks for a code with a fresh state and a PKCE S256 challenge of the verifier, keeping the URL’s own parameters', async () => {
    const first = await request();
    const second = await request();
    const url = new URL(first.url);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      audience: 'api',
      response_type: 'code',
      client_id: 'my-app',
      redirect_uri: REDIRECT,
      state: first.state,
      code_challenge_method: 'S256',
      scope: 'openid profile',
    });
    expect(url.searchParams.get('code_challenge')).toBe(createHash('sha256').update(first.codeVerifier).digest('base64url'));
    expect(second.state).not.toBe(first.state);
    expect(second.codeVerifier).not.toBe(first.codeVerifier);
  });
});

describe('validateLoginRedirect', () => {
  it('returns the parameters when the state matches', async () => {
    const sent = await request();
    expect(validateLoginRedirect({ code: 'c-1', state: sent.state }, sent, AUTHORIZE).get('code')).toBe('c-1');
  });

  it('names a state mismatch with both values, even when the redirect also carries an error', async () => {
    const sent = await request();
    const error = failure(() => validateLoginRedirect({ code: 'c', state: 'forged' }, sent, AUTHORIZE));
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe(`state mismatch: the login redirect carries state "forged" but this run sent "${sent.state}"`);
    expect(failure(() => validateLoginRedirect({ error: 'access_denied', state: 'other' }, sent, AUTHORIZE)).message).toMatch(/^state mismatch/);
    expect(failure(() => validateLoginRedirect({ code: 'c' }, sent, AUTHORIZE)).message).toMatch(/^state mismatch: the login redirect carries no state/);
  });

  it("reports the provider's error and description", async () => {
    const sent = await request();
    const error = failure(() => validateLoginRedirect({ error: 'access_denied', error_description: 'The user said no', state: sent.state }, sent, AUTHORIZE));
    expect(error).toEqual({ exitCode: 4, message: 'the authorization server answered error=access_denied: The user said no' });
    expect(failure(() => validateLoginRedirect({ error: 'server_error' }, sent, AUTHORIZE)).message).toBe('the authorization server answered error=server_error');
  });

  it('refuses a redirect without a code, and an iss from another origin (RFC 9207 mix-up)', async () => {
    const sent = await request();
    expect(failure(() => validateLoginRedirect({ state: sent.state }, sent, AUTHORIZE)).message).toBe('the login redirect carries no code');
    expect(failure(() => validateLoginRedirect({ code: 'c', state: sent.state, iss: 'https://evil.example' }, sent, AUTHORIZE)).message).toMatch(/not valid: unexpected "iss"/);
    expect(validateLoginRedirect({ code: 'c', state: sent.state, iss: 'https://login.example.com/realms/demo' }, sent, AUTHORIZE).get('code')).toBe('c');
  });
});

describe('redirect and issuer helpers', () => {
  it('recognises a Location back at the redirect URI by origin and path, whatever the query', () => {
    expect(isRedirectBack(`${REDIRECT}?code=1&state=2`, AUTHORIZE, REDIRECT)).toBe(true);
    expect(isRedirectBack('/login?next=1', AUTHORIZE, REDIRECT)).toBe(false);
    expect(isRedirectBack('http://127.0.0.1:4000/cb/other?code=1', AUTHORIZE, REDIRECT)).toBe(false);
  });

  it('takes an iss on the authorize origin as the issuer, and the origin otherwise', () => {
    expect(expectedIssuer(AUTHORIZE, null)).toBe('https://login.example.com');
    expect(expectedIssuer(AUTHORIZE, 'https://login.example.com/realms/demo')).toBe('https://login.example.com/realms/demo');
    expect(expectedIssuer(AUTHORIZE, 'https://evil.example')).toBe('https://login.example.com');
    expect(expectedIssuer('http://127.0.0.1:8080/authorize', 'http://localhost:8080')).toBe('http://localhost:8080');
    expect(expectedIssuer('http://127.0.0.1:8080/authorize', 'http://localhost:9090')).toBe('http://127.0.0.1:8080');
  });

  it('opens the browser with the platform’s own opener, the URL as one argument', () => {
    const url = 'https://x.example/a?b=1&c=2';
    expect(browserCommand('linux', url)).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserCommand('darwin', url)).toEqual({ command: 'open', args: [url] });
    expect(browserCommand('win32', url).args.at(-1)).toBe(url);
  });
});

describe('token redaction', () => {
  it('keeps four characters and the length of each secret, and every other member as it was', () => {
    const token = `eyJh${'x'.repeat(808)}`;
    expect(redactSecret(token)).toBe('eyJh…(redacted, 812 chars)');
    expect(redactSecret('short')).toBe('…(redacted, 5 chars)');
    expect(redactTokenFields({ access_token: token, refresh_token: 'r'.repeat(40), token_type: 'Bearer', expires_in: 3600 })).toEqual({
      access_token: 'eyJh…(redacted, 812 chars)',
      refresh_token: 'rrrr…(redacted, 40 chars)',
      token_type: 'Bearer',
      expires_in: 3600,
    });
    expect(redactTokenFields({ code: 'c', code_verifier: 'v'.repeat(43), client_secret: 's3cr3t' })).toEqual({
      code: 'c',
      code_verifier: 'vvvv…(redacted, 43 chars)',
      client_secret: '…(redacted, 6 chars)',
    });
  });

  it('summarises the tokens in one line without the secrets', () => {
    const line = summariseTokens({ access_token: 'a'.repeat(30), token_type: 'bearer', expires_in: 60, scope: 'demo' });
    expect(line).toBe('tokens received: access_token aaaa…(redacted, 30 chars), token_type bearer, expires_in 60s, scope "demo"');
  });
});
