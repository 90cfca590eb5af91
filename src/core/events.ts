/**
 * The event record: every view (TUI, plain lines, NDJSON, reports, record files) reads these.
 * Shapes follow ../shared/CONTRACT.md, "The event record".
 */

export type Headers = Record<string, string | string[]>;

export interface ListeningEvent {
  type: 'listening';
  /** Tells runs appended to one record file apart (always set by the engine; optional for hand-made fixtures). */
  runId?: string;
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
  /** Set by `cbtest replay`: the seq of the recorded callback this request sends again. */
  replayOf?: number;
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
  /** What the sender was sent; `status: null` with `error` when no answer reached it (it hung up, cbtest shut down). */
  response: {
    status: number | null;
    headers?: Headers;
    error?: string;
    /** The body cbtest answered with, as text (its first 4 KiB; absent when empty or not UTF-8). */
    body?: string;
    /** From the whole callback in hand to the answer decided (a --delay, a forward, a signature check). */
    durationMs?: number;
  };
  signature?: 'valid' | 'invalid';
  /** Why the signature was refused (`timestamp is 3 years old (tolerance 5m)`); never the secret. */
  signatureError?: string;
  /** Where this callback stands in its delivery, when a key is known (webhook-id, x-github-delivery, …). */
  delivery?: DeliveryInfo;
  /** The CloudEvent it carries (an array for a batch), or why it is not a valid one. */
  cloudevent?: CloudEventFields | CloudEventFields[];
  cloudeventError?: string;
  /** listen --openapi: the webhook it was checked against and every way it breaks the schema. */
  schema?: SchemaOutcome;
  /** True when it counts toward the wait. */
  matched: boolean;
  /** Why a callback was not counted or not accepted (e.g. `body too large`, `id "2" is not "1"`). */
  note?: string;
  /** Set when the body was refused (413) and not kept. */
  rejected?: { reason: string; size: number };
  /** Why a body that arrived whole is not shown parsed (e.g. JSON nested too deeply to render); its bytes are in bodyBase64. */
  bodyNote?: string;
  forward?: ForwardOutcome;
  /** Milliseconds since the acknowledgment of the request that planted this callback's URL, when known. */
  sinceAckMs?: number;
  /** Only in a view's history, never in a record: the body is held as its first `bytes` bytes (the record has it whole). */
  historyPreview?: { bytes: number };
}

export interface DeliveryInfo {
  key: string;
  /** 1 for the first arrival of this key. */
  attempt: number;
  sinceFirstMs: number;
  /** An earlier attempt of this key was already answered 2xx. */
  duplicate: boolean;
}

/** One CloudEvent's attributes (`$.cloudevent.type` in assertions). */
export interface CloudEventFields {
  specversion: string;
  id: string;
  source: string;
  type: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  data?: unknown;
  /** Binary data that is not text, base64. */
  data_base64?: string;
}

export interface SchemaOutcome {
  /** Where the schema is in the document, e.g. `webhooks.newPet.post`. */
  source: string;
  valid: boolean;
  errors: string[];
}

/** One key's attempts, as the result lists them. */
export interface DeliveryTimeline {
  key: string;
  /** `signature` when --verify checked the attempt. */
  attempts: Array<{ seq: number | null; sinceFirstMs: number; status: number | null; duplicate: boolean; signature?: 'valid' | 'invalid' }>;
  /** True once an attempt was answered 2xx. */
  delivered: boolean;
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
  /** A CloudEvents abuse-protection request (answered with WebHook-Allowed-Origin). */
  handshake?: 'cloudevents';
  /** The sender's WebHook-Request-Origin. */
  origin?: string;
  /** The WebHook-Request-Callback cbtest confirmed with a GET, and how that went. */
  confirmation?: { url: string; status?: number; error?: string };
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
  runId?: string;
  pass: boolean;
  exitCode: number;
  callbacks: number;
  durationMs: number;
  reason?: string;
  /** Each delivery key's attempts, when callbacks carried one. */
  deliveries?: DeliveryTimeline[];
}

/** With `cbtest run`, every event names the suite file and the case it belongs to. */
export interface EventScope {
  suite?: string;
  case?: string;
}

export type EventDraft = (
  | ListeningEvent
  | RequestEvent
  | AckEvent
  | CallbackEvent
  | TunnelEvent
  | RelayEvent
  | ProbeEvent
  | AssertionEvent
  | ResultEvent
) &
  EventScope;

export type Stamped<T> = T & { seq: number; at: string };

export type CbEvent = Stamped<EventDraft>;
export type CbEventOf<K extends EventDraft['type']> = Stamped<Extract<EventDraft, { type: K }>>;
