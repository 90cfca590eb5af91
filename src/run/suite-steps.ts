import { parseDuration } from '../core/duration.js';
import { TransportError, UsageError } from '../core/errors.js';
import type { CbEventOf } from '../core/events.js';
import { exchange } from '../flows/http-exchange.js';
import { sendRequest } from '../flows/send.js';
import { captureValue, resolveTemplate, resolveWaitSpec, type Scope, type SuiteStep, type WaitSpec } from '../suite/index.js';
import { sendSigningOf } from '../suite/send-signing.js';
import type { OpenCase } from './case.js';
import { fireMode } from './modes/registry.js';
import { fromValues } from './modes/option-source.js';
import type { Run } from './run.js';
import type { ArmedWait } from './wait.js';
import { toWaitAndJudge } from '../cli/wait-options.js';
import type { WaitOutcome } from '../core/verdict.js';
import type { Flow } from '../flows/flow.js';

const DEFAULT_TIMEOUT = '30s';

/** What a case's steps share: the run, the open case, the scope its templates resolve in. */
export interface StepContext {
  run: Run;
  opened: OpenCase;
  scope: Scope;
}

/** How a step ended: a wait's outcome and judgements, or nothing to report (a request, a sleep). */
export type StepEnd = { wait: ArmedWait; outcome: WaitOutcome } | null;

/** A step that ends its case early returns the outcome; throwing a CbtestError fails the case with its code. */
export async function runStep(context: StepContext, step: SuiteStep): Promise<StepEnd> {
  context.opened.renewSignal();
  if (step.kind === 'sleep') return sleep(context, step.ms);
  let end: StepEnd = null;
  if (step.kind === 'fire') end = await runFireStep(context, step);
  else if (step.kind === 'wait') end = await runWaitStep(context, step.wait);
  else if (step.kind === 'request') await runRequestStep(context, step.request);
  else await runSendStep(context, step.send);
  captureInto(context, step.capture, end?.wait.last ?? null);
  return end;
}

function captureInto(context: StepContext, capture: Record<string, string>, callback: CbEventOf<'callback'> | null): void {
  for (const [name, expr] of Object.entries(capture)) {
    context.scope.captures[name] = captureValue(expr, { callback, ack: context.opened.lastAck });
  }
}

async function sleep(context: StepContext, ms: number): Promise<StepEnd> {
  await new Promise<void>((resolve) => context.run.deps.clock.setTimeout(resolve, ms));
  return null;
}

async function armFromSpec(context: StepContext, spec: WaitSpec, flow: Flow | null, defaults: { count: number | null; description: string }) {
  const resolved = resolveWaitSpec(spec, context.scope);
  const timeoutMs = parseDuration(resolved.timeout ?? DEFAULT_TIMEOUT, 'timeout');
  const inputs = { count: resolved.count ?? null, until: resolved.until ?? null, expect: resolved.expect ?? [], expectSchema: resolved.expectSchema ?? null, timeoutMs };
  const { wait, judge } = await toWaitAndJudge(inputs, { count: defaults.count, timeoutMs, description: defaults.description }, flow);
  return { inputs, wait, judge };
}

async function runFireStep(context: StepContext, step: Extract<SuiteStep, { kind: 'fire' }>): Promise<StepEnd> {
  const { opened } = context;
  const options = resolveTemplate(step.options, context.scope) as Record<string, unknown>;
  let flow: Flow | null = null;
  if (step.mode !== 'listen') {
    const mode = fireMode(step.mode);
    if (!mode) throw new UsageError(`${step.pos.file}:${step.pos.line}:${step.pos.column}: '${step.mode}' is not a fire mode`);
    const timeoutMs = parseDuration(step.wait.timeout ?? mode.defaultTimeout, 'timeout');
    flow = await mode.createFlow(mode.parse(fromValues(options, step.mode)), { timeoutMs, explicitWait: step.wait.count !== undefined || step.wait.until !== undefined });
  }
  opened.endpoint.flow = flow;
  const defaults = flow ? flow.awaited : { count: 1, description: 'a callback' };
  const { wait, judge } = await armFromSpec(context, step.wait, flow, defaults);
  const armed = opened.waitFor({ wait, judge, from: opened.endpoint.received.length });
  if (flow) flow.start(opened.context).catch((cause: unknown) => opened.fail(cause));
  const outcome = await armed.outcome;
  opened.stopInFlight();
  if (flow?.finish && !opened.error) {
    opened.renewSignal();
    await flow.finish(opened.context).catch((cause: unknown) => opened.failAfterWait(cause));
  }
  opened.consumed = opened.endpoint.received.length;
  return { wait: armed, outcome };
}

async function runWaitStep(context: StepContext, spec: WaitSpec): Promise<StepEnd> {
  const { wait, judge } = await armFromSpec(context, spec, context.opened.endpoint.flow, { count: 1, description: 'a callback' });
  const armed = context.opened.waitFor({ wait, judge, from: context.opened.consumed });
  const outcome = await armed.outcome;
  context.opened.consumed = context.opened.endpoint.received.length;
  return { wait: armed, outcome };
}

interface HttpStep {
  url?: unknown;
  method?: unknown;
  headers?: unknown;
  body?: unknown;
  data?: unknown;
}

function httpStep(value: unknown, label: string): { url: string; method: string; headers: Record<string, string>; body: unknown } {
  const step = (value ?? {}) as HttpStep;
  if (typeof step.url !== 'string') throw new UsageError(`${label}.url is missing`, 'give the URL in full');
  const headers = step.headers === undefined ? {} : Object.fromEntries(Object.entries(step.headers as Record<string, unknown>).map(([name, item]) => [name.toLowerCase(), String(item)]));
  const body = step.body ?? step.data;
  // A plain request without a body is a GET, like curl; anything with a body, and every send, a POST.
  const method = typeof step.method === 'string' ? step.method.toUpperCase() : label === 'request' && body === undefined ? 'GET' : 'POST';
  return { url: step.url, method, headers, body };
}

async function runRequestStep(context: StepContext, template: unknown): Promise<void> {
  const request = httpStep(resolveTemplate(template, context.scope), 'request');
  const answer = await exchange(
    { label: 'request', method: request.method, url: request.url, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }), signal: context.opened.context.signal, timeoutMs: 30_000 },
    context.opened.context.append,
  );
  if (answer.status < 200 || answer.status > 299) throw new TransportError(`${request.method} ${request.url} answered ${answer.status}`);
}

async function runSendStep(context: StepContext, template: unknown): Promise<void> {
  const resolved = resolveTemplate(template, context.scope) as Record<string, unknown>;
  const request = httpStep(resolved, 'send');
  const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  // Signed afresh at the moment of sending (a retry of the case gets a new timestamp), over the exact bytes sent.
  const signed = sendSigningOf(resolved)?.sign(body ?? '') ?? {};
  const headers = { ...request.headers, ...Object.fromEntries(Object.entries(signed).map(([name, value]) => [name.toLowerCase(), value])) };
  await sendRequest({ url: request.url, method: request.method, headers, body, timeoutMs: 30_000, signal: context.opened.context.signal }, context.opened.context.append);
}
