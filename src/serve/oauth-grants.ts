import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const CODE_LIFETIME_MS = 10 * 60_000;
const MAX_GRANTS = 10_000;
export const ACCESS_TOKEN_LIFETIME_S = 3600;

/** RFC 7636: verifiers and S256 challenges use the unreserved characters, 43 to 128 of them. */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function isPkceValue(value: string): boolean {
  return PKCE_VALUE.test(value);
}

export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function verifierMatches(verifier: string, challenge: string): boolean {
  const expected = Buffer.from(challenge);
  const actual = Buffer.from(s256Challenge(verifier));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function opaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  expiresAt: number;
}

export interface IssuedTokens {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

/** Authorization codes (single use) and refresh tokens handed out by the demo authorization server. */
export class OAuthGrants {
  readonly #codes = new Map<string, AuthorizationCode>();
  readonly #refreshTokens = new Map<string, { clientId: string; scope: string }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  issueCode(grant: Omit<AuthorizationCode, 'expiresAt'>): string {
    this.#dropExpired();
    const code = opaqueToken();
    this.#codes.set(code, { ...grant, expiresAt: this.#now() + CODE_LIFETIME_MS });
    return code;
  }

  /** Takes a code out of the store: whatever happens next, it cannot be used a second time. */
  redeemCode(code: string): AuthorizationCode | 'unknown' | 'expired' {
    const grant = this.#codes.get(code);
    if (!grant) return 'unknown';
    this.#codes.delete(code);
    return grant.expiresAt < this.#now() ? 'expired' : grant;
  }

  issueTokens(clientId: string, scope: string): IssuedTokens {
    const refreshToken = opaqueToken();
    this.#refreshTokens.set(refreshToken, { clientId, scope });
    if (this.#refreshTokens.size > MAX_GRANTS) {
      const oldest = this.#refreshTokens.keys().next();
      if (!oldest.done) this.#refreshTokens.delete(oldest.value);
    }
    return { access_token: opaqueToken(), token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S, refresh_token: refreshToken, scope };
  }

  /** Rotates a refresh token: the old one stops working. */
  redeemRefreshToken(token: string): { clientId: string; scope: string } | undefined {
    const grant = this.#refreshTokens.get(token);
    this.#refreshTokens.delete(token);
    return grant;
  }

  #dropExpired(): void {
    const now = this.#now();
    for (const [code, grant] of this.#codes) if (grant.expiresAt < now) this.#codes.delete(code);
    while (this.#codes.size >= MAX_GRANTS) {
      const oldest = this.#codes.keys().next();
      if (oldest.done) break;
      this.#codes.delete(oldest.value);
    }
  }
}
