import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface CertificateRequest {
  /** Where cert.pem and key.pem live; defaults to `certificateCacheDir()`. */
  cacheDir?: string;
  /** Names and addresses the certificate must cover besides localhost, 127.0.0.1 and ::1. */
  hosts: string[];
}

export interface ReceiverCertificate {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
  /** True when this call generated it, false when a cached one was reused. */
  created: boolean;
}

const ALWAYS_COVERED = ['localhost', '127.0.0.1', '::1'];
const RENEW_BEFORE_MS = 7 * 24 * 60 * 60 * 1000;
const VALID_FOR_MS = 365 * 24 * 60 * 60 * 1000;

/** `$CBTEST_CACHE_DIR`, else `$XDG_CACHE_HOME/cbtest`, else `~/.cache/cbtest`. */
export function certificateCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CBTEST_CACHE_DIR) return env.CBTEST_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'cbtest');
}

/**
 * The receiver's self-signed certificate for `--https`: reused from the cache while it covers every host and
 * is not about to expire, generated (and cached, key readable by the user only) otherwise.
 */
export async function ensureCertificate(request: CertificateRequest): Promise<ReceiverCertificate> {
  const hosts = [...new Set([...ALWAYS_COVERED, ...request.hosts.map(normaliseHost).filter(Boolean)])];
  const dir = request.cacheDir ?? certificateCacheDir();
  const certPath = path.join(dir, 'receiver-cert.pem');
  const keyPath = path.join(dir, 'receiver-key.pem');

  const cached = await readCached(certPath, keyPath);
  if (cached && covers(cached.cert, cached.key, hosts)) {
    return { certPath, keyPath, cert: cached.cert, key: cached.key, created: false };
  }

  const pems = await generate([{ name: 'commonName', value: 'cbtest receiver' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + VALID_FOR_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hosts.map((host) => (isIP(host) ? { type: 7 as const, ip: host } : { type: 2 as const, value: host })) },
    ],
  });
  const written = await writePair(dir, certPath, keyPath, pems.cert, pems.private);
  return { ...written, cert: pems.cert, key: pems.private, created: true };
}

/** `[::1]` → `::1`, `Example.COM` → `example.com`; URLs are the caller's to reduce to a host. */
function normaliseHost(host: string): string {
  return host.trim().replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

async function readCached(certPath: string, keyPath: string): Promise<{ cert: string; key: string } | undefined> {
  try {
    return { cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8') };
  } catch {
    return undefined;
  }
}

function covers(cert: string, key: string, hosts: string[]): boolean {
  try {
    const x509 = new X509Certificate(cert);
    if (!x509.checkPrivateKey(createPrivateKey(key))) return false;
    if (Date.parse(x509.validTo) - Date.now() < RENEW_BEFORE_MS) return false;
    return hosts.every((host) => (isIP(host) ? x509.checkIP(host) !== undefined : x509.checkHost(host) !== undefined));
  } catch {
    return false;
  }
}

/** Writes through temp files and renames, so a reader never sees half a PEM; falls back to a temp dir. */
async function writePair(
  dir: string,
  certPath: string,
  keyPath: string,
  cert: string,
  key: string,
): Promise<{ certPath: string; keyPath: string }> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeAtomically(keyPath, key, 0o600);
    await writeAtomically(certPath, cert, 0o644);
    return { certPath, keyPath };
  } catch {
    // An unwritable cache must not stop --https: this run's pair goes to a private temp dir instead.
    const fallback = await mkdtemp(path.join(os.tmpdir(), 'cbtest-cert-'));
    const paths = { certPath: path.join(fallback, 'receiver-cert.pem'), keyPath: path.join(fallback, 'receiver-key.pem') };
    await writeFile(paths.keyPath, key, { mode: 0o600 });
    await writeFile(paths.certPath, cert);
    return paths;
  }
}

async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, text, { mode });
  await chmod(temporary, mode);
  await rename(temporary, file);
}
