import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { registerDemo } from './demo.js';
import { registerFire } from './fire.js';
import { registerListen } from './listen.js';
import { registerRelay } from './relay.js';
import { registerRun } from './run-command.js';
import { registerReplay } from './replay.js';
import { registerSend } from './send.js';
import { registerServe } from './serve.js';
import { registerView } from './view.js';

/** Every command of the program, in the order `cbtest --help` lists them. */
export function registerCommands(program: Command, context: CommandContext): void {
  registerListen(program, context);
  registerFire(program, context);
  registerRun(program, context);
  registerSend(program, context);
  registerReplay(program, context);
  registerView(program, context);
  registerServe(program, context);
  registerDemo(program, context);
  registerRelay(program, context);
}
