import { Option, type Command } from 'commander';
import { SIGNATURE_SCHEME_NAMES } from '../../signatures/scheme-names.js';

// The names only: the schemes themselves (and their crypto libraries) load when a flag is parsed.
const SCHEMES = SIGNATURE_SCHEME_NAMES.join(', ');

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
