/** What a command line asks for, read before any command is loaded. */
export interface Invocation {
  /** The command to load in full; null when none is named (bare `cbtest`, `--help`, a typo). */
  command: string | null;
  /** The arguments as given (without node and the script). */
  args: readonly string[];
}

const HELP_FLAGS = new Set(['-h', '--help']);

/** The command named by argv: `cbtest listen …`, or `cbtest help listen`. */
export function readInvocation(args: readonly string[], commands: readonly string[]): Invocation {
  const at = args.findIndex((arg) => !arg.startsWith('-'));
  const word = at === -1 ? undefined : args[at];
  const named = word === 'help' ? args[at + 1] : word;
  return { command: named !== undefined && commands.includes(named) ? named : null, args };
}

/**
 * `cbtest fire --help`, `cbtest fire --rpc --help`, `cbtest help fire rpc`: a help request for fire, with the one
 * mode asked about (null: every mode); null when argv asks no help. Read before commander parses, since it would
 * take the --help of `--rpc --help` as the URL.
 */
export function readFireHelpRequest(args: readonly string[], modes: readonly string[]): { mode: string | null } | null {
  const at = args.findIndex((arg) => !arg.startsWith('-'));
  if (args[at] === 'help') return args[at + 1] === 'fire' ? { mode: modeNamed(args[at + 2], modes) } : null;
  const rest = args.slice(at + 1);
  const end = rest.indexOf('--');
  const options = end === -1 ? rest : rest.slice(0, end);
  if (!options.some((arg) => HELP_FLAGS.has(arg))) return null;
  const named = new Set(options.map((arg) => modeNamed(arg.split('=')[0], modes)).filter((mode): mode is string => mode !== null));
  return { mode: named.size === 1 ? [...named][0]! : null };
}

/** `rpc` or `--rpc` as one of the modes. */
function modeNamed(word: string | undefined, modes: readonly string[]): string | null {
  if (word === undefined) return null;
  const name = word.replace(/^--/, '');
  return modes.includes(name) ? name : null;
}
