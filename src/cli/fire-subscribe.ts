import { UsageError } from '../core/errors.js';
import type { FireMode } from './fire.js';

// Placeholder until the subscribe flow lands; registers the flag so 'fire' can name it.
export const subscribeMode: FireMode = {
  flag: 'subscribe',
  register(command) {
    command.option('--subscribe <target>', 'not available yet');
  },
  build() {
    throw new UsageError('fire --subscribe is not available yet');
  },
};
