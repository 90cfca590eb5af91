import type { Command } from 'commander';
import { addOutputOptions, addReceiverOptions, addWaitOptions, toOutputPlan, toReceiverPlan, type RawOptions } from './shared-options.js';
import type { CommandContext } from './command-context.js';
import { addListenOpenApiOptions, parseListenOpenApiOptions, parseVerifyOptions } from './options/sender-options.js';
import { runSessionCommand } from './session-command.js';
import { parseWaitFlags, toWaitAndJudge } from './wait-options.js';

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
  addReceiverOptions(command, 4000);
  addListenOpenApiOptions(command);
  addWaitOptions(command, null);
  addOutputOptions(command);
  command.action(async (raw: RawOptions) => {
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
