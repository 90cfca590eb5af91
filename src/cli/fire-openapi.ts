import { UsageError } from '../core/errors.js';
import type { FireMode } from './fire.js';

// Placeholder until the openapi flow lands; registers the flag so 'fire' can name it.
export const openapiMode: FireMode = {
  flag: 'openapi',
  register(command) {
    command.option('--openapi <target>', 'not available yet');
  },
  build() {
    throw new UsageError('fire --openapi is not available yet');
  },
};
