import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
  tunnel = await openTunnel(
    { localPort: receiver.port, localHost: '127.0.0.1', host: server.url, openTimeoutMs: 5000, healthIntervalMs: 200 },
    (state) => states.push(state),
  );
});

afterEach(async () => {
  await tunnel?.close();
  await receiver.app.close();
  await server.close();
});

const stateNamed = (name: TunnelState['state']) => () => states.find((state) => state.state === name);

async function postThrough(url: string, text: string): Promise<string> {
  const response = await requestThroughTunnel(url, { method: 'POST', path: '/cb', body: text, headers: { 'content-type': 'text/plain' } });
  return response.body.toString();
}

describe('a kept tunnel', () => {
  it('reports down when its server dies, and reopened at the same URL when it comes back', async () => {
    const firstUrl = tunnel?.url ?? '';
    await server.stop();
    const down = await waitFor(stateNamed('down'), 'a down event');
    expect(down).toMatchObject({ url: firstUrl });
    expect(down.message).toMatch(/lost: .*reconnecting/);

    await server.start();
    const reopened = await waitFor(stateNamed('reopened'), 'a reopened event');
    expect(reopened).toMatchObject({ url: firstUrl, previousUrl: firstUrl });
    expect(reopened.message).toMatch(/^tunnel reopened at /);
    expect(tunnel?.url).toBe(firstUrl);
    expect(await postThrough(firstUrl, 'after the restart')).toBe('after the restart');
  });

  it('says loudly that callbacks to the old URL are lost when the name could not be kept', async () => {
    const firstUrl = tunnel?.url ?? '';
    await server.stop();
    await waitFor(stateNamed('down'), 'a down event');
    server.refuseSubdomains = true;
    await server.start();

    const reopened = await waitFor(stateNamed('reopened'), 'a reopened event');
    expect(reopened.previousUrl).toBe(firstUrl);
    expect(reopened.url).not.toBe(firstUrl);
    expect(reopened.message).toMatch(/TUNNEL URL CHANGED.*old URL are lost/);
    expect(tunnel?.url).toBe(reopened.url);
    expect(await postThrough(reopened.url ?? '', 'new home')).toBe('new home');
  });

  it('notices a tunnel the server forgot while its sockets stayed silent', async () => {
    const id = server.tunnelIds()[0] ?? '';
    server.forgetSilently(id);
    const down = await waitFor(stateNamed('down'), 'a down event');
    expect(down.message).toContain(`no longer knows tunnel ${id}`);
    const reopened = await waitFor(stateNamed('reopened'), 'a reopened event');
    expect(reopened.url).toBe(down.url);
  });

  it('close() during reconnection stops everything: no socket, server or timer is left', async () => {
    const resources = (): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
      return counts;
    };
    await server.stop();
    await waitFor(stateNamed('down'), 'a down event');
    await tunnel?.close();
    tunnel = undefined;
    await receiver.app.close();

    const left = await waitFor(() => {
      const counts = resources();
      const busy = (counts.TCPSocketWrap ?? 0) + (counts.TCPServerWrap ?? 0) + (counts.Timeout ?? 0);
      return busy === 0 ? counts : undefined;
    }, 'sockets, servers and timers to be released', 5000).catch(() => resources());
    expect(left).not.toHaveProperty('TCPSocketWrap');
    expect(left).not.toHaveProperty('TCPServerWrap');
    expect(left).not.toHaveProperty('Timeout');
    expect(states.map((state) => state.state)).toEqual(['open', 'down']);
  });
});
