import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { waitForQuietSockets } from './quiet-sockets.js';
import type { TunnelGrant } from './handshake.js';

/** The parts of @n8n/localtunnel's (CommonJS) Tunnel class we drive; its socket pool stays the library's. */
interface LibraryTunnel extends EventEmitter {
  url: string;
  clientId: string;
  tunnelCluster?: EventEmitter;
  open(callback: (error?: Error) => void): void;
  close(): void;
  _init(callback: (error: Error | null, info?: unknown) => void): void;
  _getInfo(body: unknown): unknown;
}

type LibraryTunnelClass = new (options: Record<string, unknown>) => LibraryTunnel;

const require = createRequire(import.meta.url);
const Tunnel = require('@n8n/localtunnel/lib/Tunnel.js') as LibraryTunnelClass;

export interface ClientSockets {
  /** Tunnel sockets connected to the tunnel server right now. */
  live(): number;
  /** Resolves once nothing has been written to the tunnel host for a moment (a response in flight got out). */
  drain(): Promise<void>;
  close(): void;
}

export interface ClientHooks {
  onSocketOpen(): void;
  onSocketDead(): void;
  onError(error: Error): void;
}

/**
 * Starts the library's socket pool for a tunnel we already negotiated. We do the `/?new` request ourselves:
 * the library's own retries forever every second, cannot be cancelled, and would keep the process alive.
 * `local_host` is never passed: the library then rewrites the Host header through a string conversion that
 * corrupts binary bodies, so it connects to `localhost` (both address families) instead.
 */
export function startClientSockets(
  grant: TunnelGrant,
  local: { port: number; https: boolean; tunnelHost: string },
  hooks: ClientHooks,
): ClientSockets {
  const client = new Tunnel({
    host: local.tunnelHost,
    port: local.port,
    local_https: local.https,
    // The receiver's certificate is self-signed; the hop is loopback only.
    allow_invalid_cert: local.https,
  });
  client._init = (callback) => callback(null, client._getInfo(grant.body));
  // An 'error' without a listener would end the process; the monitor decides what an error means.
  // The listener stays after close: late socket errors must not become uncaught.
  let closed = false;
  client.on('error', (error: Error) => {
    if (!closed) hooks.onError(error);
  });

  let live = 0;
  const remotes = new Set<Socket>();
  client.open((error) => {
    if (error) return hooks.onError(error);
    client.tunnelCluster?.on('open', (remote: Socket) => {
      remotes.add(remote);
      remote.once('close', () => remotes.delete(remote));
      live += 1;
      if (!closed) hooks.onSocketOpen();
    });
    client.tunnelCluster?.on('dead', () => {
      live = Math.max(0, live - 1);
      if (!closed) hooks.onSocketDead();
    });
  });

  return {
    live: () => live,
    drain: () => waitForQuietSockets(remotes),
    close: () => {
      closed = true;
      client.close();
    },
  };
}
