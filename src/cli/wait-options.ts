import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import type { Flow } from '../flows/flow.js';
import type { Judge, ParsedExpectation } from '../run/judge.js';
import type { WaitPlan } from '../run/session-plan.js';
import { readJsonArgument } from './json-argument.js';
import { parseInteger } from './parse-values.js';
import type { RawOptions } from './shared-options.js';

/** What to wait for and judge, typed: from the flags, a suite's wait fields, or `demo`'s own values. */
export interface WaitInputs {
  count: number | null;
  until: string | null;
  expect: readonly string[];
  expectSchema: string | null;
  /** null: the default (the flow's, or none for listen). */
  timeoutMs: number | null;
}

export interface WaitDefaults {
  /** Callbacks awaited when the user names none (fire: the flow's; listen: none, or 1 when --expect is given). */
  count: number | null;
  timeoutMs: number | null;
  description: string;
}

// The assertion language pulls in jsonpath-plus and ajv: load it only for commands that judge something.
const assertions = () => import('../core/assertions/index.js');

/** --count, --until, --expect, --expect-schema, --timeout as typed values. */
export function parseWaitFlags(raw: RawOptions): WaitInputs {
  return {
    count: raw.count === undefined ? null : parseInteger(String(raw.count), '--count', { min: 1, max: 1_000_000_000 }),
    until: raw.until === undefined ? null : String(raw.until),
    expect: (raw.expect as string[] | undefined) ?? [],
    expectSchema: raw.expectSchema === undefined ? null : String(raw.expectSchema),
    timeoutMs: raw.timeout === undefined ? null : parseDuration(String(raw.timeout), '--timeout'),
  };
}

async function parseAll(texts: readonly string[], flag: string): Promise<ParsedExpectation[]> {
  if (texts.length === 0) return [];
  const { parseExpectation } = await assertions();
  return texts.map((text) => ({ text, expectation: parseExpectation(text, flag) }));
}

async function loadSchema(path: string) {
  const { compileBodySchema } = await assertions();
  const schema = readJsonArgument(`@${path}`, '--expect-schema');
  if (schema === null || typeof schema !== 'object') {
    throw new UsageError(`--expect-schema ${path} does not hold a JSON Schema object`, 'point it at a .json schema file');
  }
  const label = `--expect-schema ${path}`;
  // The dialect follows the schema's own $schema (draft-07 when it names none).
  return { label, validate: compileBodySchema(schema, { label }) };
}

/** Turns what to wait for into the wait plan and the judge of the case. */
export async function toWaitAndJudge(inputs: WaitInputs, defaults: WaitDefaults, flow: Flow | null): Promise<{ wait: WaitPlan; judge: Judge }> {
  const expectations = await parseAll(inputs.expect, '--expect');
  const until = inputs.until === null ? null : (await parseAll([inputs.until], '--until'))[0]!;
  const schemas = inputs.expectSchema === null ? [] : [await loadSchema(inputs.expectSchema)];
  const judged = expectations.length > 0 || schemas.length > 0 || until !== null;
  const count = inputs.count ?? (defaults.count ?? (judged ? 1 : null));
  const timeoutMs = inputs.timeoutMs ?? defaults.timeoutMs;
  const description = until ? `a callback matching ${until.text}` : count === null ? defaults.description : describeCount(count, defaults.description);
  const { Judge } = await import('../run/judge.js');
  return { wait: { count, timeoutMs, description }, judge: new Judge({ expectations, until, schemas, flow }) };
}

function describeCount(count: number, description: string): string {
  return count === 1 ? description : `${count} × ${description}`;
}
