import type { EventDraft } from '../core/events.js';
import { startReceiver, type RunningReceiver } from '../receiver/start-receiver.js';
import { noSenderChecks, startSenderChecks, type SenderChecks } from '../senders/sender-checks.js';
import { answerSelfCheck } from '../tunnel/self-check-route.js';
import { answerWarmUp } from './receiver-warm-up.js';
import type { CaseRouter } from './case-router.js';
import { loadTls, makeForwarder, openRelayFor, openTunnelFor, type OpenedTunnel } from './reachability.js';
import type { ReceiverPlan } from './session-plan.js';

export interface ReceiverHooks {
  router: CaseRouter;
  /** Every event the receiver and the tunnel record. */
  record: (draft: EventDraft) => void;
  say: (line: string) => void;
  /** Stops a tunnel still opening (Ctrl-C). */
  signal: AbortSignal;
  onTunnelUrlChanged: (previous: string | null, next: string | null) => void;
  /** Hands the record to the OS before a batch of answers goes out (see the receiver's AnswerDelivery). */
  commit?: () => boolean;
  /** --record: a relay channel kept across runs skips what an earlier run already recorded. */
  recordPath?: string | null;
}

export interface RunReceiver {
  receiver: RunningReceiver;
  tunnel: OpenedTunnel | null;
  certPath: string | null;
  /** Where producers reach it: the tunnel, --public-url, or the local URL; no trailing slash. */
  baseUrl: string;
  /** --verify, delivery tracking, CloudEvents, listen --openapi. */
  senders: SenderChecks;
}

/**
 * The run's one receiver (TLS, tunnel, public URL, forwarding), routing each callback to the case that owns its path.
 * Receiver options map to the receiver here, in one place: a new option adds a line to `startReceiver`'s options.
 */
export async function startRunReceiver(plan: ReceiverPlan, hooks: ReceiverHooks): Promise<RunReceiver> {
  const tls = await loadTls(plan);
  // Each case's deliveries are its own: a callback's key is tracked under the case that owns its path.
  const senders = await startSenderChecks(plan.senders ?? noSenderChecks, hooks.record, plan.rules.status, (path) => hooks.router.route(path)?.token ?? '');
  const receiver = await startReceiver(
    { port: plan.port, host: plan.host, tls },
    {
      bodyLimit: plan.bodyLimit,
      rules: plan.rules,
      record: senders.record,
      answerers: senders.answerers,
      ...(hooks.commit ? { commit: hooks.commit } : {}),
      classify: (facts) => hooks.router.classify(facts),
      forward: await makeForwarder(plan.forwardTo, (path) => hooks.router.pathForApp(path)),
      // The tunnel's self-check reaches the receiver through the public URL, the warm-up (see run.ts) directly;
      // both are answered, never recorded.
      internal: (method, path) => answerWarmUp(method, path) ?? answerSelfCheck(method, path),
    },
  );
  try {
    if (plan.tunnel) hooks.say(`opening a tunnel through ${plan.tunnel.host} (up to 15s)…`);
    const tunnel = (await openTunnelFor(plan, receiver.port, hooks.signal, hooks.record, hooks.onTunnelUrlChanged)) ?? (await openRelayFor(plan, receiver.url, hooks.signal, hooks.record, hooks.commit, hooks.recordPath));
    const baseUrl = (tunnel?.url ?? plan.publicUrl ?? receiver.url).replace(/\/+$/, '');
    return { receiver, tunnel, certPath: tls?.certPath ?? null, baseUrl, senders };
  } catch (error) {
    await receiver.close().catch(() => undefined);
    throw error;
  }
}

/** Closes the tunnel, then the receiver (answers in flight get their grace period). */
export async function closeRunReceiver(opened: RunReceiver | null): Promise<void> {
  opened?.senders.close();
  await opened?.tunnel?.close().catch(() => undefined);
  await opened?.receiver.close().catch(() => undefined);
}
