import { EventStore } from '../core/event-store.js';
import type { RedactionPolicy } from '../core/redact.js';
import { describeError, isCbtestError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { escapeKeepingLayout, truncate } from '../core/terminal-text.js';
import { NdjsonRecorder } from '../receiver/recorder.js';
import type { LiveReporter } from '../report/live-reporters.js';
import type { SessionIo } from '../run/view.js';
import { exchange } from './http-exchange.js';

export interface SendPlan {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Raw text to send (JSON by default content type), or undefined for no body. */
  body: string | undefined;
  timeoutMs: number;
  recordPath: string | null;
  json: boolean;
  redaction?: RedactionPolicy;
}

const BODY_SHOWN_MAX = 64 * 1024;

/**
 * `cbtest send`: play the external system that calls a callback URL (a payment gateway activating a paused flow).
 * Exit 0 on 2xx, 4 on anything else, including no answer.
 */
export async function runSend(plan: SendPlan, io: SessionIo, reporter: LiveReporter): Promise<number> {
  const startedAt = Date.now();
  const store = new EventStore({ redaction: plan.redaction });
  const recorder = plan.recordPath ? new NdjsonRecorder(plan.recordPath) : null;
  const detachRecorder = recorder ? store.subscribe((event) => recorder.write(event)) : () => undefined;
  const detachView = reporter(store);
  try {
    const headers = plan.body !== undefined && !hasHeader(plan.headers, 'content-type') ? { 'content-type': 'application/json', ...plan.headers } : plan.headers;
    const answer = await exchange({ label: 'send', method: plan.method, url: plan.url, headers, body: plan.body, timeoutMs: plan.timeoutMs }, (draft) => store.append(draft));
    const ok = answer.status >= 200 && answer.status < 300;
    if (!plan.json && answer.text) io.stdout.write(`${truncate(escapeKeepingLayout(answer.text), BODY_SHOWN_MAX)}\n`);
    const exitCode = ok ? ExitCode.ok : ExitCode.transport;
    store.append({ type: 'result', pass: ok, exitCode, callbacks: 0, durationMs: Date.now() - startedAt, ...(ok ? {} : { reason: `${plan.url} answered ${answer.status}` }) });
    return exitCode;
  } catch (error) {
    if (!isCbtestError(error)) throw error;
    store.append({ type: 'result', pass: false, exitCode: error.exitCode, callbacks: 0, durationMs: Date.now() - startedAt, reason: describeError(error) });
    if (plan.json) io.stderr.write(`cbtest: ${describeError(error)}\n`);
    return error.exitCode;
  } finally {
    detachView();
    detachRecorder();
    recorder?.close();
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
