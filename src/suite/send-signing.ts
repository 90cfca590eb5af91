import { UsageError } from '../core/errors.js';
import { prepareSignature, type PreparedSignature } from '../signatures/registry.js';
import type { SchemeSettings, SignatureEncoding } from '../signatures/types.js';
import { isRecord } from './resolve-template.js';

/**
 * A `send` step's signing, in either spelling: the flags' (`sign: github`, `secret`, `signatureHeader`, …) or the
 * receiver's `verify` block (`sign: { scheme: github, secret, signatureHeader, … }`). Null when the step signs nothing.
 */
export function sendSigningOf(send: Record<string, unknown>, label = 'send.sign'): PreparedSignature | null {
  const sign = send.sign;
  if (sign === undefined || sign === null) {
    if (send.secret !== undefined) throw new UsageError('send.secret needs send.sign', 'say how to sign: sign: { scheme: github, secret: … }');
    return null;
  }
  const spec = isRecord(sign) ? sign : { ...send, scheme: sign };
  if (isRecord(sign) && send.secret !== undefined) throw new UsageError('send has both sign.secret and secret', 'give the secret once, inside sign');
  if (typeof spec.scheme !== 'string') throw new UsageError(`${label} needs a scheme`, 'e.g. sign: { scheme: github, secret: env:GH_SECRET }');
  if (typeof spec.secret !== 'string') throw new UsageError(`${label} ${spec.scheme} needs a secret`, 'a literal, env:NAME or @file');
  const settings: Partial<SchemeSettings> = { encoding: (spec.signatureEncoding as SignatureEncoding | undefined) ?? 'hex', prefix: typeof spec.signaturePrefix === 'string' ? spec.signaturePrefix : '' };
  if (typeof spec.signatureHeader === 'string') settings.header = spec.signatureHeader.toLowerCase();
  return prepareSignature(spec.scheme, spec.secret, settings, label);
}
