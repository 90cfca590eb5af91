import type { EventDraft } from '../core/events.js';
import { formatQuery } from '../core/resend.js';
import type { CallbackFacts } from '../core/callback-facts.js';
import type { ForwardedAnswer } from '../receiver/app.js';
import type { ReceiverPlan } from './session-plan.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  certPath: string;
}

/** --https: a cached self-signed certificate that covers localhost, loopback and the --public-url host. */
export async function loadTls(plan: ReceiverPlan): Promise<TlsMaterial | null> {
  if (!plan.https) return null;
  const { ensureCertificate } = await import('../receiver/certificate.js');
  const hosts = ['localhost', '127.0.0.1', '::1'];
  if (plan.publicUrl) hosts.push(new URL(plan.publicUrl).hostname);
  if (!['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(plan.host)) hosts.push(plan.host);
  const certificate = await ensureCertificate({ hosts });
  return { cert: certificate.cert, key: certificate.key, certPath: certificate.certPath };
}

/** --forward-to: deliver each callback to the user's app, minus this run's token path, and relay its answer. */
export async function makeForwarder(
  target: string | null,
  pathForApp: (path: string) => string,
): Promise<((callback: CallbackFacts, body: Buffer, signal?: AbortSignal) => Promise<ForwardedAnswer>) | undefined> {
  if (!target) return undefined;
  const { forwardCallback } = await import('../receiver/forward.js');
  return async (callback, body, signal) => {
    const suffix = pathForApp(callback.path);
    const query = formatQuery(callback.query);
    const result = await forwardCallback(target, {
      method: callback.method,
      pathAndQuery: query ? `${suffix}?${query}` : suffix,
      headers: callback.headers,
      body,
    }, signal ? { signal } : {});
    const outcome = {
      url: result.url,
      ...(result.status === undefined ? {} : { status: result.status }),
      durationMs: Math.round(result.durationMs),
      ...(result.bodyPreview === undefined ? {} : { bodyPreview: result.bodyPreview }),
      ...(result.error === undefined ? {} : { error: result.error }),
    };
    if (result.status === undefined || result.error !== undefined) return { outcome };
    return { outcome, response: { status: result.status, headers: result.headers ?? {}, body: result.body ?? Buffer.alloc(0) } };
  };
}

/** --relay: a relay channel whose public URL is the receiver's; its outages and resumes become `relay` events. */
export async function openRelayFor(plan: ReceiverPlan, localUrl: string, signal: AbortSignal, append: (draft: EventDraft) => void, commit?: () => boolean, recordPath: string | null = null): Promise<OpenedTunnel | null> {
  if (!plan.relay) return null;
  const { openRelayChannel } = await import('../relay/relay-client.js');
  const channel = await openRelayChannel({ relayUrl: plan.relay.urls, token: plan.relay.token, channelKey: plan.relay.channelKey, localUrl, signal, onEvent: append, recordPath, ...(commit ? { commit } : {}) });
  return { url: channel.publicUrl, close: channel.close };
}

export interface OpenedTunnel {
  url: string;
  close(): Promise<void>;
}

/** --tunnel: a localtunnel whose state changes become `tunnel` events. */
export async function openTunnelFor(
  plan: ReceiverPlan,
  localPort: number,
  signal: AbortSignal,
  append: (draft: EventDraft) => void,
  onUrlChanged: (previous: string | null, next: string | null) => void,
): Promise<OpenedTunnel | null> {
  if (!plan.tunnel) return null;
  const { openTunnel } = await import('../tunnel/index.js');
  const tunnel = await openTunnel(
    {
      localPort,
      localHost: plan.host === '0.0.0.0' ? '127.0.0.1' : plan.host,
      localHttps: plan.https,
      host: plan.tunnel.host,
      ...(plan.tunnel.subdomain ? { subdomain: plan.tunnel.subdomain } : {}),
      signal,
    },
    (state) => {
      append({ type: 'tunnel', ...state });
      if (state.state === 'reopened' && state.previousUrl !== state.url) onUrlChanged(state.previousUrl ?? null, state.url);
    },
  );
  return tunnel;
}
