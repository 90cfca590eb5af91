import type { Command } from 'commander';
import { addOutputOptions, addReceiverOptions, addWaitOptions } from './shared-flags.js';

export const RECEIVER_GROUP = 'Receiver (where callbacks arrive, how they are answered):';
export const WAIT_GROUP = 'Waiting and assertions:';
export const OUTPUT_GROUP = 'Output:';

/** The receiver, waiting and output flags of `listen` and `fire`, each under its own help heading. */
export function addGroupedSharedOptions(command: Command, defaults: { port: number; timeout: string | null }, extraReceiver?: (command: Command) => void): Command {
  command.optionsGroup(RECEIVER_GROUP);
  addReceiverOptions(command, defaults.port);
  extraReceiver?.(command);
  command.optionsGroup(WAIT_GROUP);
  addWaitOptions(command, defaults.timeout);
  command.optionsGroup(OUTPUT_GROUP);
  addOutputOptions(command);
  // The help flag goes last, under the output flags, rather than in a group of its own.
  return command.helpOption('-h, --help', 'show this help');
}
