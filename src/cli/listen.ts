import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { addGroupedSharedOptions } from './option-groups.js';
import { addListenOpenApiOptions } from './options/sender-flags.js';
import type { RawOptions } from './shared-flags.js';

export function registerListen(program: Command, context: CommandContext): void {
  const command = program
    .command('listen')
    .description('receive callbacks and show each one live; with --count/--until/--expect it becomes a CI gate')
    .addHelpText(
      'after',
      `
Examples:
  cbtest listen                                   show everything that arrives on :4000
  cbtest listen --count 2 --timeout 30s --json --record out.ndjson
  cbtest listen --expect '$.body.status == "paid"' --timeout 1m
  cbtest listen --tunnel --forward-to http://localhost:3000/webhooks`,
    );
  addGroupedSharedOptions(command, { port: 4000, timeout: null }, addListenOpenApiOptions);
  command.action(async (raw: RawOptions) => {
    // What the flags mean (signature schemes, reporters, the engine) loads only when a listen runs, not for --help.
    const [{ toOutputPlan, toReceiverPlan }, { parseListenOpenApiOptions, parseVerifyOptions }, { runSessionCommand }, { parseWaitFlags, toWaitAndJudge }] = await Promise.all([
      import('./shared-options.js'),
      import('./options/sender-options.js'),
      import('./session-command.js'),
      import('./wait-options.js'),
    ]);
    const { wait, judge } = await toWaitAndJudge(parseWaitFlags(raw), { count: null, timeoutMs: null, description: 'callbacks' }, null);
    const plan = {
      title: 'cbtest listen',
      receiver: { ...toReceiverPlan(raw), senders: { ...parseVerifyOptions(raw), openapi: parseListenOpenApiOptions(raw) } },
      output: toOutputPlan(raw, { isTTY: context.io.stdout.isTTY === true, env: context.io.env }),
      wait,
      judge,
      flow: null,
    };
    await runSessionCommand(plan, context);
  });
}
