import type { Command } from 'commander';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import type { FireMode } from '../run/modes/fire-mode.js';
import { fromFlags } from '../run/modes/option-source.js';
import { fireMode } from '../run/modes/registry.js';
import type { OutputPlan, ReceiverPlan, SessionPlan } from '../run/session-plan.js';
import type { CommandContext } from './command-context.js';
import { oauthFlags } from './fire-oauth.js';
import { openapiFlags } from './fire-openapi.js';
import { rpcFlags } from './fire-rpc.js';
import { subscribeFlags } from './fire-subscribe.js';
import { runSessionCommand } from './session-command.js';
import { addOutputOptions, addReceiverOptions, addWaitOptions, toOutputPlan, toReceiverPlan, type RawOptions, collect } from './shared-options.js';
import { parseWaitFlags, toWaitAndJudge, type WaitInputs } from './wait-options.js';

/** A fire mode's command-line face: its flags. The flag named after the mode picks it (`--rpc URL`); the mode comes from the registry. */
export interface FireFlags {
  name: string;
  register(command: Command): void;
}

const FLAG_SETS: FireFlags[] = [rpcFlags, subscribeFlags, openapiFlags, oauthFlags];

export function registerFire(program: Command, context: CommandContext, extra: FireFlags[] = []): void {
  const sets = [...FLAG_SETS, ...extra];
  const command = program
    .command('fire')
    .description('start a receiver, send the request that carries its callback URL, wait for the callback, judge it, exit')
    .option('-H, --header <header>', "header on the request, 'Name: value' (repeatable)", collect)
    .addHelpText(
      'after',
      `
Examples:
  cbtest fire --rpc http://127.0.0.1:5050/rpc --method OrderService.processOrder --params '{"orderId":"12345"}' \\
    --expect '$.body.result.status == "completed"'
  cbtest fire --rpc https://api.example.com/rpc --method Report.build --tunnel --timeout 2m --report junit:cbtest.xml`,
    );
  // Shared by --subscribe and --openapi, so it is registered once here.
  command.option('--body <json>', 'request body (JSON, @file or -); with --subscribe and --openapi');
  for (const set of sets) set.register(command);
  addReceiverOptions(command, 0);
  addWaitOptions(command, '30s, 5m with --oauth');
  addOutputOptions(command);
  command.action(async (raw: RawOptions) => {
    const chosen = sets.filter((set) => raw[set.name] !== undefined);
    if (chosen.length !== 1) {
      const flags = sets.map((set) => `--${set.name}`).join(', ');
      throw new UsageError(chosen.length === 0 ? `fire needs a target: one of ${flags}` : `fire takes one target, got ${chosen.map((set) => `--${set.name}`).join(' and ')}`, "see 'cbtest fire --help'");
    }
    const mode = fireMode(chosen[0]!.name);
    if (!mode) throw new Error(`fire mode ${chosen[0]!.name} has flags but is not registered`);
    const options = mode.parse(fromFlags(raw, mode));
    const plan = await planFire(mode, options, {
      wait: parseWaitFlags(raw),
      receiver: toReceiverPlan(raw),
      output: toOutputPlan(raw, { isTTY: context.io.stdout.isTTY === true, env: context.io.env }),
    });
    await runSessionCommand(plan, context);
  });
}

/** Everything one fire case needs, from typed values (the flags' or `demo`'s). */
export async function planFire(mode: FireMode, options: unknown, rest: { wait: WaitInputs; receiver: ReceiverPlan; output: OutputPlan }): Promise<SessionPlan> {
  const timeoutMs = rest.wait.timeoutMs ?? parseDuration(mode.defaultTimeout, '--timeout');
  const flow = await mode.createFlow(options, { timeoutMs, explicitWait: rest.wait.count !== null || rest.wait.until !== null });
  const { wait, judge } = await toWaitAndJudge(rest.wait, { count: flow.awaited.count, timeoutMs, description: flow.awaited.description }, flow);
  return { title: flow.title, receiver: rest.receiver, output: rest.output, wait, judge, flow };
}
