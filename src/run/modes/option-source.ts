import { parseDuration } from '../../core/duration.js';
import { UsageError } from '../../core/errors.js';
import { parseHeaderFlags } from '../../core/headers.js';
import { readArgumentText, readJsonArgument } from '../../cli/json-argument.js';
import { parseHttpUrl } from '../../cli/parse-values.js';

/**
 * A mode's raw options: commander's bag of strings (`flags`), or typed JSON from a suite or the library (`values`).
 * Every reader names the option the way its source spells it (`--params`, `rpc.params`).
 */
export interface OptionSource {
  values: Readonly<Record<string, unknown>>;
  origin: 'flags' | 'values';
  label(key: string): string;
}

const kebab = (key: string): string => key.replace(/[A-Z]/g, (char) => `-${char.toLowerCase()}`);

/** Commander's option bag; `mainKey` is the mode's own flag (`--rpc URL` is the rpc mode's `url`). */
export function fromFlags(raw: Record<string, unknown>, mode: { name: string; mainKey: string }): OptionSource {
  return { values: { ...raw, [mode.mainKey]: raw[mode.name] }, origin: 'flags', label: (key) => (key === mode.mainKey ? `--${mode.name}` : `--${kebab(key)}`) };
}

/** A suite's fire block or a library call: values already typed. */
export function fromValues(values: Record<string, unknown>, prefix: string): OptionSource {
  return { values, origin: 'values', label: (key) => `${prefix}.${key}` };
}

export function optionalText(source: OptionSource, key: string): string | undefined {
  const value = source.values[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (source.origin === 'values' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  throw new UsageError(`${source.label(key)} must be text, got ${JSON.stringify(value)}`, `write it as a string`);
}

export function requiredText(source: OptionSource, key: string, needs: string, hint: string): string {
  const value = optionalText(source, key);
  if (value === undefined || value === '') throw new UsageError(needs, hint);
  return value;
}

export function httpUrl(source: OptionSource, key: string): string {
  return parseHttpUrl(requiredText(source, key, `${source.label(key)} is missing`, 'give the URL in full, like http://127.0.0.1:5000/rpc'), source.label(key)).href;
}

/** JSON-valued: a flag's inline JSON, @file or -; a value is used as it is. */
export function jsonValue(source: OptionSource, key: string): unknown {
  const value = source.values[key];
  if (value === undefined) return undefined;
  if (source.origin === 'flags') return readJsonArgument(String(value), source.label(key));
  return structuredClone(value);
}

/** Text-valued that may come from a file (@file) or stdin (-) on the command line. */
export function argumentText(source: OptionSource, key: string): string | undefined {
  const value = optionalText(source, key);
  if (value === undefined) return undefined;
  return source.origin === 'flags' ? readArgumentText(value, source.label(key)) : value;
}

/** Request headers: repeated `-H 'K: V'` flags, or a `headers` object. */
export function requestHeaders(source: OptionSource): Record<string, string> {
  if (source.origin === 'flags') return parseHeaderFlags((source.values.header as string[] | undefined) ?? []);
  const given = source.values.headers;
  if (given === undefined || given === null) return {};
  if (typeof given !== 'object' || Array.isArray(given)) throw new UsageError(`${source.label('headers')} must be an object of names to values`, "e.g. headers: { user-token: abc }");
  return parseHeaderFlags(Object.entries(given).map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`), source.label('headers'));
}

export function durationMs(source: OptionSource, key: string, fallback: string): number {
  return parseDuration(optionalText(source, key) ?? fallback, source.label(key));
}
