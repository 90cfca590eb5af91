import type { SenderChecksPlan } from '../senders/sender-checks.js';
import type { OutputMode } from '../core/output-mode.js';
import type { RedactionPolicy } from '../core/redact.js';
import type { ReportTarget } from '../report/report-formats.js';
import type { ResponseRules } from '../receiver/response-rules.js';
import type { Flow } from '../flows/flow.js';
import type { Judge } from './judge.js';
import type { RelayPlan } from '../relay/relay-plan.js';

export interface ReceiverPlan {
  port: number;
  host: string;
  https: boolean;
  publicUrl: string | null;
  tunnel: { host: string; subdomain: string | null } | null;
  forwardTo: string | null;
  /** --relay: reached through a `cbtest relay` channel. */
  relay?: RelayPlan | null;
  rules: ResponseRules;
  bodyLimit: number;
  /** --verify, --delivery-key, listen --openapi: checking the sender's side. */
  senders?: SenderChecksPlan;
}

export interface OutputPlan {
  mode: OutputMode;
  color: boolean;
  recordPath: string | null;
  reports: ReportTarget[];
  /** Applied by the event store to every event (Authorization, Cookie, Proxy-Authorization are always redacted). */
  redaction?: RedactionPolicy;
  /** --exit-on-verdict: the dashboard ends at the verdict even on a terminal. */
  exitOnVerdict?: boolean;
}

export interface WaitPlan {
  /** Callbacks to wait for; null waits for nothing in particular (listen until stopped or timed out). */
  count: number | null;
  timeoutMs: number | null;
  description: string;
}

/** Everything one run needs, decided from the command line before anything starts. */
export interface SessionPlan {
  title: string;
  receiver: ReceiverPlan;
  output: OutputPlan;
  wait: WaitPlan;
  judge: Judge;
  flow: Flow | null;
}
