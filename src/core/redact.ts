import type { EventDraft, Headers } from './events.js';

/** What never reaches a record, the NDJSON stream, a report or the screen. */
export interface RedactionPolicy {
  /** Header names (any case) written as `<redacted, N chars>`, on top of ALWAYS_REDACTED_HEADERS. */
  headers: readonly string[];
  /** Query and form members written as `<redacted, N chars>`, wherever a URL, query or form carries them (OAuth's `code`). */
  params: readonly string[];
  /** Secret values (`--secret`, suite `secrets`) replaced wherever they appear in an event's text. */
  secrets: readonly string[];
}

/** Credentials by definition, in what cbtest sends and in what it receives. */
export const ALWAYS_REDACTED_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

/** Members that say what an event is and when: never rewritten, whatever a secret looks like. */
const STRUCTURAL_MEMBERS = new Set(['type', 'seq', 'at', 'requestSeq', 'eventSeq', 'label']);

export type Redactor = <T extends EventDraft>(draft: T) => T;

/** `Bearer abc` becomes `<redacted, 10 chars>`: the length tells a missing token from a wrong one, nothing more. */
export function redactedText(value: string): string {
  return `<redacted, ${value.length} chars>`;
}

/**
 * Builds the function the event store applies to every draft before anyone sees it. Returns the draft itself when
 * nothing in it is secret, else a copy (the receiver still forwards the original headers).
 */
export function createRedactor(policy: Partial<RedactionPolicy> = {}): Redactor {
  const headerNames = new Set([...ALWAYS_REDACTED_HEADERS, ...(policy.headers ?? []).map((name) => name.toLowerCase())]);
  const params = [...new Set(policy.params ?? [])];
  const secrets = secretNeedles(policy.secrets ?? []);
  const scrubText = textScrubber(params, secrets);

  return <T extends EventDraft>(draft: T): T => {
    let event = redactHeaderMembers(draft, headerNames);
    if (params.length > 0) event = redactParamMembers(event, params);
    if (scrubText === null) return event;
    const scrubbed = scrubMembers(event, scrubText) as T;
    return scrubbed.type === 'callback' ? (rebuildBase64(event, scrubbed, secrets) as T) : scrubbed;
  };
}

function redactHeaderMembers<T extends EventDraft>(draft: T, names: ReadonlySet<string>): T {
  if (!('headers' in draft) || draft.headers === null || typeof draft.headers !== 'object') return draft;
  const headers = redactHeaderValues(draft.headers, names);
  return headers === draft.headers ? draft : { ...draft, headers };
}

/** The same object when no header is secret, else a copy with each secret value (every one of a list) redacted. */
function redactHeaderValues(headers: Headers, names: ReadonlySet<string>): Headers {
  let copy: Headers | null = null;
  // Runs on every event: no entry arrays; a name already in lower case (Node's always are) lower-cases to itself, with no copy.
  for (const name in headers) {
    if (!Object.hasOwn(headers, name) || !(names.has(name) || names.has(name.toLowerCase()))) continue;
    const value = headers[name]!;
    copy ??= { ...headers };
    copy[name] = Array.isArray(value) ? value.map((item) => redactedText(String(item))) : redactedText(String(value));
  }
  return copy ?? headers;
}

/** The callback's query, a form body it carried, and a form cbtest sent as an object (the token request). */
function redactParamMembers<T extends EventDraft>(event: T, params: readonly string[]): T {
  if (event.type === 'callback') {
    const query = redactParams(event.query, params);
    const isForm = (event.contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    const body = isForm && isPlainRecord(event.body) ? redactParams(event.body, params) : event.body;
    return query === event.query && body === event.body ? event : { ...event, query, body };
  }
  if (event.type === 'request' && isPlainRecord(event.body)) {
    const body = redactParams(event.body, params);
    return body === event.body ? event : { ...event, body };
  }
  return event;
}

function isPlainRecord(value: unknown): value is Record<string, string | string[]> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function redactParams(query: Record<string, string | string[]>, params: readonly string[]): Record<string, string | string[]> {
  let copy: Record<string, string | string[]> | null = null;
  for (const name of params) {
    if (!Object.hasOwn(query, name)) continue;
    // Null prototype like the parsed query, so a member named `__proto__` stays a member.
    copy ??= Object.assign(Object.create(null) as Record<string, string | string[]>, query);
    const value = query[name]!;
    copy[name] = Array.isArray(value) ? value.map((item) => redactedText(String(item))) : typeof value === 'string' ? redactedText(value) : value;
  }
  return copy ?? query;
}

/** A secret to look for in text, in one of its spellings, and what it is replaced with (the length of the secret itself). */
interface SecretNeedle {
  text: string;
  shown: string;
}

/**
 * A secret as it also appears once encoded on its way: percent-encoded in a URL or path, form-encoded, a query
 * decoder's reading of a raw `+` as a space, escaped inside JSON text. Longest first, so a secret that contains
 * another is replaced whole.
 */
function secretNeedles(secrets: readonly string[]): SecretNeedle[] {
  const needles = new Map<string, string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    const forms = [secret, encodeURIComponent(secret), encodeURI(secret), new URLSearchParams({ s: secret }).toString().slice(2), secret.replaceAll('+', ' '), JSON.stringify(secret).slice(1, -1)];
    for (const form of forms) if (!needles.has(form)) needles.set(form, redactedText(secret));
  }
  return [...needles].map(([text, shown]) => ({ text, shown })).sort((a, b) => b.text.length - a.text.length);
}

