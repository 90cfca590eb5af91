import { Option, type Command } from 'commander';
import { REPORT_FORMAT_NAMES } from '../report/report-format-names.js';
import { SIGNATURE_SCHEME_NAMES } from '../signatures/scheme-names.js';

// Every shared flag's definition, and nothing that reads one: `cbtest listen --help` loads this module and commander
// alone (each module more costs start-up time). What the flags mean is read by shared-options.ts and options/*.

/** Commander's accumulator for repeatable flags (-H, --expect, --param). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Raw option values as commander hands them over. */
export type RawOptions = Record<string, unknown>;

// The names only: the schemes themselves (and their crypto libraries) load when a flag is parsed.
const SCHEMES = SIGNATURE_SCHEME_NAMES.join(', ');

export function addOutputOptions(command: Command): Command {
  command
    .option('--json', 'NDJSON events on stdout, one per line; diagnostics on stderr')
    .option('--no-tui', 'plain lines even on a terminal')
    .option('--no-color', 'no colour (NO_COLOR is honoured too)')
    .option('--record <file>', 'append every event to an NDJSON file');
  return command
    .option('--report <format[:file]>', `write an end-of-run report: ${REPORT_FORMAT_NAMES.join('|')}, optionally with its file, e.g. junit:out.xml (repeatable)`, collect)
    .option('--report-file <file>', 'where a --report without its own file goes (default cbtest-report.<ext>)')
    .option('--exit-on-verdict', 'the dashboard exits with the verdict at once instead of staying for q (automatic when stdin is not a terminal)')
    .addOption(redactHeaderOption());
}

/** `--redact-header NAME` (repeatable): one more header written as `<redacted, N chars>` everywhere (also on send). */
export function redactHeaderOption(): Option {
  return new Option(
    '--redact-header <name>',
    'also write this header as <redacted, N chars> in --json, --record and reports (Authorization, Cookie, Proxy-Authorization always are; repeatable)',
  ).argParser(collect);
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
  // Response scripts for testing a sender's retries.
  receiverOptions
    .option('--respond-seq <statuses>', 'answer the Nth callback with the Nth status, the last repeats, e.g. 503,503,200')
    .option('--retry-after <duration>', 'send Retry-After (whole seconds) with every non-2xx answer, e.g. 2s')
    .option(
      '--inflight-limit <bytes>',
      'memory bound: bodies held at once (default 64MiB, at least 2 x --body-limit); more are answered 503 with Retry-After. ' +
        'The history keeps 16MiB of bodies whole, older and larger ones as 4KiB previews (--record keeps every byte)',
    );
  // Testing a sender: signatures and delivery keys.
  receiverOptions
    .option('--verify <scheme>', `check each callback's signature, answering 401 when it does not hold: ${SCHEMES}`)
    .option('--tolerance <duration>', 'how far a signed timestamp may be from now, either way (default 5m)')
    .option('--delivery-key <query>', "what tells one delivery from another when no idempotency header does, e.g. '$.body.event_id'");
  addSecretOptions(receiverOptions, 'check');
  return receiverOptions
    .option('--relay <url>', 'receive through a cbtest relay: its channel URL becomes the public URL (repeat for instances to fail over between)', collect)
    .option('--relay-token <token>', 'the token the relay needs to open a channel (a literal, env:NAME or @file)')
    .option('--relay-key <key>', 'keep one channel across runs (same URL; a restarted run resumes where the last left off); 16+ characters (a literal, env:NAME or @file)');
}

/** What every scheme-taking command shares: the secret and the generic scheme's layout. */
function addSecretOptions(command: Command, verb: 'check' | 'sign'): Command {
  return command
    .option('--secret <secret>', `the signing secret: a literal, env:NAME or @file (never printed or recorded)`)
    .option('--signature-header <name>', `hmac-sha256: the header the signature ${verb === 'check' ? 'arrives' : 'goes'} in`)
    .addOption(new Option('--signature-encoding <encoding>', 'hmac-sha256: how the digest is written').choices(['hex', 'base64']).default('hex'))
    .option('--signature-prefix <text>', "hmac-sha256: text before the digest, e.g. 'sha256='");
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

export function addWaitOptions(command: Command, defaultTimeout: string | null): Command {
  const timeoutHelp = defaultTimeout ? `give up after this long (default ${defaultTimeout})` : 'give up after this long';
  return command
    .option('--count <n>', 'wait for this many callbacks')
    .option('--until <expr>', 'stop waiting at the first callback that matches EXPR')
    .option('--expect <expr>', "assert on each counted callback, e.g. '$.body.result.status == \"completed\"' (repeatable)", collect)
    .option('--expect-schema <file>', 'validate each counted callback body against a JSON Schema')
    .option('--timeout <duration>', timeoutHelp);
}

const RECEIVER_GROUP = 'Receiver (where callbacks arrive, how they are answered):';
const WAIT_GROUP = 'Waiting and assertions:';
const OUTPUT_GROUP = 'Output:';

/** The receiver, waiting and output flags of `listen` and `fire`, each under its own help heading. */
export function addGroupedSharedOptions(command: Command, defaults: { port: number; timeout: string | null }, extraReceiver?: (command: Command) => void): Command {
  command.optionsGroup(RECEIVER_GROUP);
  addReceiverOptions(command, defaults.port);
  extraReceiver?.(command);
  command.optionsGroup(WAIT_GROUP);
  addWaitOptions(command, defaults.timeout);
  command.optionsGroup(OUTPUT_GROUP);
  addOutputOptions(command);
  // The help flag goes last, under the output flags, rather than in a group of its own.
  return command.helpOption('-h, --help', 'show this help');
}
