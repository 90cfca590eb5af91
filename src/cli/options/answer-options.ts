import { validateHeaderName, validateHeaderValue } from 'node:http';
import { parseDuration } from '../../core/duration.js';
import { UsageError } from '../../core/errors.js';
import type { ResponseRules } from '../../receiver/response-rules.js';
import { parseByteSize, parseInteger } from '../parse-values.js';

type RawOptions = Record<string, unknown>;


/**
 * Completes the receiver's answer rules from the flags, refusing what could not be answered as asked:
 * a script with --fail-first too, --forward-to with a fixed answer, a header HTTP cannot carry.
 */
export function refineAnswerRules(raw: RawOptions, rules: ResponseRules): ResponseRules {
  if (raw.forwardTo !== undefined) {
    const fixed = ['status', 'responseBody', 'responseHeader'].filter((name) => raw[name] !== undefined).map(flagName);
    if (fixed.length > 0) throw new UsageError(`--forward-to and ${fixed.join(', ')} both say how to answer`, 'with --forward-to your app answers; drop ' + fixed.join(', '));
  }
  for (const [name, value] of Object.entries(rules.headers)) checkHeader(name, value);
  const respondSeq = raw.respondSeq === undefined ? [] : parseRespondSeq(String(raw.respondSeq));
  if (respondSeq.length > 0 && rules.failFirst > 0) {
    throw new UsageError('--fail-first and --respond-seq both script the answers', `--fail-first ${rules.failFirst} is --respond-seq ${[...Array<string>(rules.failFirst).fill('500'), '200'].join(',')}; keep one`);
  }
  const retryAfterSeconds = raw.retryAfter === undefined ? null : parseRetryAfter(String(raw.retryAfter));
  const inflight = raw.inflightLimit === undefined ? {} : { inflightLimit: parseByteSize(String(raw.inflightLimit), '--inflight-limit') };
  return { ...rules, respondSeq, scriptFlag: respondSeq.length > 0 ? '--respond-seq' : '--fail-first', retryAfterSeconds, ...inflight };
}

function flagName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

export function parseRespondSeq(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.some((part) => part === '')) throw new UsageError(`--respond-seq '${text}' has an empty entry`, 'write statuses separated by commas, e.g. 503,503,200');
  return parts.map((part) => parseInteger(part, '--respond-seq', { min: 100, max: 599 }));
}

function parseRetryAfter(text: string): number {
  const ms = parseDuration(text, '--retry-after');
  if (ms % 1000 !== 0) throw new UsageError(`--retry-after '${text}' is not whole seconds`, `Retry-After carries seconds: use ${Math.max(1, Math.ceil(ms / 1000))}s`);
  return ms / 1000;
}

// Node refuses these at answer time, so every sender would get 500 while the record said otherwise: refuse them now.
function checkHeader(name: string, value: string): void {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  } catch {
    throw new UsageError(
      `--response-header '${name}: ${JSON.stringify(value).slice(1, -1)}' cannot be sent over HTTP`,
      'header values carry visible Latin-1 text only: no line breaks, control or non-Latin-1 characters',
    );
  }
}
