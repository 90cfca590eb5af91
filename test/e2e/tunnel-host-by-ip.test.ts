import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliToEnd } from '../helpers/cli.js';
import { startLocaltunnelServer, type LocaltunnelTestServer } from '../helpers/localtunnel-server.js';

let server: LocaltunnelTestServer;
beforeAll(async () => {
  // A self-hosted localtunnel server started without --domain and addressed by IP grants http://<id>.127.0.0.1:<port>.
  server = await startLocaltunnelServer({ urlStyle: 'ip' });
});
afterAll(() => server.close());

describe('--tunnel-host addressed by IP', () => {
  it('says the granted URL is a subdomain of an IP address no producer can reach, and how to fix it (exit 4)', async () => {
    const result = await runCliToEnd(['listen', '--port', '0', '--tunnel', '--tunnel-host', server.url, '--timeout', '20s']);
    expect(result.code).toBe(4);
    const line = `${result.stdout}${result.stderr}`;
    expect(line).toMatch(new RegExp(`tunnel host ${server.url} answered with http://[\\w-]+\\.127\\.0\\.0\\.1:${server.port}, a subdomain of the IP address 127\\.0\\.0\\.1: no producer can reach it`));
    expect(line).toMatch(/run the localtunnel server with --domain NAME .* --tunnel-host http:\/\/NAME:PORT/);
    expect(line).not.toMatch(/did not answer like a localtunnel server/);
  });
});
