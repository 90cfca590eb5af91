import { compileBodySchema, parseExpectation } from '../core/assertions/index.js';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import type { Flow } from '../run/flow.js';
import { Judge, type ParsedExpectation } from '../run/judge.js';
import type { WaitPlan } from '../run/session-plan.js';
import { readJsonArgument } from './json-argument.js';
import { parseInteger } from './parse-values.js';
import type { RawOptions } from './shared-options.js';

export interface WaitDefaults {
  /** Callbacks awaited when the user names none (fire: the flow's; listen: none, or 1 when --expect is given). */
  count: number | null;
  timeoutMs: number | null;
  description: string;
}

function parseAll(texts: string[], flag: string): ParsedExpectation[] {
  return texts.map((text) => ({ text, expectation: parseExpectation(text, flag) }));
}

function loadSchema(path: string) {
  const schema = readJsonArgument(`@${path}`, '--expect-schema');
  if (schema === null || typeof schema !== 'object') {
    throw new UsageError(`--expect-schema ${path} does not hold a JSON Schema object`, 'point it at a .json schema file');
  }
  const label = `--expect-schema ${path}`;
  // The dialect follows the schema's own $schema (draft-07 when it names none).
  return { label, validate: compileBodySchema(schema, { label }) };
}

/** Turns --count/--until/--expect/--expect-schema/--timeout into what to wait for and how to judge it. */
export function toWaitAndJudge(raw: RawOptions, defaults: WaitDefaults, flow: Flow | null): { wait: WaitPlan; judge: Judge } {
  const expectations = parseAll((raw.expect as string[] | undefined) ?? [], '--expect');
  const until = raw.until === undefined ? null : parseAll([String(raw.until)], '--until')[0]!;
  const schemas = raw.expectSchema === undefined ? [] : [loadSchema(String(raw.expectSchema))];
  const explicitCount = raw.count === undefined ? null : parseInteger(String(raw.count), '--count', { min: 1, max: 1_000_000_000 });
  const judged = expectations.length > 0 || schemas.length > 0 || until !== null;
  const count = explicitCount ?? (defaults.count ?? (judged ? 1 : null));
  const timeoutMs = raw.timeout === undefined ? defaults.timeoutMs : parseDuration(String(raw.timeout), '--timeout');
  const description = until ? `a callback matching ${until.text}` : count === null ? defaults.description : describeCount(count, defaults.description);
  return { wait: { count, timeoutMs, description }, judge: new Judge({ expectations, until, schemas, flow }) };
}

function describeCount(count: number, description: string): string {
  return count === 1 ? description : `${count} × ${description}`;
}
