import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { addRunOption } from './options/record-options.js';
import { parseHttpUrl } from './parse-values.js';
import { toOutputPlan, type RawOptions } from './shared-options.js';

export function registerView(program: Command, context: CommandContext): void {
  const command = program
    .command('view')
    .description('open a recorded run in the dashboard, read-only (details, filter, c for curl, r to replay); plain lines or --json elsewhere')
    .argument('<file>', 'an NDJSON record written by --record or --json');
  addRunOption(command)
    .option('--to <url>', "where r replays to (default: the url of the record's listening event)")
    .option('--json', 're-emit the recorded events as NDJSON')
    .option('--no-tui', 'plain lines even on a terminal')
    .option('--no-color', 'no colour (NO_COLOR is honoured too)')
    .addHelpText(
      'after',
      `
Examples:
  cbtest view events.ndjson                       browse a past run
  cbtest view events.ndjson --to http://localhost:3000/webhooks    r replays there
  cbtest view events.ndjson --json | jq 'select(.type == "callback") | .path'`,
    )
    .action(async (file: string, raw: RawOptions) => {
      const output = toOutputPlan({ ...raw, record: undefined, report: undefined }, { isTTY: context.io.stdout.isTTY === true, env: context.io.env });
      const options = { run: raw.run === undefined ? null : String(raw.run), to: raw.to === undefined ? null : parseHttpUrl(String(raw.to), '--to').href };
      const { runViewCommand } = await import('../record/view-command.js');
      context.setExitCode(await runViewCommand(file, options, output, context.io));
    });
}
