import type { Dispatcher } from 'undici';
import { TransportError } from '../core/errors.js';
import { formatDuration } from '../core/duration.js';
import { settleBefore } from './abortable.js';
import { requestTunnel, TUNNEL_HOST_HINT, type TunnelGrant } from './handshake.js';
import { startClientSockets, type ClientHooks, type ClientSockets } from './localtunnel-client.js';
import { checkThroughTunnel } from './self-check.js';

export interface TunnelSettings {
  tunnelHost: string;
  localPort: number;
  localHttps: boolean;
  openTimeoutMs: number;
}

export interface EstablishedTunnel {
  grant: TunnelGrant;
  sockets: ClientSockets;
}

/**
 * One full open: ask for a tunnel, connect the library's sockets, and prove a request reaches the receiver,
 * all within `openTimeoutMs`. On failure nothing is left open.
 */
export async function establishTunnel(
  settings: TunnelSettings,
  subdomain: string | undefined,
  { signal, dispatcher }: { signal: AbortSignal; dispatcher: Dispatcher },
  hooks: ClientHooks,
): Promise<EstablishedTunnel> {
  const deadline = Date.now() + settings.openTimeoutMs;
  const limits = { deadline, signal, dispatcher };
  const grant = await requestTunnel(settings.tunnelHost, subdomain, { ...limits, budgetMs: settings.openTimeoutMs });

  let firstSocket: () => void = () => {};
  let refused: (error: Error) => void = () => {};
  const connected = new Promise<void>((resolve, reject) => {
    firstSocket = resolve;
    refused = reject;
  });
  const maxConnections = typeof grant.body.max_conn_count === 'number' ? grant.body.max_conn_count : 1;
  let errors = 0;
  const sockets = startClientSockets(
    grant,
    { port: settings.localPort, https: settings.localHttps, tunnelHost: settings.tunnelHost },
    {
      onSocketOpen: () => {
        firstSocket();
        hooks.onSocketOpen();
      },
      onSocketDead: () => hooks.onSocketDead(),
      onError: (error) => {
        errors += 1;
        if (errors >= maxConnections) {
          refused(
            new TransportError(
              `tunnel host ${settings.tunnelHost} granted ${grant.url} but its tunnel port refused every connection (${error.message})`,
              TUNNEL_HOST_HINT,
            ),
          );
        }
        hooks.onError(error);
      },
    },
  );

  try {
    await settleBefore(connected, deadline, signal, () => {
      return new TransportError(
        `tunnel host ${settings.tunnelHost} granted ${grant.url} but no tunnel connection opened within ${formatDuration(settings.openTimeoutMs)}`,
        TUNNEL_HOST_HINT,
      );
    });
    await checkThroughTunnel(grant.url, limits);
    return { grant, sockets };
  } catch (error) {
    sockets.close();
    throw error;
  }
}
