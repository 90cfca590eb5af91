import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransportError, UsageError } from '../../src/core/errors.js';
import { ensureCertificate } from '../../src/receiver/certificate.js';
import { openTunnel, type ManagedTunnel, type TunnelState } from '../../src/tunnel/open-tunnel.js';
import { requestThroughTunnel, startLocaltunnelServer, type LocaltunnelTestServer } from '../helpers/localtunnel-server.js';
import { startLocalReceiver, type LocalReceiver } from './local-receiver.js';
import { waitFor } from './wait-for.js';

let server: LocaltunnelTestServer;
let receiver: LocalReceiver;
let tunnel: ManagedTunnel | undefined;
let states: TunnelState[];

beforeEach(async () => {
  server = await startLocaltunnelServer();
  receiver = await startLocalReceiver();
  states = [];
  tunnel = undefined;
});

afterEach(async () => {
  await tunnel?.close();
  await receiver.app.close();
  await server.close();
});

function options(extra: Partial<Parameters<typeof openTunnel>[0]> = {}): Parameters<typeof openTunnel>[0] {
  return { localPort: receiver.port, localHost: '127.0.0.1', host: server.url, openTimeoutMs: 5000, ...extra };
}

describe('openTunnel', () => {
  it('opens a public URL that carries a POST to the receiver byte for byte, both ways', async () => {
    tunnel = await openTunnel(options(), (state) => states.push(state));
    expect(tunnel.url).toMatch(/^http:\/\/[a-z0-9]+\.localhost:\d+$/);
    expect(states).toEqual([expect.objectContaining({ state: 'open', url: tunnel.url })]);
    expect(states[0]?.message).toContain(tunnel.url);

    // Every byte value, invalid UTF-8, and enough bulk to span several TCP chunks.
    const body = Buffer.concat([Buffer.from([...Array(256).keys()]), Buffer.from([0xc3, 0x28, 0xff]), randomBytes(200_000)]);
    const response = await requestThroughTunnel(tunnel.url, {
      method: 'POST',
      path: '/hooks/payment?attempt=2',
      headers: { 'content-type': 'application/octet-stream', 'x-signature': 'v1=abc' },
      body,
    });

    expect(response.status).toBe(201);
    expect(response.headers['x-echo']).toBe('yes');
    expect(response.body.equals(body)).toBe(true);
    const arrived = receiver.received.at(-1);
    expect(arrived).toMatchObject({ method: 'POST', url: '/hooks/payment?attempt=2' });
    expect(arrived?.headers['x-signature']).toBe('v1=abc');
    expect(arrived?.body.equals(body)).toBe(true);
  });

  it('reaches a receiver that serves HTTPS with its self-signed certificate', async () => {
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'cbtest-tunnel-tls-'));
    const { cert, key } = await ensureCertificate({ cacheDir, hosts: [] });
    const secure = await startLocalReceiver({ https: { cert, key } });
    try {
      tunnel = await openTunnel(options({ localPort: secure.port, localHttps: true }), (state) => states.push(state));
      expect(states[0]?.message).toContain(`https://localhost:${secure.port}`);
      const response = await requestThroughTunnel(tunnel.url, { method: 'POST', path: '/tls', body: 'sealed' });
      expect(response.body.toString()).toBe('sealed');
      expect(secure.received[0]?.url).toBe('/tls');
    } finally {
      await tunnel?.close();
      await secure.app.close();
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('serves the requested subdomain when it is free', async () => {
    tunnel = await openTunnel(options({ subdomain: 'my-hooks' }), (state) => states.push(state));
    expect(tunnel.url).toBe(`http://my-hooks.localhost:${server.port}`);
    expect(states[0]?.message).not.toContain('not granted');
  });

  it('says so when the requested subdomain was not granted', async () => {
    server.refuseSubdomains = true;
    tunnel = await openTunnel(options({ subdomain: 'my-hooks' }), (state) => states.push(state));
    expect(tunnel.url).not.toContain('my-hooks');
    expect(states[0]?.message).toMatch(/subdomain 'my-hooks' was not granted/);
    expect(states[0]?.message).toContain(tunnel.url);
  });

  it('fails with exit 4, naming the host and a way out, when the host refuses (403)', async () => {
    server.mode = 'forbid';
    const opening = openTunnel(options({ openTimeoutMs: 10_000 }), (state) => states.push(state));
    const error = await opening.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).exitCode).toBe(4);
    expect((error as TransportError).message).toContain(server.url);
    expect((error as TransportError).message).toContain('403');
    expect((error as TransportError).hint).toMatch(/--tunnel-host.*--public-url/);
    expect(states).toEqual([]);
  });

  it('fails with exit 4 within the open timeout when the host never answers', async () => {
    server.mode = 'hang';
    const error = await openTunnel(options({ openTimeoutMs: 800 }), (state) => states.push(state)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toMatch(/did not open a tunnel within 800ms \(last: no answer\)/);
    expect((error as TransportError).message).toContain(server.url);
  });

  it('fails with exit 4 when nothing listens at the tunnel host', async () => {
    await server.stop();
    const error = await openTunnel(options({ openTimeoutMs: 800 }), () => {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toContain('ECONNREFUSED');
  });

  it('fails the self-check when the public URL does not reach a cbtest receiver', async () => {
    const bare = await startLocalReceiver({ selfCheck: false });
    try {
      const error = await openTunnel(options({ localPort: bare.port }), () => {}).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).message).toMatch(/did not reach cbtest's receiver \(answered 201/);
    } finally {
      await bare.app.close();
    }
  });

  it('explains the reminder page when the tunnel service shows one instead of forwarding', async () => {
    server.reminderPage = true;
    const error = await openTunnel(options(), () => {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toMatch(/reminder\/password page/);
    expect((error as TransportError).message).toContain('bypass-tunnel-reminder');
  });

  it('rejects options that cannot work as usage errors', async () => {
    await expect(openTunnel(options({ host: 'localtunnel.me' }), () => {})).rejects.toBeInstanceOf(UsageError);
    await expect(openTunnel(options({ subdomain: 'My_Hooks' }), () => {})).rejects.toThrow(/--subdomain 'My_Hooks'/);
    await expect(openTunnel(options({ localHost: '192.168.1.20' }), () => {})).rejects.toThrow(/--host 192.168.1.20/);
  });
});

describe('ManagedTunnel.close', () => {
  it('lets the answer to the last callback reach the sender when closing right after it', async () => {
    let answered: () => void = () => {};
    const lastAnswer = new Promise<void>((resolve) => (answered = resolve));
    const closing = await startLocalReceiver({ onAnswered: (url) => url === '/last' && answered() });
    try {
      tunnel = await openTunnel(options({ localPort: closing.port }), () => {});
      const response = requestThroughTunnel(tunnel.url, { method: 'POST', path: '/last', body: 'final', headers: { 'content-type': 'text/plain' } });
      await lastAnswer;
      await tunnel.close();
      expect((await response).status).toBe(201);
      expect((await response).body.toString()).toBe('final');
    } finally {
      await closing.app.close();
    }
  });

  it('can be called twice, and drops every connection to the tunnel host', async () => {
    tunnel = await openTunnel(options(), () => {});
    const id = server.tunnelIds()[0] ?? '';
    expect(server.connectedSockets(id)).toBeGreaterThan(0);
    await Promise.all([tunnel.close(), tunnel.close()]);
    await waitFor(() => (server.connectedSockets(id) === 0 ? true : undefined), 'the tunnel sockets to close');
  });
});
