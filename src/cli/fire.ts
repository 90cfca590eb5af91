import type { Command } from 'commander';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import type { FireMode } from '../run/modes/fire-mode.js';
import type { OutputPlan, ReceiverPlan, SessionPlan } from '../run/session-plan.js';
import type { CommandContext } from './command-context.js';
import { oauthFlags } from './fire-oauth.js';
import { openapiFlags } from './fire-openapi.js';
import { rpcFlags } from './fire-rpc.js';
import { subscribeFlags } from './fire-subscribe.js';
import { formatHelpExamples, NEEDS_SERVE, type HelpExamples } from './help-examples.js';
import { addGroupedSharedOptions } from './option-groups.js';
import { collect, type RawOptions } from './shared-flags.js';
import { toWaitAndJudge, type WaitInputs } from './wait-options.js';

/** A fire mode's command-line face: its flags and its help. The flag named after the mode picks it (`--rpc URL`). */
export interface FireFlags {
  name: string;
  /** The heading of its flags in `fire --help`, e.g. 'JSON-RPC (--rpc URL --method NAME):'. */
  heading: string;
  /** The usage line of `fire --<name> --help`. */
  usage: string;
  /** Whether the mode reads the shared --body. */
  takesBody: boolean;
  examples: HelpExamples;
  register(command: Command): void;
}

export const FIRE_FLAG_SETS: readonly FireFlags[] = [rpcFlags, subscribeFlags, openapiFlags, oauthFlags];

const DESCRIPTION = 'start a receiver, send the request that carries its callback URL, wait for the callback, judge it, exit';

export interface FireRegistration {
  /** Only this mode's flags and examples (`cbtest fire --rpc --help`, `cbtest help fire rpc`). */
  only?: string | null;
  /** More modes beside the built-in ones. */
  extra?: readonly FireFlags[];
}

export function registerFire(program: Command, context: CommandContext, registration: FireRegistration = {}): void {
  const sets = [...FIRE_FLAG_SETS, ...(registration.extra ?? [])];
  const only = sets.find((set) => set.name === registration.only);
  const shown = only ? [only] : sets;
  const command = program.command('fire').description(DESCRIPTION);
  if (only) {
    command.usage(only.usage).optionsGroup(only.heading);
  } else {
    const modes = sets.map((set) => `--${set.name}`).join(', ');
    command
      .usage(`${sets.map((set) => set.usage.split(' ').slice(0, 2).join(' ')).join(' | ')} [options]`)
      .summary(DESCRIPTION)
      .description(`${DESCRIPTION}.\nOne mode per run: ${modes}. 'cbtest fire --rpc --help' (or 'cbtest help fire rpc') shows one mode's flags and examples.`)
      .optionsGroup('Every mode:');
  }
  command.option('-H, --header <header>', "header on the request, 'Name: value' (repeatable)", collect);
  // Shared by --subscribe and --openapi, so it is registered once here.
  if (!only || only.takesBody) command.option('--body <json>', `request body (JSON, @file or -)${only ? '' : '; with --subscribe and --openapi'}`);
  for (const set of shown) {
    command.optionsGroup(set.heading);
    set.register(command);
  }
  addGroupedSharedOptions(command, { port: 0, timeout: '30s, 5m with --oauth' });
  command.addHelpText('after', formatHelpExamples(only ? only.examples : combinedExamples(shown)));
  command.action(async (raw: RawOptions) => {
    const chosen = sets.filter((set) => raw[set.name] !== undefined);
    if (chosen.length !== 1) {
      const flags = sets.map((set) => `--${set.name}`).join(', ');
      throw new UsageError(chosen.length === 0 ? `fire needs a target: one of ${flags}` : `fire takes one target, got ${chosen.map((set) => `--${set.name}`).join(' and ')}`, "see 'cbtest fire --help'");
    }
    // The modes pull in their flows (undici, the OpenAPI parser): load them only when a fire runs.
    const [{ fireMode }, { fromFlags }, { runSessionCommand }, { toOutputPlan, toReceiverPlan }, { parseWaitFlags }] = await Promise.all([
      import('../run/modes/registry.js'),
      import('../run/modes/option-source.js'),
      import('./session-command.js'),
      import('./shared-options.js'),
      import('./wait-options.js'),
    ]);
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

/** `fire --help` shows each mode's first runnable example; `fire --<mode> --help` shows them all. */
function combinedExamples(sets: readonly FireFlags[]): HelpExamples {
  return {
    runnable: sets.map((set) => set.examples.runnable[0]!).filter(Boolean),
    needs: NEEDS_SERVE,
    more: sets.flatMap((set) => set.examples.more ?? []),
  };
}

/** Everything one fire case needs, from typed values (the flags' or `demo`'s). */
export async function planFire(mode: FireMode, options: unknown, rest: { wait: WaitInputs; receiver: ReceiverPlan; output: OutputPlan }): Promise<SessionPlan> {
  const timeoutMs = rest.wait.timeoutMs ?? parseDuration(mode.defaultTimeout, '--timeout');
  const flow = await mode.createFlow(options, { timeoutMs, explicitWait: rest.wait.count !== null || rest.wait.until !== null });
  const { wait, judge } = await toWaitAndJudge(rest.wait, { count: flow.awaited.count, timeoutMs, description: flow.awaited.description }, flow);
  return { title: flow.title, receiver: rest.receiver, output: rest.output, wait, judge, flow };
}
