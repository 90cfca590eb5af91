import type { Command } from 'commander';
import { addDashboardOptions, parseDashboardOptions } from './options/dashboard-options.js';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import { parseHeaderFlags } from '../core/headers.js';
import { chooseOutputMode, wantsColor } from '../core/output-mode.js';
import type { OutputPlan, ReceiverPlan } from '../run/session-plan.js';
import { readArgumentText } from './json-argument.js';
import { addAnswerOptions, refineAnswerRules } from './options/answer-options.js';
import { addRedactOptions, parseRedactOptions } from './options/redact-options.js';
import { addVerifyOptions, parseVerifyOptions, signingSecrets } from './options/sender-options.js';
import { addReportOptions, parseReportOptions } from './options/report-options.js';
import { addRelayOptions, parseRelayOptions } from './options/relay-options.js';
import { parseByteSize, parseHttpUrl, parseInteger } from './parse-values.js';

/** Commander's accumulator for repeatable flags (-H, --expect, --param). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Raw option values as commander hands them over. */
export type RawOptions = Record<string, unknown>;

export function addOutputOptions(command: Command): Command {
  command
    .option('--json', 'NDJSON events on stdout, one per line; diagnostics on stderr')
    .option('--no-tui', 'plain lines even on a terminal')
    .option('--no-color', 'no colour (NO_COLOR is honoured too)')
    .option('--record <file>', 'append every event to an NDJSON file');
  addReportOptions(command);
  addDashboardOptions(command);
  return addRedactOptions(command);
}

/** Receiver defaults, shared by the flags and by `cbtest demo` and suites' typed plans. */
export const RECEIVER_DEFAULTS = { host: '127.0.0.1', bodyLimit: '10MiB', tunnelHost: 'https://localtunnel.me' } as const;

/** The receiver with every option at its default, on any free port (what `cbtest demo` runs). */
export function defaultReceiverPlan(): ReceiverPlan {
  return toReceiverPlan({ ...RECEIVER_DEFAULTS, port: '0' });
}

export function addReceiverOptions(command: Command, defaultPort: number): Command {
  const receiverOptions = command
    .option('--port <n>', `receiver port (0 = any free port)`, String(defaultPort))
    .option('--host <addr>', 'receiver address', RECEIVER_DEFAULTS.host)
    .option('--https', 'serve TLS with a generated self-signed certificate (its PEM path is printed)')
    .option('--tunnel', 'open a public HTTPS URL through localtunnel')
    .option('--tunnel-host <url>', 'a self-hosted localtunnel server', RECEIVER_DEFAULTS.tunnelHost)
    .option('--subdomain <name>', 'ask the tunnel server for this subdomain')
    .option('--public-url <url>', 'the receiver is already reachable here (ngrok, cloudflared, a CI service name)')
    .option('--callback-url <url>', 'same as --public-url')
    .option('--forward-to <url>', "forward each callback, byte for byte, to your app and answer with its response")
    .option('--status <code>', 'status to answer callbacks with (default 200)')
    .option('--response-body <json>', 'body to answer callbacks with (JSON, @file or -)')
    .option('--response-header <header>', "header to answer callbacks with, 'K: V' (repeatable)", collect)
    .option('--delay <duration>', 'wait this long before answering each callback')
    .option('--fail-first <n>', "answer 500 to the first N callbacks (exercise the sender's retries)")
    .option('--body-limit <bytes>', 'larger bodies are answered 413 and recorded as rejected', RECEIVER_DEFAULTS.bodyLimit);
  return addRelayOptions(addVerifyOptions(addAnswerOptions(receiverOptions)));
}

export function addWaitOptions(command: Command, defaultTimeout: string | null): Command {
  const timeoutHelp = defaultTimeout ? `give up after this long (default ${defaultTimeout})` : 'give up after this long';
  return command
    .option('--count <n>', 'wait for this many callbacks')
    .option('--until <expr>', 'stop waiting at the first callback that matches EXPR')
    .option('--expect <expr>', "assert on each counted callback, e.g. '$.body.result.status == \"completed\"' (repeatable)", collect)
    .option('--expect-schema <file>', 'validate each counted callback body against a JSON Schema')
    .option('--timeout <duration>', timeoutHelp);
}

export function toOutputPlan(raw: RawOptions, io: { isTTY: boolean; env: NodeJS.ProcessEnv }): OutputPlan {
  const mode = chooseOutputMode({ json: raw.json === true, tui: raw.tui !== false, isTTY: io.isTTY, env: io.env });
  const color = mode !== 'json' && wantsColor({ isTTY: io.isTTY, env: io.env, noColor: raw.color === false });
  return { mode, color, recordPath: (raw.record as string | undefined) ?? null, reports: parseReportOptions(raw), redaction: parseRedactOptions(raw, signingSecrets(raw)), ...parseDashboardOptions(raw) };
}

export function toReceiverPlan(raw: RawOptions): ReceiverPlan {
  const publicUrlText = (raw.publicUrl ?? raw.callbackUrl) as string | undefined;
  const publicUrl = publicUrlText === undefined ? null : parseHttpUrl(publicUrlText, '--public-url').href.replace(/\/+$/, '');
  if (publicUrl && raw.tunnel) throw new UsageError('--public-url and --tunnel both say where callbacks arrive', 'keep one of them');
  const responseBody = raw.responseBody === undefined ? null : readArgumentText(String(raw.responseBody), '--response-body');
  return {
    port: parseInteger(String(raw.port), '--port', { min: 0, max: 65535 }),
    host: String(raw.host),
    https: raw.https === true,
    publicUrl,
    tunnel: raw.tunnel ? { host: parseHttpUrl(String(raw.tunnelHost), '--tunnel-host').href.replace(/\/+$/, ''), subdomain: (raw.subdomain as string | undefined) ?? null } : null,
    forwardTo: raw.forwardTo === undefined ? null : parseHttpUrl(String(raw.forwardTo), '--forward-to').href,
    relay: parseRelayOptions(raw),
    rules: refineAnswerRules(raw, {
      status: raw.status === undefined ? null : parseInteger(String(raw.status), '--status', { min: 100, max: 599 }),
      body: responseBody,
      headers: parseHeaderFlags((raw.responseHeader as string[] | undefined) ?? [], '--response-header'),
      delayMs: raw.delay === undefined ? 0 : parseDuration(String(raw.delay), '--delay'),
      failFirst: raw.failFirst === undefined ? 0 : parseInteger(String(raw.failFirst), '--fail-first', { min: 0, max: 1_000_000 }),
    }),
    bodyLimit: parseByteSize(String(raw.bodyLimit), '--body-limit'),
    senders: parseVerifyOptions(raw),
  };
}
