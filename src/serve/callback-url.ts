/** Why a callback URL was refused, in a sentence that names the value and what to do instead. */
export type CallbackUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Host names under this reserved TLD (RFC 2606) are always refused: a documented way to see a refusal. */
export const REFUSED_HOST_SUFFIX = '.invalid';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The producer's acceptance rule for a callback URL: an absolute http(s) URL without credentials,
 * https only unless the producer was started with allowHttp.
 */
export function checkCallbackUrl(value: unknown, allowHttp: boolean, field = 'callback URL'): CallbackUrlCheck {
  if (typeof value !== 'string' || value.trim() === '') {
    return { ok: false, reason: `${field} must be a non-empty string, got ${describeValue(value)}` };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: `${field} ${JSON.stringify(value)} is not an absolute URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `${field} ${JSON.stringify(value)} must use https (${url.protocol} is not supported)` };
  }
  if (url.protocol === 'http:' && !allowHttp) {
    return {
      ok: false,
      reason: `${field} ${JSON.stringify(value)} must use https; start serve with --allow-http for local testing`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: `${field} ${JSON.stringify(value)} must not carry credentials` };
  }
  if (url.hostname.toLowerCase().endsWith(REFUSED_HOST_SUFFIX)) {
    return { ok: false, reason: `${field} host ${url.hostname} is refused: hosts under ${REFUSED_HOST_SUFFIX} never receive callbacks` };
  }
  return { ok: true, url };
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : `a ${typeof value}`;
}
