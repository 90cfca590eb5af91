/**
 * The WebSocket frames between a relay instance and its client (JSON text frames, versioned like Svix's relay):
 * the relay sends entries of the channel's stream in order, the client sends back answers and how far it is done.
 */

export const PROTOCOL_VERSION = 1;

/** POST {key} here to open (or reopen) a channel. */
export const OPEN_PATH = '/relay/v1/channels';
/** The client's WebSocket; the channel key goes in KEY_HEADER, never in the URL (URLs end up in logs). */
export const CONNECT_PATH = '/relay/v1/connect';
export const KEY_HEADER = 'x-cbtest-channel-key';

/** A producer's request as the relay stored it in the channel's stream. */
export interface RelayedRequest {
  /** The stream id: the entry's place in the channel, used to resume and to drop duplicates. */
  id: string;
  method: string;
  /** Path and query after `/c/<channel>`, exactly as the producer wrote them (`/` at least). */
  target: string;
  /** The producer's header lines in order, names as sent: [name, value, name, value, ...]. */
  headers: string[];
  /** The exact body bytes, base64. */
  body: string;
  /** The producer's address as the relay saw it. */
  remote: string;
  /** When the relay received it (epoch ms). */
  at: number;
  /** Where the answer goes (`<instance>.<request>`); empty when nobody waits for it. */
  reply: string;
  /** Set when the relay refused the body for its size (it answered 413 itself). */
  rejected?: { size: number; limit: number };
}

export interface RelayedAnswer {
  reply: string;
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

export type RelayToClient =
  /** `inlineAck`: this relay takes an acknowledgment inside an `answers` frame (one frame per flush, not two). */
  | { type: 'hello'; v: number; channel: string; url: string; after: string; inlineAck?: boolean }
  | { type: 'entries'; entries: RelayedRequest[] };

export type ClientToRelay =
  | { type: 'answers'; answers: RelayedAnswer[]; ack?: string }
  /** Every entry up to and including `id` is done: a client that starts afresh resumes after it. */
  | { type: 'ack'; id: string };

/** Reads a frame from the client; anything else is null (and is ignored, never trusted). */
export function parseClientFrame(text: string): ClientToRelay | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const frame = value as Record<string, unknown>;
  if (frame.type === 'ack' && typeof frame.id === 'string') return { type: 'ack', id: frame.id };
  if (frame.type === 'answers' && Array.isArray(frame.answers)) {
    const answers = frame.answers.filter(isAnswer);
    return typeof frame.ack === 'string' ? { type: 'answers', answers, ack: frame.ack } : { type: 'answers', answers };
  }
  return null;
}

function isAnswer(value: unknown): value is RelayedAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as Record<string, unknown>;
  return (
    typeof answer.reply === 'string' &&
    typeof answer.status === 'number' &&
    Number.isInteger(answer.status) &&
    answer.status >= 100 &&
    answer.status <= 599 &&
    typeof answer.headers === 'object' &&
    answer.headers !== null &&
    typeof answer.body === 'string'
  );
}

/** Reads a frame from the relay; the client trusts the relay it chose, but not a garbled frame. */
export function parseRelayFrame(text: string): RelayToClient | null {
  try {
    const value = JSON.parse(text) as RelayToClient;
    if (value.type === 'hello' || value.type === 'entries') return value;
  } catch {
    // fall through
  }
  return null;
}
