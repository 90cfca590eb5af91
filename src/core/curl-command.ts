import type { CallbackEvent } from './events.js';
import { formatQuery, isConnectionHeader, resendUrl } from './resend.js';

/** What of a callback a curl command needs; a recorded event or one read back from a record file both fit. */
export type CurlSource = Pick<CallbackEvent, 'method' | 'path' | 'query' | 'headers' | 'bodyText' | 'bodyBase64' | 'size' | 'rejected'>;

export interface CurlCommandOptions {
  /** Where to send it: the receiver's own URL or the --forward-to target. */
  target: string;
  /** PEM of the receiver's self-signed certificate, so curl trusts it without -k. */
  caCertPath?: string | null;
}

const PLAIN_WORD = /^[\w@%+=:,./-]+$/;
// Text that stays exact inside single quotes and looks the same on screen: no controls but newline, no bidi marks.
const PASTE_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/**
 * Quotes one argument for a POSIX shell. Newlines and tabs are literal inside single quotes; other control
 * characters use $'...' (bash, zsh, dash >= 0.5.12) so a paste cannot run or hide anything.
 */
export function shellQuote(value: string): string {
  if (value !== '' && PLAIN_WORD.test(value)) return value;
  if (!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(value)) return `'${value.replaceAll("'", `'\\''`)}'`;
  const escaped = Array.from(value, (char) => {
    const code = char.codePointAt(0)!;
    if (char === "'" || char === '\\') return `\\${char}`;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `\\x${code.toString(16).padStart(2, '0')}`;
    return char;
  }).join('');
  return `$'${escaped}'`;
}

/** URLs are always quoted: `?` and `&` are shell syntax, and a user editing the command adds them. */
function quoteUrl(url: string): string {
  const quoted = shellQuote(url);
  return quoted.startsWith("'") || quoted.startsWith("$'") ? quoted : `'${quoted}'`;
}

/**
 * The URL a callback is resent to: the target's path (if any) followed by the callback's own path,
 * with the callback's query after the target's; the same rule the replay uses.
 */
export function callbackUrlFor(target: string, callback: Pick<CurlSource, 'path' | 'query'>): string {
  return resendUrl(target, callback.path, formatQuery(callback.query)).href;
}

function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** True when the text form of the body is byte for byte what arrived and survives a paste. */
function isPasteableText(source: CurlSource): source is CurlSource & { bodyText: string } {
  if (source.bodyText === null || PASTE_UNSAFE.test(source.bodyText)) return false;
  const fromText = new TextEncoder().encode(source.bodyText);
  const received = decodeBase64(source.bodyBase64);
  if (fromText.length !== received.length) return false;
  return fromText.every((byte, index) => byte === received[index]);
}

function headerArguments(headers: CurlSource['headers'], hasBody: boolean): string[] {
  const args: string[] = [];
  let hasContentType = false;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    // Hop-by-hop and framing headers describe the old connection; curl writes its own.
    if (isConnectionHeader(lower)) continue;
    if (lower === 'content-type') hasContentType = true;
    // curl drops `Name:` but sends `Name;` as an empty header.
    for (const item of [value].flat()) args.push(`-H ${shellQuote(item === '' ? `${name};` : `${name}: ${item}`)}`);
  }
  // Without this curl would announce application/x-www-form-urlencoded for a body that said nothing.
  if (hasBody && !hasContentType) args.push(`-H ${shellQuote('Content-Type:')}`);
  return args;
}

/**
 * A copy-pasteable curl command that resends a callback with its exact body: text bodies inline in single
 * quotes, anything else (binary, control characters, bytes that are not clean UTF-8) piped in as base64.
 */
export function buildCurlCommand(source: CurlSource, options: CurlCommandOptions): string {
  const url = callbackUrlFor(options.target, source);
  const hasBody = source.bodyBase64 !== '';
  const method = source.method.toUpperCase();
  const head = ['curl'];
  if (method === 'HEAD') head.push('--head');
  else if (method !== 'GET' || hasBody) head.push('-X', shellQuote(method));
  head.push(quoteUrl(url));
  const lines = [head.join(' ')];
  if (options.caCertPath) lines.push(`--cacert ${shellQuote(options.caCertPath)}`);
  lines.push(...headerArguments(source.headers, hasBody));

  let prefix = '';
  if (hasBody && isPasteableText(source)) {
    // --data-raw: like --data-binary, but a body starting with @ is not read as a file name.
    lines.push(`--data-raw ${shellQuote(source.bodyText)}`);
  } else if (hasBody) {
    prefix = `printf '%s' ${shellQuote(source.bodyBase64)} | base64 -d | `;
    lines.push('--data-binary @-');
  }
  const command = prefix + lines.join(' \\\n  ');
  if (source.rejected) {
    return `# the ${source.rejected.size}-byte body was not kept (${source.rejected.reason}); this resends without it\n${command}`;
  }
  return command;
}
