import { UsageError } from '../core/errors.js';
import type { FireMode } from './fire.js';

// Placeholder until the oauth flow lands; registers the flag so 'fire' can name it.
export const oauthMode: FireMode = {
  flag: 'oauth',
  register(command) {
    command.option('--oauth <target>', 'not available yet');
  },
  build() {
    throw new UsageError('fire --oauth is not available yet');
  },
};
