import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { RelayPlan } from '../../relay/relay-plan.js';
import { parseHttpUrl } from '../parse-values.js';
import { collect, type RawOptions } from '../shared-options.js';


export function addRelayOptions(command: Command): Command {
  return command
    .option('--relay <url>', 'receive through a cbtest relay: its channel URL becomes the public URL (repeat for instances to fail over between)', collect)
    .option('--relay-token <token>', 'the token the relay needs to open a channel (or env:NAME)')
    .option('--relay-key <key>', 'keep one channel across runs (same URL; a restarted run resumes where the last left off); 16+ characters, or env:NAME');
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

// A literal, or env:NAME so the value stays out of the command line (and out of `ps`).
function secretText(text: string, flag: string, env: NodeJS.ProcessEnv): string {
  if (!text.startsWith('env:')) return text;
  const name = text.slice(4);
  const value = env[name];
  if (value === undefined || value === '') throw new UsageError(`${flag} env:${name}: the variable ${name} is not set`, `export ${name}=... first`);
  return value;
}
