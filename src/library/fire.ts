import { UsageError } from '../core/errors.js';
import type { CbEvent, CbEventOf } from '../core/events.js';
import { parseDuration } from '../core/duration.js';
import { runFireCase } from '../run/fire-case.js';
import { fromValues } from '../run/modes/option-source.js';
import { fireMode } from '../run/modes/registry.js';
import { Run } from '../run/run.js';
import { libraryDeps } from './library-deps.js';
import { runOf, type Receiver } from './receiver.js';
import { toLibraryReceiver, toReceiverFlags, type ReceiverOptions } from './receiver-options.js';
import { toLibraryWait, timeoutMsOf, WAIT_OPTION_NAMES, type WaitOptions } from './wait-options.js';

/** What a fire ends with: the CLI's verdict and exit code, and every event of the run. */
export interface FireResult {
  pass: boolean;
  /** The exit code `cbtest fire` would have ended with: 0, 1, 3 or 4. */
  exitCode: number;
  /** Why it failed (the CLI's last line), when it did. */
  reason?: string;
  /** The callbacks that counted. */
  callbacks: CbEventOf<'callback'>[];
  events: CbEvent[];
}

/** Runs the fire inside this receiver (its own planted URL) instead of starting one for the call. */
interface InReceiver {
  receiver?: Receiver;
}

export type FireRpcOptions = { url: string; method: string; params?: Record<string, unknown>; id?: string | number; jsonrpcVersion?: '2.0' | 'none'; headers?: Record<string, string> } & WaitOptions & ReceiverOptions & InReceiver;
export type FireSubscribeOptions = { url: string; body?: unknown; callbackPointer?: string; cancel?: 'put' | 'delete' | 'none'; grace?: string; headers?: Record<string, string> } & WaitOptions & ReceiverOptions & InReceiver;
export type FireOpenapiOptions = { spec: string; operation: string; server?: string; body?: unknown; params?: Record<string, string | number | boolean>; headers?: Record<string, string> } & WaitOptions & ReceiverOptions & InReceiver;
export type FireOauthOptions = { url: string; clientId: string; tokenUrl?: string; clientSecret?: string; scope?: string; redirectPath?: string; browser?: boolean; headers?: Record<string, string> } & WaitOptions & ReceiverOptions & InReceiver;

const RECEIVER_OPTION_NAMES = new Set(['port', 'host', 'publicUrl', 'https', 'tunnel', 'forwardTo', 'status', 'responseBody', 'responseHeaders', 'delay', 'failFirst', 'respondSeq', 'retryAfter', 'bodyLimit', 'verify', 'record']);

function split(options: object): { wait: WaitOptions; receiver: ReceiverOptions; mode: Record<string, unknown>; into: Receiver | undefined } {
  const wait: Record<string, unknown> = {};
  const receiver: Record<string, unknown> = {};
  const mode: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || key === 'receiver') continue;
    (WAIT_OPTION_NAMES.has(key) ? wait : RECEIVER_OPTION_NAMES.has(key) ? receiver : mode)[key] = value;
  }
  return { wait, receiver, mode, into: (options as { receiver?: Receiver }).receiver };
}

/** One fire case through the engine: the same modes, waits and verdicts as `cbtest fire`. */
async function fireWith(name: string, options: object): Promise<FireResult> {
  const mode = fireMode(name);
  if (!mode) throw new UsageError(`fire.${name} is not a fire mode`);
  const { wait, receiver, mode: modeValues, into } = split(options);
  if (into && Object.keys(receiver).length > 0) throw new UsageError(`fire.${name}: ${Object.keys(receiver).join(', ')} belong to startReceiver when a receiver is given`, 'set them where the receiver is started');
  const parsed = mode.parse(fromValues(modeValues, name));
  const timeoutMs = timeoutMsOf(wait.timeout, null) ?? parseDuration(mode.defaultTimeout, 'timeout');
  const flow = await mode.createFlow(parsed, { timeoutMs, explicitWait: wait.count !== undefined || wait.until !== undefined });
  const { wait: plan, judge } = await toLibraryWait(wait, { count: flow.awaited.count, timeoutMs, description: flow.awaited.description }, flow);
  const shared = into ? runOf(into) : undefined;
  if (into && !shared) throw new UsageError(`fire.${name}: receiver is not one startReceiver returned`);
  const run = shared ?? newRun(receiver);
  // On a shared receiver the case's events carry its name, so its result leaves out the other endpoints' traffic.
  const scope = shared ? { case: `fire.${name} ${run.deps.newToken().slice(0, 8)}` } : {};
  try {
    if (!shared) {
      await run.attachView();
      await run.start();
    }
    const outcome = await runFireCase(run, { flow, wait: plan, judge, keepReceived: true, scope });
    if (outcome.bug !== undefined) throw outcome.bug;
    const events = run.store.snapshot().events.filter((event) => !shared || (event as { case?: string }).case === scope.case);
    const callbacks = events.filter((event): event is CbEventOf<'callback'> => event.type === 'callback' && event.matched);
    return { pass: outcome.verdict.pass, exitCode: outcome.verdict.exitCode, ...(outcome.verdict.reason === undefined ? {} : { reason: outcome.verdict.reason }), callbacks, events: [...events] };
  } finally {
    if (!shared) await run.close();
  }
}

function newRun(options: ReceiverOptions): Run {
  const { plan, redaction } = toLibraryReceiver(toReceiverFlags(options));
  return new Run({ receiver: plan, recordPath: options.record ?? null, historyLimit: 100_000, redaction }, libraryDeps());
}

/** Fire the request that carries a callback URL, wait for the callback, judge it: `cbtest fire` as calls. */
export const fire = {
  rpc: (options: FireRpcOptions): Promise<FireResult> => fireWith('rpc', options),
  subscribe: (options: FireSubscribeOptions): Promise<FireResult> => fireWith('subscribe', options),
  openapi: (options: FireOpenapiOptions): Promise<FireResult> => fireWith('openapi', options),
  // A test has no person to log in: no browser unless asked for.
  oauth: (options: FireOauthOptions): Promise<FireResult> => fireWith('oauth', { browser: false, ...options }),
};
