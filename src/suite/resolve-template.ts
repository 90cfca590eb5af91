import { CbtestError, UsageError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { InterpolatedString, type Reference } from './template.js';
import type { Scope, Template } from './types.js';
import { formatPos } from './yaml-source.js';

/** A capture that an earlier case or step was to set did not get a value (that case failed, or its query found nothing). */
export class CaptureMissingError extends CbtestError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.assertionFailed, hint);
    this.name = 'CaptureMissingError';
  }
}

/** Turns a template from the file into plain JSON: a whole `${{ }}` keeps its value's type, text stays text. */
export function resolveTemplate(value: Template, scope: Scope): unknown {
  if (value instanceof InterpolatedString) return resolveString(value, scope);
  if (Array.isArray(value)) return value.map((item) => resolveTemplate(item, scope));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveTemplate(item, scope)]));
  return value;
}

function resolveString(template: InterpolatedString, scope: Scope): unknown {
  const whole = template.whole;
  if (whole) return lookUpReference(whole, scope);
  return template.parts.map((part) => (typeof part === 'string' ? part : valueAsText(lookUpReference(part, scope)))).join('');
}

/** How a value reads inside text: strings as they are, everything else as JSON. */
export function valueAsText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

export function lookUpReference(reference: Reference, scope: Scope): unknown {
  const at = formatPos(reference.pos);
  if (reference.root === 'env') {
    const name = reference.path[0]!;
    const value = scope.env[name];
    if (value === undefined) throw new UsageError(`${at}: env.${name} is not set`, `export ${name}=... before the run`);
    return value;
  }
  if (reference.root === 'callbackUrl') return scope.callbackUrl;
  if (Object.hasOwn(scope.captures, reference.root)) {
    const value = scope.captures[reference.root];
    if (value === undefined) {
      throw new CaptureMissingError(`${at}: capture '${reference.root}' has no value`, 'the step that captures it failed or found nothing');
    }
    return walkPath(value, reference, true);
  }
  if (Object.hasOwn(scope.secrets, reference.root)) return walkPath(scope.secrets[reference.root], reference, false);
  if (Object.hasOwn(scope.vars, reference.root)) return walkPath(scope.vars[reference.root], reference, false);
  // The static check let it through, so it is a capture whose step has not set it (it failed, or was skipped).
  throw new CaptureMissingError(`${at}: capture '${reference.root}' has no value`, 'the step that captures it failed or did not run');
}

function walkPath(value: unknown, reference: Reference, captured: boolean): unknown {
  let current = value;
  for (const [index, segment] of reference.path.entries()) {
    const next = childValue(current, segment);
    if (next === undefined) {
      const owner = [reference.root, ...reference.path.slice(0, index)].join('.');
      const message = `${formatPos(reference.pos)}: '${reference.text}': ${owner} has no '${segment}'`;
      throw captured ? new CaptureMissingError(message) : new UsageError(message);
    }
    current = next;
  }
  return current;
}

export function childValue(value: unknown, segment: string): unknown {
  if (Array.isArray(value)) return /^\d+$/.test(segment) ? value[Number(segment)] : undefined;
  if (isRecord(value)) return Object.hasOwn(value, segment) ? value[segment] : undefined;
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof InterpolatedString);
}
