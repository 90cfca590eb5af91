import type { Command } from 'commander';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import type { Flow } from '../run/flow.js';
import type { Judge } from '../run/judge.js';
import type { SessionPlan } from '../run/session-plan.js';
import type { CommandContext } from './command-context.js';
import { oauthMode } from './fire-oauth.js';
import { openapiMode } from './fire-openapi.js';
import { rpcModeFlow } from './fire-rpc.js';
import { subscribeMode } from './fire-subscribe.js';
import { addOutputOptions, addReceiverOptions, addWaitOptions, toOutputPlan, toReceiverPlan, type RawOptions, collect } from './shared-options.js';
import { toWaitAndJudge } from './wait-options.js';

const DEFAULT_TIMEOUT = '30s';

/**
 * A style of firing: picks itself from its flag and builds the flow. The judge is needed by flows that defer to --expect.
 * build() imports its flow lazily, so `cbtest --version` and the other commands do not load HTTP clients and parsers.
 */
export interface FireMode {
  flag: 'rpc' | 'subscribe' | 'openapi' | 'oauth';
  /** --timeout when the user gives none (default 30s): a person logging in needs longer than a server. */
  defaultTimeout?: string;
  /** Adds the mode's own flags to `fire`. */
  register(command: Command): void;
  build(raw: RawOptions, judge: () => Judge, timeoutMs: number): Promise<Flow> | Flow;
}

const MODES: FireMode[] = [rpcModeFlow, subscribeMode, openapiMode, oauthMode];

export function registerFire(program: Command, context: CommandContext, extraModes: FireMode[] = []): void {
  const modes = [...MODES, ...extraModes];
  const command = program
    .command('fire')
    .description('start a receiver, send the request that carries its callback URL, wait for the callback, judge it, exit')
    .option('-H, --header <header>', "header on the request, 'Name: value' (repeatable)", collect)
    .addHelpText(
      'after',
      `
Examples:
  cbtest fire --rpc http://127.0.0.1:5000/rpc --method OrderService.processOrder --params '{"orderId":"12345"}' \\
    --expect '$.body.result.status == "completed"'
  cbtest fire --rpc https://api.example.com/rpc --method Report.build --tunnel --timeout 2m --report junit --report-file cbtest.xml`,
    );
  // Shared by --subscribe and --openapi, so it is registered once here.
  command.option('--body <json>', 'request body (JSON, @file or -); with --subscribe and --openapi');
  for (const mode of modes) mode.register(command);
  addReceiverOptions(command, 0);
  addWaitOptions(command, `${DEFAULT_TIMEOUT}, 5m with --oauth`);
  addOutputOptions(command);
  command.action(async (raw: RawOptions) => {
    const chosen = modes.filter((mode) => raw[mode.flag] !== undefined);
    if (chosen.length !== 1) {
      const flags = modes.map((mode) => `--${mode.flag}`).join(', ');
      throw new UsageError(chosen.length === 0 ? `fire needs a target: one of ${flags}` : `fire takes one target, got ${chosen.map((mode) => `--${mode.flag}`).join(' and ')}`, "see 'cbtest fire --help'");
    }
    const plan = await planFire(chosen[0]!, raw, context);
    const { runSession } = await import('../run/run-session.js');
    context.setExitCode(await runSession(plan, context.io));
  });
}

/** Everything one `fire` run needs, from its options (also what `cbtest demo` runs). */
export async function planFire(mode: FireMode, raw: RawOptions, context: CommandContext): Promise<SessionPlan> {
  const timeoutMs = parseDuration(String(raw.timeout ?? mode.defaultTimeout ?? DEFAULT_TIMEOUT), '--timeout');
  let judge: Judge | null = null;
  const flow = await mode.build(raw, () => judge!, timeoutMs);
  const waitAndJudge = await toWaitAndJudge(raw, { count: flow.awaited.count, timeoutMs, description: flow.awaited.description }, flow);
  judge = waitAndJudge.judge;
  return {
    title: flow.title,
    receiver: toReceiverPlan(raw),
    output: toOutputPlan(raw, { isTTY: context.io.stdout.isTTY === true, env: context.io.env }),
    wait: waitAndJudge.wait,
    judge,
    flow,
  };
}
