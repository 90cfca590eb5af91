import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { certificateCacheDir, ensureCertificate, type ReceiverCertificate } from '../../../src/receiver/certificate.js';

let cacheDir: string;

beforeEach(async () => {
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'cbtest-cert-test-'));
});

afterEach(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

/** Serves HTTPS with the certificate on `host`, and fetches through it trusting only that certificate. */
async function fetchOverTls(certificate: ReceiverCertificate, host: string, servername?: string): Promise<string> {
  const server = https.createServer({ cert: certificate.cert, key: certificate.key }, (_req, res) => res.end('over tls'));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ connect: { ca: certificate.cert, ...(servername ? { servername } : {}) } });
  try {
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const response = await request(`https://${urlHost}:${port}/`, { dispatcher: agent });
    return await response.body.text();
  } finally {
    await agent.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('ensureCertificate', () => {
  it('makes a certificate a strict TLS client accepts for 127.0.0.1, and localhost', async () => {
    const certificate = await ensureCertificate({ cacheDir, hosts: [] });
    expect(certificate.created).toBe(true);
    expect(await fetchOverTls(certificate, '127.0.0.1')).toBe('over tls');
    expect(await fetchOverTls(certificate, '127.0.0.1', 'localhost')).toBe('over tls');
  });

  it('is refused for a name it does not cover', async () => {
    const certificate = await ensureCertificate({ cacheDir, hosts: [] });
    await expect(fetchOverTls(certificate, '127.0.0.1', 'hooks.example.test')).rejects.toThrow(/altnames|Hostname/i);
  });

  it('covers ::1 and any extra host, e.g. the --public-url host', async () => {
    const certificate = await ensureCertificate({ cacheDir, hosts: ['Hooks.Example.TEST', '[::1]'] });
    const x509 = new X509Certificate(certificate.cert);
    expect(x509.checkIP('::1')).toBe('::1');
    expect(x509.checkHost('hooks.example.test')).toBe('hooks.example.test');
    expect(await fetchOverTls(certificate, '127.0.0.1', 'hooks.example.test')).toBe('over tls');
  });

  it('keeps the key private and reuses the cached pair on the next run', async () => {
    const first = await ensureCertificate({ cacheDir, hosts: ['hooks.example.test'] });
    expect(first.keyPath.startsWith(cacheDir)).toBe(true);
    expect((await stat(first.keyPath)).mode & 0o777).toBe(0o600);

    const second = await ensureCertificate({ cacheDir, hosts: ['hooks.example.test'] });
    expect(second).toMatchObject({ created: false, certPath: first.certPath, cert: first.cert, key: first.key });
  });

  it('regenerates when a new host is needed or the cached files are unusable', async () => {
    const first = await ensureCertificate({ cacheDir, hosts: [] });
    const widened = await ensureCertificate({ cacheDir, hosts: ['other.example.test'] });
    expect(widened.created).toBe(true);
    expect(widened.cert).not.toBe(first.cert);

    await writeFile(widened.certPath, 'not a certificate');
    const repaired = await ensureCertificate({ cacheDir, hosts: ['other.example.test'] });
    expect(repaired.created).toBe(true);
    expect(await fetchOverTls(repaired, '127.0.0.1', 'other.example.test')).toBe('over tls');
  });

  it('renews a cached certificate that expires within a week', async () => {
    const first = await ensureCertificate({ cacheDir, hosts: [] });
    const soon = await generate([{ name: 'commonName', value: 'cbtest receiver' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 3 * 24 * 60 * 60 * 1000),
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] }],
    });
    await writeFile(first.certPath, soon.cert);
    await writeFile(first.keyPath, soon.private);
    const renewed = await ensureCertificate({ cacheDir, hosts: [] });
    expect(renewed.created).toBe(true);
    expect(Date.parse(new X509Certificate(renewed.cert).validTo)).toBeGreaterThan(Date.now() + 300 * 24 * 60 * 60 * 1000);
  });

  it('finds its cache folder from CBTEST_CACHE_DIR, then XDG_CACHE_HOME, then the home folder', () => {
    expect(certificateCacheDir({ CBTEST_CACHE_DIR: '/tmp/x', XDG_CACHE_HOME: '/xdg' })).toBe('/tmp/x');
    expect(certificateCacheDir({ XDG_CACHE_HOME: '/xdg' })).toBe(path.join('/xdg', 'cbtest'));
    expect(certificateCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'cbtest'));
  });
});
