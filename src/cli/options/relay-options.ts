import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveSecretValue } from '../../core/secret-value.js';
import { UsageError } from '../../core/errors.js';
import type { RelayPlan } from '../../relay/relay-plan.js';
import { parseHttpUrl } from '../parse-values.js';
import { collect, type RawOptions } from '../shared-flags.js';


export function addRelayOptions(command: Command): Command {
  return command
    .option('--relay <url>', 'receive through a cbtest relay: its channel URL becomes the public URL (repeat for instances to fail over between)', collect)
    .option('--relay-token <token>', 'the token the relay needs to open a channel (a literal, env:NAME or @file)')
    .option('--relay-key <key>', 'keep one channel across runs (same URL; a restarted run resumes where the last left off); 16+ characters (a literal, env:NAME or @file)');
}

export function parseRelayOptions(raw: RawOptions, env: NodeJS.ProcessEnv = process.env): RelayPlan | null {
  const texts = ((raw.relay as string[] | undefined) ?? []).flatMap((text) => text.split(',')).map((text) => text.trim()).filter(Boolean);
  if (texts.length === 0) {
    if (raw.relayToken !== undefined || raw.relayKey !== undefined) throw new UsageError('--relay-token and --relay-key need --relay', 'add --relay URL of your cbtest relay');
    return null;
  }
  if (raw.tunnel) throw new UsageError('--relay and --tunnel both say where callbacks arrive', 'keep one of them');
  if (raw.publicUrl !== undefined || raw.callbackUrl !== undefined) throw new UsageError('--relay and --public-url both say where callbacks arrive', 'keep one of them');
  const urls = texts.map((text) => parseHttpUrl(text, '--relay').href.replace(/\/+$/, ''));
  const channelKey = raw.relayKey === undefined ? null : secretText(String(raw.relayKey), '--relay-key', env);
  if (channelKey !== null && (channelKey.length < 16 || channelKey.length > 200 || !/^[\x21-\x7e]+$/.test(channelKey))) {
    throw new UsageError('--relay-key must be 16 to 200 printable characters without spaces', 'e.g. --relay-key "$(openssl rand -hex 16)", kept in a CI secret');
  }
  return { urls, token: raw.relayToken === undefined ? null : secretText(String(raw.relayToken), '--relay-token', env), channelKey };
}

// The shared secret syntax (literal, env:NAME, @file), so the value can stay out of the command line and `ps`.
export function secretText(text: string, flag: string, env: NodeJS.ProcessEnv): string {
  return resolveSecretValue(text, { env, readFile: (path) => readFileSync(path, 'utf8') }, flag);
}
