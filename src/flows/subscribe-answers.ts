import { TransportError } from '../core/errors.js';
import { previewText } from '../core/terminal-text.js';
import type { Exchange } from './http-exchange.js';

/** What the producer told us about the subscription it created. */
export interface SubscriptionHandle {
  id: string | null;
  /** The self link resolved against the subscription URL: where the cancel goes. */
  selfUrl: string | null;
  /** Remarks for the user about a reply that works but bends the guideline (e.g. 200 instead of 201). */
  notes: string[];
}

const URL_HINT = 'some producers demand https and a dotted host name: try --tunnel, --public-url, or --https';
// Names a producer gives the member it wants the callback URL in (callbackUrl, webhook_url, notifyUrl…).
const URL_MEMBER = /\b([A-Za-z_][\w-]*(?:url|uri|hook|callback)[\w-]*)\b/i;
const MISSING_FIELD = /missing|required|must be|is not|expected|undefined|null|no callback|not found|invalid/i;

/**
 * Why the producer refused: a callback URL it did not find (where --callback-pointer put it) is a pointer problem,
 * one it found but will not call is a reachability problem.
 */
function refusalHint(answer: Exchange, failure: string, pointer: string | null): string | undefined {
  const reachability = /https|host|localhost|reach|ip address|scheme/i.test(failure);
  if (pointer !== null && !reachability && (answer.status === 400 || answer.status === 422 || MISSING_FIELD.test(failure))) {
    const named = URL_MEMBER.exec(failure.replace(/^\d+\s+/, ''))?.[1];
    const suggestion = named && `/${named}` !== pointer && !/^(the|a)$/i.test(named) ? `; it names '${named}': try --callback-pointer /${named}` : '';
    return `--callback-pointer ${pointer} is where the callback URL went in the body${suggestion || '; point it at the member this producer reads (see its API docs), e.g. --callback-pointer /subscriber/url'}`;
  }
  return /callback|url|https|host/i.test(failure) ? URL_HINT : undefined;
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** An RFC 9457 problem body (`application/problem+json`) in one line: status, title, detail, type. */
export function describeProblem(answer: Exchange, withType = true): string | null {
  const body = asObject(answer.body);
  const isProblem = answer.contentType.toLowerCase().includes('problem+json') || (body !== null && ('title' in body || 'detail' in body));
  if (!isProblem || body === null) return null;
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);
  const title = text(body.title);
  const detail = text(body.detail);
  const type = text(body.type);
  const status = text(body.status) ?? String(answer.status);
  const words = [title, detail].filter((part): part is string => part !== null).join(': ');
  const extras = [type && withType ? `type ${type}` : null, status !== String(answer.status) ? `problem status ${status}` : null].filter(Boolean);
  return previewText(`${answer.status} ${words || '(problem without title or detail)'}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`, 400);
}

function describeFailure(answer: Exchange, withType = true): string {
  const problem = describeProblem(answer, withType);
  if (problem !== null) return problem;
  return `${answer.status}${answer.text ? `: ${previewText(answer.text, 200)}` : ' with an empty body'}`;
}

/**
 * Reads the answer to a subscription request: 201/202 HAL with a UUID and a self link is the guideline's shape;
 * any other 2xx is accepted with a note. A refusal (problem+json or otherwise) is a TransportError (exit 4).
 */
export function readSubscriptionAnswer(answer: Exchange, subscriptionUrl: string, callbackPointer: string | null = null): SubscriptionHandle {
  // The request and ack lines already name the URL; the message leaves room for the producer's words.
  if (answer.status < 200 || answer.status > 299) {
    const failure = describeFailure(answer);
    throw new TransportError(`subscription refused: ${failure}`, refusalHint(answer, failure, callbackPointer));
  }
  const notes: string[] = [];
  if (answer.status !== 201 && answer.status !== 202) notes.push(`the subscription was answered ${answer.status}; the guideline asks for 201 Created`);
  const body = asObject(answer.body);
  const rawId = body?.UUID ?? body?.uuid ?? body?.id;
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : null;
  if (id === null) notes.push('the subscription answer carries no UUID, uuid or id');

  const self = asObject(asObject(body?._links)?.self);
  // Without a self link, a 201's Location header names the created resource just as well.
  const href = typeof self?.href === 'string' ? self.href : typeof answer.headers.location === 'string' ? answer.headers.location : null;
  let selfUrl: string | null = null;
  if (href !== null) {
    try {
      selfUrl = new URL(href, subscriptionUrl).href;
    } catch {
      notes.push(`the self link ${previewText(JSON.stringify(href), 120)} is not a URL`);
    }
  }
  return { id, selfUrl, notes };
}

/**
 * Accepts the cancel's answer (202; 200 and 204 with a note; 410 Gone, a subscription that already ended by itself,
 * with a note) or throws a TransportError naming what came back.
 */
export function checkCancelAnswer(answer: Exchange): { note: string | null } {
  if (answer.status === 202) return { note: null };
  if (answer.status === 410) return { note: 'the subscription had already ended by itself (410 Gone): nothing left to cancel' };
  if (answer.status === 200 || answer.status === 204) {
    return { note: `the cancel was answered ${answer.status}; the guideline asks for 202 Accepted (accepted anyway)` };
  }
  const gone = [403, 404, 409].includes(answer.status);
  throw new TransportError(
    `cancel answered ${describeFailure(answer, false)}`,
    gone ? 'a subscription that ends by itself after its notification (only-once) has nothing to cancel: add --cancel none' : undefined,
  );
}
