import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { registerFire } from './fire.js';
import { registerListen } from './listen.js';

/** Every command of the program, in the order `cbtest --help` lists them. */
export function registerCommands(program: Command, context: CommandContext): void {
  registerListen(program, context);
  registerFire(program, context);
}
