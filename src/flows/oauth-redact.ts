/** Members whose values grant access: never recorded or shown in full. */
const SECRET_MEMBERS = new Set(['access_token', 'refresh_token', 'id_token', 'client_secret', 'code_verifier', 'client_assertion']);
const SHOWN_PREFIX = 4;

/** `eyJhbGciOi…` becomes `eyJh…(redacted, 812 chars)`: enough to tell tokens apart, not enough to use one. */
export function redactSecret(value: string): string {
  const prefix = value.length >= SHOWN_PREFIX * 4 ? value.slice(0, SHOWN_PREFIX) : '';
  return `${prefix}…(redacted, ${value.length} chars)`;
}

/** A copy of a token request or response body with every secret member redacted; other members are kept. */
export function redactTokenFields(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    copy[name] = SECRET_MEMBERS.has(name) && typeof value === 'string' ? redactSecret(value) : value;
  }
  return copy;
}

/** Request headers with credentials redacted (client_secret_basic puts the secret in Authorization). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    copy[name] = name.toLowerCase() === 'authorization' || name.toLowerCase() === 'dpop' ? redactSecret(value) : value;
  }
  return copy;
}

/** One line for the user: which tokens came back, redacted, with their type, lifetime and scope. */
export function summariseTokens(tokens: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const name of ['access_token', 'refresh_token', 'id_token']) {
    const value = tokens[name];
    if (typeof value === 'string') parts.push(`${name} ${redactSecret(value)}`);
  }
  if (typeof tokens.token_type === 'string') parts.push(`token_type ${tokens.token_type}`);
  if (typeof tokens.expires_in === 'number') parts.push(`expires_in ${tokens.expires_in}s`);
  if (typeof tokens.scope === 'string') parts.push(`scope ${JSON.stringify(tokens.scope)}`);
  return `tokens received: ${parts.join(', ')}`;
}
