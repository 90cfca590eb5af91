import type { Command } from 'commander';
import { parseDuration } from '../core/duration.js';
import { parseHeaderFlags, parseHttpMethod } from '../core/headers.js';
import type { CommandContext } from './command-context.js';
import { readJsonArgument } from './json-argument.js';
import { addRedactOptions, parseRedactOptions } from './options/redact-options.js';
import { addSignOptions, parseSignOptions, signingSecrets } from './options/sender-options.js';
import { parseHttpUrl } from './parse-values.js';
import { toOutputPlan, type RawOptions, collect } from './shared-options.js';


export function registerSend(program: Command, context: CommandContext): void {
  const command = program
    .command('send')
    .description("play the external system that calls a callback URL (e.g. activate a paused flow's trigger); exit 0 on 2xx, 4 otherwise")
    .argument('<url>', 'the callback or trigger URL')
    .option('-d, --data <json>', 'JSON body (inline, @file or -)')
    .option('-X, --request <method>', 'HTTP method (default POST)')
    .option('-H, --header <header>', "'Name: value' (repeatable)", collect)
    .option('--timeout <duration>', 'give up waiting for the answer after this long', '30s')
    .option('--json', 'NDJSON events on stdout')
    .option('--no-color', 'no colour')
    .option('--record <file>', 'append the request and its answer to an NDJSON file');
  addRedactOptions(command);
  addSignOptions(command);
  command
    .addHelpText('after', `\nExample:\n  cbtest send http://127.0.0.1:5050/api/automation/flow/F/trigger/T/activate --data '{"paid":true}' -H 'user-token: abc'`)
    .action(async (url: string, raw: RawOptions) => {
      const target = parseHttpUrl(url, 'URL').href;
      const body = raw.data === undefined ? undefined : JSON.stringify(readJsonArgument(String(raw.data), '--data'));
      const output = toOutputPlan({ ...raw, tui: false }, { isTTY: context.io.stdout.isTTY === true, env: context.io.env });
      const { runSend } = await import('../flows/send.js');
      const { jsonReporter, plainReporter } = await import('../report/live-reporters.js');
      const reporter = output.mode === 'json' ? jsonReporter(context.io.stdout) : plainReporter(context.io.stdout, { color: output.color });
      const plan = {
        url: target,
        method: parseHttpMethod(String(raw.request ?? 'POST')).toUpperCase(),
        // Signed over the exact bytes sent, with a fresh id and timestamp.
        headers: { ...parseHeaderFlags((raw.header as string[] | undefined) ?? []), ...parseSignOptions(raw)?.sign(body ?? '') },
        body,
        timeoutMs: parseDuration(String(raw.timeout), '--timeout'),
        recordPath: (raw.record as string | undefined) ?? null,
        json: output.mode === 'json',
        redaction: parseRedactOptions(raw, signingSecrets(raw)),
      };
      context.setExitCode(await runSend(plan, context.io, reporter));
    });
}
