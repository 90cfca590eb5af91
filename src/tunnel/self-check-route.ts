/**
 * The receiver's side of the tunnel self-check. After a tunnel opens, the adapter sends
 * `GET <publicUrl>/.cbtest/self-check/<nonce>` (nonce: 32 lowercase hex digits) through it; the receiver must
 * answer 200 with a body containing the nonce (this helper: `text/plain`, the nonce alone), and must not
 * record, count, forward or delay it. Any other answer fails the open with exit 4.
 */
export const SELF_CHECK_PREFIX = '/.cbtest/self-check/';

const NONCE = /^[0-9a-f]{32}$/;

export interface SelfCheckAnswer {
  status: 200;
  headers: Record<string, string>;
  body: string;
}

/** The answer to a self-check request, or null when `method` + `path` is not one (path may carry a query). */
export function answerSelfCheck(method: string, path: string): SelfCheckAnswer | null {
  if (method.toUpperCase() !== 'GET' || !path.startsWith(SELF_CHECK_PREFIX)) return null;
  const nonce = path.slice(SELF_CHECK_PREFIX.length).split('?')[0] ?? '';
  if (!NONCE.test(nonce)) return null;
  return {
    status: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    body: nonce,
  };
}
