/** Addresses that accept connections from this machine only. */
function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare) || bare === '::ffff:127.0.0.1';
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * What the `listening` line shows for `--host`: the address actually bound (`http://0.0.0.0:4000`, not the loopback
 * URL cbtest itself uses to reach it), and one warning when anything beyond this machine can connect.
 */
export function describeListenAddress(host: string, localUrl: string): { url: string; warning: string | null } {
  const url = WILDCARDS.has(host) ? localUrl.replace(/^(https?:\/\/)(?:127\.0\.0\.1|\[::1\])(?=:)/, `$1${host === '0.0.0.0' ? host : '[::]'}`) : localUrl;
  if (isLoopback(host)) return { url, warning: null };
  const port = /:(\d+)$/.exec(url)?.[1] ?? '';
  const who = WILDCARDS.has(host) ? 'every network this machine is on' : `the network of ${host}`;
  return { url, warning: `warning: --host ${host} makes the receiver reachable from ${who}: anyone who can reach port ${port} can send it callbacks; use --host 127.0.0.1 to keep it local` };
}
