import { availableParallelism } from 'node:os';
import type { Command, Option } from 'commander';
import type { ViewFactory } from '../run/engine-deps.js';
import type { OutputPlan } from '../run/session-plan.js';
import type { CommandContext } from './command-context.js';
import { parseInteger } from './parse-values.js';
import { addOutputOptions, addReceiverOptions, toOutputPlan, toReceiverPlan, type RawOptions } from './shared-options.js';
import { addSuiteInputOptions } from './options/suite-input-options.js';
import { parseRedactOptions } from './options/redact-options.js';
import { systemDeps } from './system-deps.js';

export function registerRun(program: Command, context: CommandContext): void {
  const command = program
    .command('run')
    .description('run suite files (YAML or JSON) for CI: cases on one receiver and one port, files in parallel, reports for CI')
    .argument('<suite...>', 'suite files (schema/suite.schema.json)')
    .option('--jobs <n>', 'files run at once (default: the number of CPUs)')
    .option('--filter <text>', 'run only cases whose name contains TEXT')
    .option('--bail', 'stop at the first failed case; the rest are reported skipped')
    .addHelpText('after', `\nExample:\n  cbtest run examples/orders.yaml --var api=http://127.0.0.1:5050 --report junit:cbtest.xml`);
  addReceiverOptions(command, 0);
  // `run --secret K=V` names suite secrets; the receiver's --verify secret comes from the suites' `receiver.verify.secret`.
  (command.options as Option[]).splice(command.options.findIndex((option) => option.long === '--secret'), 1);
  (command as unknown as NodeJS.EventEmitter).removeAllListeners('option:secret');
  addSuiteInputOptions(command);
  addOutputOptions(command);
  command.action(async (paths: string[], raw: RawOptions) => {
    const jobs = raw.jobs === undefined ? availableParallelism() : parseInteger(String(raw.jobs), '--jobs', { min: 1, max: 256 });
    // The suite loader (yaml, ajv) loads only for `run`.
    const { loadSuites, withSuiteReceiver } = await import('./suite-inputs.js');
    const files = loadSuites(paths, raw, context.io.env);
    const output = toOutputPlan(raw, { isTTY: context.io.stdout.isTTY === true, env: context.io.env });
    const receiver = toReceiverPlan(withSuiteReceiver(files, { ...raw, secret: undefined }, (key) => command.getOptionValueSource(key) === 'default', context.io.env));
    const { checkReportTargets, writeReports } = await import('../report/run-reports.js');
    checkReportTargets(output.reports);
    const [{ runSuites }, { caseLines, summaryLine }] = await Promise.all([import('../run/suite-runner.js'), import('./suite-view.js')]);
    const tui = output.mode === 'tui';
    const title = `cbtest run ${paths.join(' ')}`;
    const cases = files.reduce((sum, file) => sum + file.cases.length, 0);
    const view = tui ? await dashboardView(output, context, { title, cases, replayTarget: receiver.forwardTo }) : await suiteView(output.mode, context);
    const redaction = parseRedactOptions(raw, [...new Set(files.flatMap((file) => file.secretValues))]);
    const plan = { files, receiver, jobs, bail: raw.bail === true, env: context.io.env, recordPath: output.recordPath, redaction, historyLimit: tui ? 5000 : 0 };
    const plain = output.mode === 'plain';
    // The dashboard shows its own clock; progress lines are for plain and JSON.
    const deps = { ...systemDeps(view), ...(tui ? { progressEveryMs: null } : {}) };
    const { tree } = await runSuites(plan, deps, { onCase: (file, result) => plain && context.io.stdout.write(caseLines(file, result, output.color)) });
    // Once the dashboard is gone, the terminal keeps the lines plain mode prints (for its scrollback).
    if (tui) for (const file of tree.files) for (const item of file.cases) context.io.stdout.write(caseLines(file, item, output.color));
    if (output.mode !== 'json') context.io.stdout.write(summaryLine(tree));
    for (const line of await writeReports(output.reports, { tree })) context.io.stderr.write(`${line}\n`);
    context.setExitCode(tree.exitCode);
  });
}

/** On a terminal: the live dashboard, through the same lazy path as listen (Ink loads only here). */
async function dashboardView(output: OutputPlan, context: CommandContext, facts: { title: string; cases: number; replayTarget: string | null }): Promise<ViewFactory> {
  const { viewFor } = await import('../run/view.js');
  const description = `${facts.cases} case${facts.cases === 1 ? '' : 's'}`;
  return viewFor(output, context.io, { title: facts.title, awaited: { count: null, description }, replayTarget: facts.replayTarget, startedAt: Date.now() });
}

/** JSON prints every event (with `suite` and `case`); plain and the terminal print a line per case. */
async function suiteView(mode: string, context: CommandContext): Promise<ViewFactory> {
  const say = (line: string): void => {
    context.io.stderr.write(`${line}\n`);
  };
  if (mode !== 'json') return async () => ({ say, dismissed: () => Promise.resolve(), detach: () => undefined });
  const { jsonReporter } = await import('../report/live-reporters.js');
  return async (store) => ({ say, dismissed: () => Promise.resolve(), detach: jsonReporter(context.io.stdout)(store) });
}
