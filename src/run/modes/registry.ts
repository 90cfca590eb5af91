import type { FireMode } from './fire-mode.js';
import { oauthMode } from './oauth-mode.js';
import { openapiMode } from './openapi-mode.js';
import { rpcMode } from './rpc-mode.js';
import { subscribeMode } from './subscribe-mode.js';

/** The fire modes by name, shared by `fire`, suites and the library; open: a new mode registers itself here. */
const modes = new Map<string, FireMode>();

export function registerFireMode<Options>(mode: FireMode<Options>): void {
  modes.set(mode.name, mode as FireMode);
}

export function fireMode(name: string): FireMode | undefined {
  return modes.get(name);
}

for (const mode of [rpcMode, subscribeMode, openapiMode, oauthMode] as FireMode[]) registerFireMode(mode);
