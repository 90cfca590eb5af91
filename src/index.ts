/**
 * cbtest as a library: receive callbacks inside your tests, fire the requests that cause them, replay records,
 * run suites. Nothing here writes to stdout, exits the process or installs signal handlers.
 */
export { startReceiver, type CallbackEndpoint, type CallbackEvent, type Receiver } from './library/receiver.js';
export type { ReceiverOptions } from './library/receiver-options.js';
export type { WaitOptions } from './library/wait-options.js';
export { fire, type FireOauthOptions, type FireOpenapiOptions, type FireResult, type FireRpcOptions, type FireSubscribeOptions } from './library/fire.js';
export { send, type SendOptions, type SendResult } from './library/send.js';
export { replay, type ReplayOptions, type ReplayResult } from './library/replay.js';
export { CallbackTimeoutError, ExpectationError } from './library/errors.js';
export { CbtestError, TimeoutError, TransportError, UsageError } from './core/errors.js';
export { ExitCode } from './core/exit-codes.js';
export type { CbEvent, CbEventOf } from './core/events.js';
export { runSuite, type SuiteCaseResult, type SuiteCaseStatus, type SuiteFileResult, type SuiteOptions, type SuiteResult } from './library/suite.js';
