import { Help, type Command } from 'commander';
import type { CommandContext } from './command-context.js';
import type { Invocation } from './invocation.js';

/** Registers a command in full; may return the arguments to parse instead (a fire mode's help is `fire --help`). */
type Register = (program: Command, context: CommandContext, invocation: Invocation) => readonly string[] | void;

/** A command as the program's list shows it, and how to load it in full. */
export interface CommandEntry {
  name: string;
  /** Its arguments as the list shows them, e.g. '<file>'. */
  args: string;
  /** The line `cbtest --help` shows: the command's own description (a test holds them equal). */
  summary: string;
  load(): Promise<Register>;
}

/** Every command of the program, in the order `cbtest --help` lists them. Only the invoked one is loaded. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'listen', args: '', summary: 'receive callbacks and show each one live; with --count/--until/--expect it becomes a CI gate', load: async () => (await import('./listen.js')).registerListen },
  {
    name: 'fire',
    args: '',
    summary: 'start a receiver, send the request that carries its callback URL, wait for the callback, judge it, exit',
    load: async () => {
      const [{ registerFire, FIRE_FLAG_SETS }, { readFireHelpRequest }] = await Promise.all([import('./fire.js'), import('./invocation.js')]);
      return (program, context, invocation) => {
        const help = readFireHelpRequest(invocation.args, FIRE_FLAG_SETS.map((set) => set.name));
        registerFire(program, context, { only: help?.mode ?? null });
        return help ? ['fire', '--help'] : undefined;
      };
    },
  },
  { name: 'run', args: '<suite...>', summary: 'run suite files (YAML or JSON) for CI: cases on one receiver and one port, files in parallel, reports for CI', load: async () => (await import('./run-command.js')).registerRun },
  { name: 'send', args: '<url>', summary: "play the external system that calls a callback URL (e.g. activate a paused flow's trigger); exit 0 on 2xx, 4 otherwise", load: async () => (await import('./send.js')).registerSend },
  { name: 'replay', args: '<file>', summary: 'send recorded callbacks again, byte for byte (method, path, query, headers, body); exit 0 when every answer is 2xx, 4 otherwise', load: async () => (await import('./replay.js')).registerReplay },
  { name: 'view', args: '<file>', summary: 'open a recorded run in the dashboard, read-only (details, filter, c for curl, r to replay); plain lines or --json elsewhere', load: async () => (await import('./view.js')).registerView },
  { name: 'serve', args: '', summary: 'run the reference callback producer: JSON-RPC $rpc.callback, REST subscriptions, a flow with an external trigger, an OAuth authorize redirect', load: async () => (await import('./serve.js')).registerServe },
  { name: 'demo', args: '', summary: 'the whole loop in one command: start the reference producer, fire a JSON-RPC call with a callback URL, watch the callback land, judge it', load: async () => (await import('./demo.js')).registerDemo },
  { name: 'relay', args: '', summary: 'run a self-hosted relay on Redis: public channel URLs for many cbtest runs, any number of instances behind one load balancer', load: async () => (await import('./relay.js')).registerRelay },
  { name: 'completion', args: '<shell>', summary: 'print a shell completion script for bash, zsh or fish, generated from the commands and their flags', load: async () => (await import('./completion.js')).registerCompletion },
];

/** The names commands are invoked by, for reading argv before anything is loaded. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map((entry) => entry.name);

/**
 * Registers the invoked command in full and every other one as a listing only (name, arguments, summary), so
 * `cbtest listen --help` loads listen's code alone while `cbtest --help` and typo suggestions still see every command.
 * `all` loads every command in full (the shell completion needs every flag).
 */
export async function registerCommands(program: Command, context: CommandContext, invocation: Invocation, all = false): Promise<readonly string[]> {
  const listed = new WeakSet<Command>();
  let args = invocation.args;
  for (const entry of COMMANDS) {
    if (all || entry.name === invocation.command) {
      args = (await entry.load())(program, context, invocation) ?? args;
      continue;
    }
    const stub = program.command(entry.name).description(entry.summary);
    for (const argument of entry.args.split(' ').filter(Boolean)) stub.argument(argument);
    listed.add(stub);
  }
  // Every real command has options; a listing has none registered, so say so as commander would.
  program.configureHelp({
    subcommandTerm: (command) => {
      const term = Help.prototype.subcommandTerm.call(program.createHelp(), command);
      return listed.has(command) ? term.replace(command.name(), `${command.name()} [options]`) : term;
    },
  });
  return args;
}