/** Secret values (in every spelling the redactor knows) replaced in one text: for what never becomes an event, such as a load error. */
export function redactSecretsInText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const needle of secretNeedles(secrets)) if (out.includes(needle.text)) out = out.split(needle.text).join(needle.shown);
  return out;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One function that rewrites a string, or null when the policy has nothing to look for in text. */
function textScrubber(params: readonly string[], secrets: readonly SecretNeedle[]): ((text: string) => string) | null {
  if (params.length === 0 && secrets.length === 0) return null;
  // `?code=…`, `&code=…` and a form body starting `code=…`, as in a Location header or a token request.
  const paramPattern = params.length === 0 ? null : new RegExp(`(^|[?&#])(${params.map(escapeRegExp).join('|')})=([^&#\\s"']*)`, 'g');
  return (text) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret.text)) out = out.split(secret.text).join(secret.shown);
    if (paramPattern !== null && out.includes('=')) out = out.replace(paramPattern, (_all, lead: string, name: string, value: string) => `${lead}${name}=${redactedText(value)}`);
    return out;
  };
}

/** Rewrites every string (and member name) below the top level's structural members; copies only what changed. */
function scrubMembers(event: EventDraft, scrub: (text: string) => string): EventDraft {
  let copy: Record<string, unknown> | null = null;
  for (const [name, value] of Object.entries(event)) {
    if (STRUCTURAL_MEMBERS.has(name) || name === 'bodyBase64') continue;
    const next = scrubValue(value, scrub);
    if (next === value) continue;
    copy ??= { ...event };
    copy[name] = next;
  }
  return (copy ?? event) as EventDraft;
}

function scrubValue(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => scrubValue(item, scrub));
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  let changed = false;
  const copy = Object.getPrototypeOf(value) === null ? (Object.create(null) as Record<string, unknown>) : ({} as Record<string, unknown>);
  for (const [name, member] of Object.entries(value)) {
    const key = scrub(name);
    const next = scrubValue(member, scrub);
    if (key !== name || next !== member) changed = true;
    copy[key] = next;
  }
  return changed ? copy : value;
}

/**
 * The exact bytes are kept unless they carry a secret: then the record holds the redacted text's bytes instead,
 * since "never recorded" outranks "byte for byte". Bytes that are not UTF-8 are searched as bytes.
 */
function rebuildBase64(before: EventDraft, after: EventDraft, secrets: readonly SecretNeedle[]): EventDraft {
  if (before.type !== 'callback' || after.type !== 'callback' || after.bodyBase64 === '') return after;
  if (after.bodyText !== null) {
    return after.bodyText === before.bodyText ? after : { ...after, bodyBase64: utf8ToBase64(after.bodyText) };
  }
  if (secrets.length === 0) return after;
  // One character per byte (atob's binary string), so a secret's UTF-8 bytes are found with includes().
  const original = atob(after.bodyBase64);
  let binary = original;
  for (const secret of secrets) {
    const needle = toBinaryString(new TextEncoder().encode(secret.text));
    if (binary.includes(needle)) binary = binary.split(needle).join(secret.shown);
  }
  return binary === original ? after : { ...after, bodyBase64: btoa(binary) };
}

function toBinaryString(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: String.fromCharCode over a 10 MiB array would exceed the argument limit.
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return binary;
}

function utf8ToBase64(text: string): string {
  return btoa(toBinaryString(new TextEncoder().encode(text)));
}
