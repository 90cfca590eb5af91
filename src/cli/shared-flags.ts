import type { Command } from 'commander';
import { addDashboardOptions } from './options/dashboard-options.js';
import { addAnswerOptions } from './options/answer-options.js';
import { addRedactOptions } from './options/redact-options.js';
import { addVerifyOptions } from './options/sender-flags.js';
import { addReportOptions } from './options/report-flags.js';
import { addRelayOptions } from './options/relay-options.js';

// The flags alone, light enough for `--help`: what they mean is read by shared-options.ts when a command runs.

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
