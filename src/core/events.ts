/**
 * The event record: every view (TUI, plain lines, NDJSON, reports, record files) reads these.
 * Shapes follow ../shared/CONTRACT.md, "The event record".
 */

export type Headers = Record<string, string | string[]>;

export interface ListeningEvent {
  type: 'listening';
  url: string;
  publicUrl: string | null;
  certPath: string | null;
}

/** What cbtest sent. `label` says which step of a flow it was (rpc, subscribe, cancel, authorize, token, send). */
export interface RequestEvent {
  type: 'request';
  label: string;
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

export interface AckEvent {
  type: 'ack';
  label: string;
  requestSeq: number;
  status: number;
  headers: Headers;
  body: unknown;
  durationMs: number;
}

export interface ForwardOutcome {
  url: string;
  status?: number;
  durationMs?: number;
  bodyPreview?: string;
  error?: string;
}

export interface CallbackEvent {
  type: 'callback';
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Headers;
  /** Parsed JSON or form body, else null. */
  body: unknown;
  /** UTF-8 text of the body, or null when it is not text. */
  bodyText: string | null;
  /** The exact bytes received. Empty when the body was rejected for its size. */
  bodyBase64: string;
  /** Bytes received (or announced, for a rejected body). */
  size: number;
  contentType: string | null;
  remote: string;
  response: { status: number };
  signature?: 'valid' | 'invalid';
  /** True when it counts toward the wait. */
  matched: boolean;
  /** Why a callback was not counted or not accepted (e.g. `body too large`, `id "2" is not "1"`). */
  note?: string;
  /** Set when the body was refused (413) and not kept. */
  rejected?: { reason: string; size: number };
  forward?: ForwardOutcome;
}

export interface TunnelEvent {
  type: 'tunnel';
  state: 'open' | 'down' | 'reopened';
  url: string | null;
  previousUrl?: string | null;
  message?: string;
}

/** The relay channel a receiver is reachable through (`--relay`): opened, lost, resumed after the last id seen. */
export interface RelayEvent {
  type: 'relay';
  state: 'open' | 'down' | 'resumed';
  /** The channel's public URL (as the relay instance now serving it gives it). */
  url: string | null;
  message?: string;
  /** On resume: the stream id after which delivery went on. */
  after?: string;
}

export interface ProbeEvent {
  type: 'probe';
  method: string;
  path: string;
  headers: Headers;
  remote: string;
}

export interface AssertionEvent {
  type: 'assertion';
  expr: string;
  pass: boolean;
  actual: unknown;
  /** The callback judged, or null when there was none to judge. */
  eventSeq: number | null;
  message: string;
}

export interface ResultEvent {
  type: 'result';
  pass: boolean;
  exitCode: number;
  callbacks: number;
  durationMs: number;
  reason?: string;
}

export type EventDraft =
  | ListeningEvent
  | RequestEvent
  | AckEvent
  | CallbackEvent
  | TunnelEvent
  | RelayEvent
  | ProbeEvent
  | AssertionEvent
  | ResultEvent;

export type Stamped<T> = T & { seq: number; at: string };

export type CbEvent = Stamped<EventDraft>;
export type CbEventOf<K extends EventDraft['type']> = Stamped<Extract<EventDraft, { type: K }>>;
