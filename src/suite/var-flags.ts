import { UsageError } from '../core/errors.js';
import { resolveSecretValue, type SecretIo } from '../core/secret-value.js';
import { parseSuiteSource } from './yaml-source.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `--var K=V` (repeatable; the last one wins). V is read as JSON when it is JSON (`42`, `true`, `null`,
 * `{"a":1}`, `"007"`), else kept as text (`hello`, `007`, `http://x`): the same choice as Hurl's `--variable`.
 */
export function parseVarFlags(flags: string[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const flag of flags) {
    const { name, value } = splitAssignment(flag, '--var');
    vars[name] = readValue(value);
  }
  return vars;
}

/** `--secret K=V`: V in the secret syntax (literal, env:NAME, @file relative to the working directory). */
export function parseSecretFlags(flags: string[], io: SecretIo): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const flag of flags) {
    const { name, value } = splitAssignment(flag, '--secret');
    secrets[name] = resolveSecretValue(value, io, `--secret ${name}`);
  }
  return secrets;
}

/** `--vars-file F`: a YAML or JSON map of names to values; errors name the file, line and column. */
export function parseVarsFile(path: string, text: string): Record<string, unknown> {
  const source = parseSuiteSource(path, text);
  const value: unknown = source.document.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`--vars-file ${path}: must be a map of names to values`, 'write e.g. api: http://localhost:4000');
  }
  for (const name of Object.keys(value)) {
    if (!NAME.test(name) || name === 'env' || name === 'callbackUrl') {
      const pair = source.document.contents && 'items' in source.document.contents ? source.document.contents.items.find((item) => String((item as { key?: { value?: unknown } }).key?.value) === name) : undefined;
      const offset = (pair as { key?: { range?: number[] } } | undefined)?.key?.range?.[0] ?? 0;
      const { line, col } = source.lines.linePos(offset);
      throw new UsageError(`${path}:${line}:${col}: '${name}' cannot be a var name`, 'use letters, digits and _; env and callbackUrl are built in');
    }
  }
  return value as Record<string, unknown>;
}

function splitAssignment(flag: string, option: string): { name: string; value: string } {
  const equals = flag.indexOf('=');
  const name = equals < 0 ? flag : flag.slice(0, equals);
  if (equals < 0) throw new UsageError(`${option} '${flag}' has no value`, `write ${option} ${name || 'name'}=value`);
  if (!NAME.test(name) || name === 'env' || name === 'callbackUrl') {
    throw new UsageError(`${option} '${flag}': '${name}' cannot be a name`, 'use letters, digits and _; env and callbackUrl are built in');
  }
  return { name, value: flag.slice(equals + 1) };
}

function readValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
