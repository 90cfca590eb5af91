import { readFileSync } from 'node:fs';
import { parseDuration } from '../../core/duration.js';
import { UsageError } from '../../core/errors.js';
import { resolveSecretValue } from '../../core/secret-value.js';
import type { SenderChecksPlan } from '../../senders/sender-checks.js';
import { prepareSignature, SIGNATURE_SCHEMES, type PreparedSignature } from '../../signatures/registry.js';
import type { SchemeSettings, SignatureEncoding } from '../../signatures/types.js';

type RawOptions = Record<string, unknown>;

const SCHEMES = Object.keys(SIGNATURE_SCHEMES).join(', ');

export { addSignOptions } from './sender-flags.js';

const secretIo = { env: process.env, readFile: (path: string) => readFileSync(path, 'utf8') };

/** The secret named by --secret, resolved (env:NAME, @file); [] without one. For the redaction of every record. */
export function signingSecrets(raw: RawOptions): string[] {
  if (raw.secret === undefined) return [];
  try {
    return [resolveSecretValue(String(raw.secret), secretIo, '--secret')];
  } catch {
    // The same value is resolved again where it is used, and that reports the problem.
    return [];
  }
}

function schemeSettings(raw: RawOptions): Partial<SchemeSettings> {
  const settings: Partial<SchemeSettings> = { encoding: (raw.signatureEncoding as SignatureEncoding | undefined) ?? 'hex', prefix: (raw.signaturePrefix as string | undefined) ?? '' };
  if (raw.signatureHeader !== undefined) settings.header = String(raw.signatureHeader);
  return settings;
}

function prepareFrom(raw: RawOptions, flag: '--verify' | '--sign'): PreparedSignature | null {
  const name = raw[flag === '--verify' ? 'verify' : 'sign'];
  if (name === undefined) {
    if (raw.secret !== undefined) throw new UsageError(`--secret needs ${flag} SCHEME`, `say how to ${flag === '--verify' ? 'check' : 'sign'}: ${SCHEMES}`);
    return null;
  }
  if (raw.secret === undefined) throw new UsageError(`${flag} ${String(name)} needs --secret`, 'give the signing secret as a literal, env:NAME or @file');
  const settings = schemeSettings(raw);
  if (raw.tolerance !== undefined) settings.toleranceMs = parseDuration(String(raw.tolerance), '--tolerance');
  const prepared = prepareSignature(String(name), resolveSecretValue(String(raw.secret), secretIo, '--secret'), settings, flag);
  if (raw.tolerance !== undefined && !prepared.signsTimestamp) {
    throw new UsageError(`--tolerance does not apply to ${prepared.scheme}`, `${prepared.scheme} signs no timestamp; drop --tolerance`);
  }
  return prepared;
}

/** The receiver's sender checks from the flags; usage errors (unknown scheme, unreadable secret) surface here. */
export function parseVerifyOptions(raw: RawOptions): SenderChecksPlan {
  if (raw.webhook !== undefined && raw.openapi === undefined) throw new UsageError(`--webhook ${String(raw.webhook)} needs --openapi SPEC`);
  if (raw.sign !== undefined) throw new UsageError('--sign is for what cbtest sends (send, serve, demo)', 'a receiver checks signatures with --verify SCHEME');
  const deliveryKey = raw.deliveryKey === undefined ? null : String(raw.deliveryKey);
  return {
    verify: prepareFrom(raw, '--verify'),
    deliveryKey,
    openapi: null,
  };
}

/** listen's --openapi/--webhook (on fire, --openapi is the fire mode, so only listen reads these). */
export function parseListenOpenApiOptions(raw: RawOptions): SenderChecksPlan['openapi'] {
  if (raw.openapi === undefined) return null;
  return { spec: String(raw.openapi), webhook: (raw.webhook as string | undefined) ?? null };
}

/** `--sign` for send, serve and demo; null when not asked. */
export function parseSignOptions(raw: RawOptions): PreparedSignature | null {
  return prepareFrom(raw, '--sign');
}
