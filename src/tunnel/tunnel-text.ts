import { UsageError } from '../core/errors.js';
import { formatDuration } from '../core/duration.js';
import type { TunnelGrant } from './handshake.js';
import type { TunnelSettings } from './establish.js';

// The library reaches the receiver through `localhost`, which only these bind addresses answer on.
const REACHABLE_BIND_ADDRESSES = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', '::', '[::]']);
const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Turns user options into settings, rejecting what cannot work with a UsageError (exit 2). */
export function validateTunnelOptions(options: {
  host: string;
  subdomain?: string;
  localHost: string;
  localPort: number;
  localHttps?: boolean;
  openTimeoutMs?: number;
}): TunnelSettings {
  let host: URL | undefined;
  try {
    host = new URL(options.host);
  } catch {
    host = undefined;
  }
  if (!host || (host.protocol !== 'http:' && host.protocol !== 'https:')) {
    throw new UsageError(`--tunnel-host '${options.host}' is not an http(s) URL`, 'for example --tunnel-host https://localtunnel.me');
  }
  if (options.subdomain !== undefined && !SUBDOMAIN.test(options.subdomain)) {
    throw new UsageError(
      `--subdomain '${options.subdomain}' is not a valid subdomain`,
      'use lowercase letters, digits and inner hyphens, e.g. --subdomain my-hooks-42',
    );
  }
  if (!REACHABLE_BIND_ADDRESSES.has(options.localHost.toLowerCase())) {
    throw new UsageError(
      `--tunnel cannot reach a receiver bound to --host ${options.localHost}`,
      'bind it to 127.0.0.1 (the default) or 0.0.0.0, or expose it yourself and pass --public-url',
    );
  }
  return {
    tunnelHost: host.origin,
    localPort: options.localPort,
    localHttps: options.localHttps ?? false,
    openTimeoutMs: options.openTimeoutMs ?? 15_000,
  };
}

/** The `open` message: where it points, and whether the requested name was granted. */
export function describeGrant(grant: TunnelGrant, options: { subdomain?: string; localPort: number; localHttps?: boolean }): string {
  const local = `${options.localHttps ? 'https' : 'http'}://localhost:${options.localPort}`;
  const opened = `tunnel open at ${grant.url} → ${local}`;
  if (options.subdomain === undefined || options.subdomain === grant.id) return opened;
  return `${opened}; subdomain '${options.subdomain}' was not granted (probably taken), the tunnel host picked '${grant.id}'`;
}

/** The `reopened` message: loud when the URL changed, since callbacks sent to the old one are lost. */
export function describeReopen(grant: TunnelGrant, previousUrl: string, requested: string | undefined, downMs: number): string {
  if (grant.url === previousUrl) return `tunnel reopened at ${grant.url} after ${formatDuration(downMs)}`;
  const why = requested !== undefined && requested !== grant.id ? ` (subdomain '${requested}' was not granted)` : '';
  return (
    `TUNNEL URL CHANGED: reopened at ${grant.url}, no longer ${previousUrl}${why}; ` +
    'callbacks sent to the old URL are lost, give the producer the new one'
  );
}
