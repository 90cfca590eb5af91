import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { UsageError } from '../../core/errors.js';
import { resolveSecretValue } from '../../core/secret-value.js';
import type { SenderChecksPlan } from '../../senders/sender-checks.js';
import { prepareSignature, SIGNATURE_SCHEMES, type PreparedSignature } from '../../signatures/registry.js';
import type { SchemeSettings, SignatureEncoding } from '../../signatures/types.js';

type RawOptions = Record<string, unknown>;

const SCHEMES = Object.keys(SIGNATURE_SCHEMES).join(', ');

/** What every scheme-taking command shares: the secret and the generic scheme's layout. */
function addSecretOptions(command: Command, verb: 'check' | 'sign'): Command {
  return command
    .option('--secret <secret>', `the signing secret: a literal, env:NAME or @file (never printed or recorded)`)
    .option('--signature-header <name>', `hmac-sha256: the header the signature ${verb === 'check' ? 'arrives' : 'goes'} in`)
    .addOption(new Option('--signature-encoding <encoding>', 'hmac-sha256: how the digest is written').choices(['hex', 'base64']).default('hex'))
    .option('--signature-prefix <text>', "hmac-sha256: text before the digest, e.g. 'sha256='");
}

/** Receiver flags for testing a sender: --verify, --secret, --tolerance, --delivery-key (listen and every fire). */
export function addVerifyOptions(command: Command): Command {
  command
    .option('--verify <scheme>', `check each callback's signature, answering 401 when it does not hold: ${SCHEMES}`)
    .option('--tolerance <duration>', 'how far a signed timestamp may be from now, either way (default 5m)')
    .option('--delivery-key <query>', "what tells one delivery from another when no idempotency header does, e.g. '$.body.event_id'");
  return addSecretOptions(command, 'check');
}

/** `listen --openapi SPEC [--webhook NAME]`: each callback checked against the document's webhooks. */
export function addListenOpenApiOptions(command: Command): Command {
  return command
    .option('--openapi <spec>', "validate each callback against this OpenAPI document's webhooks (3.1) or callbacks (3.0)")
    .option('--webhook <name>', 'with --openapi: the webhook every callback must be (default: the one its body fits)');
}

/** `send`, `serve` and `demo`: --sign SCHEME --secret S. */
export function addSignOptions(command: Command): Command {
  command.option('--sign <scheme>', `sign what is sent, with a fresh id and timestamp each time: ${SCHEMES}`);
  return addSecretOptions(command, 'sign');
}

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
