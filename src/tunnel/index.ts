export { openTunnel, type ManagedTunnel, type TunnelOptions, type TunnelState } from './open-tunnel.js';
export { answerSelfCheck, SELF_CHECK_PREFIX, type SelfCheckAnswer } from './self-check-route.js';
export { createLocalhostAwareAgent, lookupWithLocalhostSubdomains } from './localhost-names.js';
