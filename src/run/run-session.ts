import { randomBytes } from 'node:crypto';
import { formatDuration } from '../core/duration.js';
import { describeError, isCbtestError, TransportError } from '../core/errors.js';
import { EventStore } from '../core/event-store.js';
import type { CbEventOf, EventDraft } from '../core/events.js';
import { decideVerdict, type WaitOutcome } from '../core/verdict.js';
import type { CallbackFacts, CallbackVerdict } from '../receiver/app.js';
import { NdjsonRecorder } from '../receiver/recorder.js';
import { startReceiver, type RunningReceiver } from '../receiver/start-receiver.js';
import { noSenderChecks, startSenderChecks, type SenderChecks } from '../senders/sender-checks.js';
import { writeReport } from '../report/final-report.js';
import type { FlowContext } from './flow.js';
import { answerSelfCheck } from '../tunnel/self-check-route.js';
import { loadTls, makeForwarder, openTunnelFor, type OpenedTunnel } from './reachability.js';
import { replayCallback } from '../flows/replay.js';
import type { SessionPlan } from './session-plan.js';
import { attachView, type SessionIo } from './view.js';

const PROGRESS_EVERY_MS = 5000;

/** One orchestration for every receiving command: start → fire → wait → judge → close. Returns the exit code. */
export async function runSession(plan: SessionPlan, io: SessionIo): Promise<number> {
  const startedAt = Date.now();
  // Only the dashboard browses history; elsewhere keeping thousands of events alive just feeds the garbage collector.
  const store = new EventStore({ historyLimit: plan.output.mode === 'tui' ? 5000 : 100, redaction: plan.output.redaction });
  const recorder = plan.output.recordPath ? new NdjsonRecorder(plan.output.recordPath) : null;
  const detachRecorder = recorder ? store.subscribe((event) => recorder.write(event)) : () => undefined;
  const append = (draft: EventDraft): { seq: number } => store.append(draft);
  const plantedPath = `/cb/${randomBytes(12).toString('base64url')}`;
  const assertions: CbEventOf<'assertion'>[] = [];
  const abort = new AbortController();

  let settle: (outcome: WaitOutcome) => void = () => undefined;
  const waitOver = new Promise<WaitOutcome>((resolve) => {
    settle = resolve;
  });
  let verdictReached = false;
  const finishWait = (outcome: WaitOutcome): void => {
    if (verdictReached) return;
    verdictReached = true;
    settle(outcome);
  };

  let receiverUrl = '';
  const view = await attachView(plan, store, io, {
    onQuit: () => finishWait({ kind: 'interrupted', signal: 'quit', waiting: plan.wait.count !== null }),
    replay: (event, target) => replayCallback(event, target || receiverUrl),
  });
  let viewAttached = true;
  const detachView = (): void => {
    if (viewAttached) view.detach();
    viewAttached = false;
  };

  // Judge each counted callback as it lands, so verdicts stream live and a first failure ends the wait early.
  // How many callbacks counted is the store's to say (store.counts()); only the verdicts are kept here.
  const tally = { failures: 0, firstFailure: null as string | null };
  store.subscribe((event) => {
    if (event.type !== 'callback' || !event.matched) return;
    for (const draft of plan.judge.judge(event)) {
      assertions.push(store.append({ type: 'assertion', ...draft }));
      if (!draft.pass) {
        tally.failures += 1;
        tally.firstFailure ??= `${draft.message} (event #${event.seq})`;
      }
    }
    if (tally.failures > 0) finishWait({ kind: 'failed-fast' });
    else if (plan.wait.count !== null && store.counts().matched >= plan.wait.count) finishWait({ kind: 'satisfied' });
  });

  // A request still without an answer when time runs out is what the run was waiting for (exit 3 says so).
  const inFlight = new Map<number, string>();
  store.subscribe((event) => {
    if (event.type === 'request') inFlight.set(event.seq, `${event.method} ${event.url}`);
    else if (event.type === 'ack') inFlight.delete(event.requestSeq);
  });
  const unanswered = (): string | null => {
    const oldest = inFlight.values().next();
    return oldest.done ? null : `the answer to ${oldest.value}`;
  };

  const classify = (facts: CallbackFacts): CallbackVerdict => {
    if (verdictReached) {
      // The flow still sees late arrivals (notifications after a cancel) and shapes their answer; they never count.
      const late = plan.flow?.classify(facts, plantedPath);
      return { ...late, matched: false, note: late?.note ?? 'arrived after the verdict' };
    }
    const verdict = plan.flow?.classify(facts, plantedPath) ?? { matched: true };
    if (verdict.matched && !plan.judge.satisfiesUntil(facts)) return { ...verdict, matched: false, note: 'does not satisfy --until' };
    return verdict;
  };

  let receiver: RunningReceiver | null = null;
  let senders: SenderChecks | null = null;
  let tunnel: OpenedTunnel | null = null;
  let error: { exitCode: number; message: string } | null = null;
  const fail = (cause: unknown): void => {
    // Once the verdict is in, a request the run abandoned (aborted by us) explains nothing.
    if (error || verdictReached) return;
    if (!isCbtestError(cause)) throw cause;
    error = { exitCode: cause.exitCode, message: describeError(cause) };
    finishWait({ kind: 'failed-fast' });
  };

  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => () => {
    finishWait({ kind: 'interrupted', signal, waiting: plan.wait.count !== null });
    // Stops what is still starting (a tunnel being opened) and what is in flight.
    abort.abort();
  };
  const onSigint = onSignal('SIGINT');
  const onSigterm = onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  let progress: NodeJS.Timeout | undefined;
  let lastWords: string | null = null;
  let timeout: NodeJS.Timeout | undefined;

  try {
    const tls = await loadTls(plan.receiver);
    senders = await startSenderChecks(plan.receiver.senders ?? noSenderChecks, append, plan.receiver.rules.status);
    receiver = await startReceiver(
      { port: plan.receiver.port, host: plan.receiver.host, tls },
      {
        bodyLimit: plan.receiver.bodyLimit,
        rules: plan.receiver.rules,
        record: senders.record,
        answerers: senders.answerers,
        classify,
        forward: await makeForwarder(plan.receiver.forwardTo, plantedPath),
        // The tunnel's self-check reaches the receiver through the public URL; it is answered, never recorded.
        internal: answerSelfCheck,
      },
    );
    receiverUrl = receiver.url;
    if (plan.receiver.tunnel) view.say(`opening a tunnel through ${plan.receiver.tunnel.host} (up to 15s)…`);
    tunnel = await openTunnelFor(plan.receiver, receiver.port, abort.signal, append, (previous, next) => {
      const message = `tunnel URL changed from ${previous} to ${next}: callbacks sent to the old URL are lost`;
      view.say(`warning: ${message}`);
      if (plan.flow) fail(new TransportError(message, 'run again, or use --public-url with a stable address'));
    });
    const baseUrl = (tunnel?.url ?? plan.receiver.publicUrl ?? receiver.url).replace(/\/+$/, '');
    append({ type: 'listening', url: receiver.url, publicUrl: tunnel?.url ?? plan.receiver.publicUrl, certPath: tls?.certPath ?? null });

    if (plan.wait.timeoutMs !== null) {
      const timeoutMs = plan.wait.timeoutMs;
      timeout = setTimeout(() => {
        if (plan.wait.count === null) finishWait({ kind: 'nothing-awaited' });
        else {
          const { callbacks, matched } = store.counts();
          finishWait({ kind: 'timeout', awaited: unanswered() ?? plan.wait.description, matched, expected: plan.wait.count, unmatched: callbacks - matched, timeoutMs });
        }
      }, timeoutMs);
    }
    if (plan.wait.count !== null && plan.output.mode !== 'tui') {
      progress = setInterval(() => {
        const elapsed = formatDuration(Date.now() - startedAt);
        const limit = plan.wait.timeoutMs === null ? '' : ` of ${formatDuration(plan.wait.timeoutMs)}`;
        view.say(`… waiting for ${unanswered() ?? plan.wait.description}: ${store.counts().matched} of ${plan.wait.count} callbacks so far, ${elapsed}${limit}`);
      }, PROGRESS_EVERY_MS);
    } else if (plan.output.mode === 'plain' && !plan.flow) {
      view.say('waiting for callbacks; Ctrl-C to stop');
    }

    const context: FlowContext = { plantedUrl: `${baseUrl}${plantedPath}`, baseUrl, append, signal: abort.signal, say: view.say, fail };
    if (plan.flow) plan.flow.start(context).catch(fail);
    const outcome = await waitOver;
    clearTimeout(timeout);
    clearInterval(progress);
    abort.abort();
    if (plan.flow?.finish && !error) {
      await plan.flow.finish(context).catch((cause: unknown) => {
        if (!isCbtestError(cause)) throw cause;
        error = { exitCode: cause.exitCode, message: describeError(cause) };
      });
    }

    const verdict = decideVerdict({ wait: outcome, firstFailure: tally.firstFailure, failures: tally.failures, error });
    const result = store.append({
      type: 'result',
      pass: verdict.pass,
      exitCode: verdict.exitCode,
      callbacks: store.counts().matched,
      durationMs: Date.now() - startedAt,
      ...(verdict.reason === undefined ? {} : { reason: verdict.reason }),
      ...senders.resultFields(),
    });
    if (plan.output.report) await writeReport(plan.output.report, { title: plan.title, assertions, result, awaited: plan.wait.description });
    if (outcome.kind !== 'interrupted' || outcome.signal !== 'quit') await view.dismissed();
    return verdict.exitCode;
  } catch (cause) {
    if (abort.signal.aborted && !isCbtestError(cause)) {
      // Interrupted while starting: what would have been awaited is the verdict's business.
      const verdict = decideVerdict({ wait: await waitOver, firstFailure: null, failures: 0, error: null });
      store.append({ type: 'result', pass: verdict.pass, exitCode: verdict.exitCode, callbacks: 0, durationMs: Date.now() - startedAt, ...(verdict.reason ? { reason: verdict.reason } : {}) });
      return verdict.exitCode;
    }
    if (!isCbtestError(cause)) throw cause;
    // The run could not start: one line on stderr like any usage error; the record and JSON still get the result.
    if (plan.output.mode !== 'json') detachView();
    store.append({ type: 'result', pass: false, exitCode: cause.exitCode, callbacks: store.counts().matched, durationMs: Date.now() - startedAt, reason: describeError(cause) });
    lastWords = `cbtest: ${describeError(cause)}\n`;
    return cause.exitCode;
  } finally {
    clearTimeout(timeout);
    clearInterval(progress);
    abort.abort();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    detachView();
    if (lastWords) io.stderr.write(lastWords);
    await tunnel?.close().catch(() => undefined);
    senders?.close();
    await receiver?.close().catch(() => undefined);
    detachRecorder();
    recorder?.close();
  }
}

