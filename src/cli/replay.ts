import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { addReplayOptions, parseReplayOptions } from './options/record-options.js';
import { toOutputPlan, type RawOptions } from './shared-options.js';

export function registerReplay(program: Command, context: CommandContext): void {
  const command = program
    .command('replay')
    .description('send recorded callbacks again, byte for byte (method, path, query, headers, body); exit 0 when every answer is 2xx, 4 otherwise')
    .argument('<file>', 'an NDJSON record written by --record or --json');
  addReplayOptions(command)
    .option('--json', 'NDJSON events on stdout')
    .option('--no-color', 'no colour')
    .option('--record <file>', 'append the replays and their answers to an NDJSON file')
    .addHelpText(
      'after',
      `
Examples:
  cbtest replay events.ndjson --to http://localhost:3000/webhooks
  cbtest replay events.ndjson --seq 3,5-7 --to http://localhost:3000
  cbtest replay events.ndjson --filter '$.body.type == "invoice.paid"' --concurrency 4 --json
  cbtest replay events.ndjson --to http://localhost:3000/webhooks --sign stripe --secret env:STRIPE_WEBHOOK_SECRET`,
    )
    .action(async (file: string, raw: RawOptions) => {
      const options = await parseReplayOptions(raw);
      const output = toOutputPlan({ ...raw, tui: false }, { isTTY: context.io.stdout.isTTY === true, env: context.io.env });
      const { runReplayCommand } = await import('../record/replay-command.js');
      context.setExitCode(await runReplayCommand(file, options, output, context.io));
    });
}
