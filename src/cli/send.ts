import type { Command } from 'commander';
import { parseDuration } from '../core/duration.js';
import { parseHeaderFlags, parseHttpMethod } from '../core/headers.js';
import type { ViewFactory } from '../run/engine-deps.js';
import type { CommandContext } from './command-context.js';
import { readJsonArgument } from './json-argument.js';
import { parseRedactOptions } from './options/redact-options.js';
import { redactHeaderOption } from './shared-flags.js';
import { addSignOptions, parseSignOptions, signingSecrets } from './options/sender-options.js';
import { parseHttpUrl } from './parse-values.js';
import { toOutputPlan, type RawOptions, collect } from './shared-options.js';
import { systemDeps } from './system-deps.js';

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
  command.addOption(redactHeaderOption());
  addSignOptions(command);
  command
    .addHelpText('after', `\nExample:\n  cbtest send http://127.0.0.1:5050/api/automation/flow/F/trigger/T/activate --data '{"paid":true}' -H 'user-token: abc'`)
    .action(async (url: string, raw: RawOptions) => {
      const body = raw.data === undefined ? undefined : JSON.stringify(readJsonArgument(String(raw.data), '--data'));
      const request = {
        url: parseHttpUrl(url, 'URL').href,
        method: parseHttpMethod(String(raw.request ?? 'POST')).toUpperCase(),
        // Signed over the exact bytes sent, with a fresh id and timestamp.
        headers: { ...parseHeaderFlags((raw.header as string[] | undefined) ?? []), ...parseSignOptions(raw)?.sign(body ?? '') },
        body,
        timeoutMs: parseDuration(String(raw.timeout), '--timeout'),
      };
      const output = toOutputPlan({ ...raw, tui: false }, { isTTY: context.io.stdout.isTTY === true, env: context.io.env });
      const { jsonReporter, plainReporter } = await import('../report/live-reporters.js');
      const reporter = output.mode === 'json' ? jsonReporter(context.io.stdout) : plainReporter(context.io.stdout, { color: output.color, answerBodies: true });
      const view: ViewFactory = async (store) => ({ say: (line) => context.io.stderr.write(`${line}\n`), dismissed: () => Promise.resolve(), detach: reporter(store) });
      const { runSend } = await import('../run/send-case.js');
      const outcome = await runSend({ request, recordPath: output.recordPath, redaction: parseRedactOptions(raw, signingSecrets(raw)) }, systemDeps(view));
      if (output.mode === 'json' && !outcome.verdict.pass && outcome.verdict.reason) context.io.stderr.write(`cbtest: ${outcome.verdict.reason}\n`);
      context.setExitCode(outcome.verdict.exitCode);
    });
}
