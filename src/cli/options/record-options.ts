import { Option, type Command } from 'commander';
import type { Expectation } from '../../core/assertions/index.js';
import { parseDuration } from '../../core/duration.js';
import { UsageError } from '../../core/errors.js';
import { parseHeaderFlags } from '../../core/headers.js';
import { parseSeqList, type SeqList } from '../../core/seq-list.js';
import { parseHttpUrl, parseInteger } from '../parse-values.js';
import { collect, type RawOptions } from '../shared-options.js';

/** The flags of `cbtest replay`, typed. */
export interface ReplayOptions {
  to: string | null;
  run: string | null;
  seq: SeqList | null;
  filter: { text: string; expectation: Expectation } | null;
  concurrency: number;
  headers: Record<string, string>;
  timeoutMs: number;
  /** --sign with its secret as written (literal, env:NAME or @file) and the generic scheme's settings. */
  sign: { scheme: string; secret: string; header: string | null; encoding: 'hex' | 'base64'; prefix: string } | null;
}

export function addRunOption(command: Command): Command {
  return command.option('--run <n|runId>', 'which run of a file that several runs appended to (default: the last)');
}

export function addReplayOptions(command: Command): Command {
  addRunOption(command);
  return command
    .option('--to <url>', "where to send them (default: the url of the record's listening event)")
    .option('--seq <list>', 'only these events, by seq: 3,5-7 or 10-')
    .option('--filter <expr>', `only callbacks matching an assertion, e.g. '$.path startsWith "/hooks"'`)
    .option('--concurrency <n>', 'how many replays in flight at once (in recorded order)', '1')
    .option('-H, --header <header>', "set a header on every replay, 'Name: value' (repeatable; replaces the recorded one)", collect)
    .option('--timeout <duration>', 'give up waiting for an answer after this long', '30s')
    .option('--sign <scheme>', 'sign each replay afresh (new id and timestamp)')
    .option('--secret <secret>', 'the key for --sign: a literal, env:NAME or @file')
    .option('--signature-header <name>', 'with --sign hmac-sha256: the header the signature goes in')
    .addOption(new Option('--signature-encoding <encoding>', 'with --sign hmac-sha256: how the HMAC is written').choices(['hex', 'base64']).default('hex'))
    .option('--signature-prefix <text>', "with --sign hmac-sha256: text before the HMAC, e.g. 'sha256='", '');
}

/** Typed values from the flags; the assertion language (jsonpath, ajv) loads only when --filter is given. */
export async function parseReplayOptions(raw: RawOptions): Promise<ReplayOptions> {
  const sign =
    raw.sign === undefined
      ? null
      : {
          scheme: String(raw.sign),
          secret: raw.secret === undefined ? '' : String(raw.secret),
          header: raw.signatureHeader === undefined ? null : String(raw.signatureHeader).toLowerCase(),
          encoding: raw.signatureEncoding === 'base64' ? ('base64' as const) : ('hex' as const),
          prefix: String(raw.signaturePrefix ?? ''),
        };
  if (sign && sign.secret === '') throw new UsageError(`--sign ${sign.scheme} needs --secret`, 'e.g. --secret env:WEBHOOK_SECRET');
  if (!sign && raw.secret !== undefined) throw new UsageError('--secret is only used with --sign', 'add --sign SCHEME, or leave --secret out');
  const filter = raw.filter === undefined ? null : String(raw.filter);
  const { parseExpectation } = filter === null ? { parseExpectation: null } : await import('../../core/assertions/index.js');
  return {
    to: raw.to === undefined ? null : parseHttpUrl(String(raw.to), '--to').href,
    run: raw.run === undefined ? null : String(raw.run),
    seq: raw.seq === undefined ? null : parseSeqList(String(raw.seq)),
    filter: filter === null || parseExpectation === null ? null : { text: filter, expectation: parseExpectation(filter, '--filter') },
    concurrency: parseInteger(String(raw.concurrency), '--concurrency', { min: 1, max: 1000 }),
    headers: parseHeaderFlags((raw.header as string[] | undefined) ?? []),
    timeoutMs: parseDuration(String(raw.timeout), '--timeout'),
    sign,
  };
}
