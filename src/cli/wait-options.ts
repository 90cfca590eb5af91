import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import type { Flow } from '../run/flow.js';
import type { Judge } from '../run/judge.js';
import type { ParsedExpectation } from '../run/judge.js';
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

// The assertion language pulls in jsonpath-plus and ajv: load it only for commands that judge something.
const assertions = () => import('../core/assertions/index.js');

async function parseAll(texts: string[], flag: string): Promise<ParsedExpectation[]> {
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

/** Turns --count/--until/--expect/--expect-schema/--timeout into what to wait for and how to judge it. */
export async function toWaitAndJudge(raw: RawOptions, defaults: WaitDefaults, flow: Flow | null): Promise<{ wait: WaitPlan; judge: Judge }> {
  const expectations = await parseAll((raw.expect as string[] | undefined) ?? [], '--expect');
  const until = raw.until === undefined ? null : (await parseAll([String(raw.until)], '--until'))[0]!;
  const schemas = raw.expectSchema === undefined ? [] : [await loadSchema(String(raw.expectSchema))];
  const explicitCount = raw.count === undefined ? null : parseInteger(String(raw.count), '--count', { min: 1, max: 1_000_000_000 });
  const judged = expectations.length > 0 || schemas.length > 0 || until !== null;
  const count = explicitCount ?? (defaults.count ?? (judged ? 1 : null));
  const timeoutMs = raw.timeout === undefined ? defaults.timeoutMs : parseDuration(String(raw.timeout), '--timeout');
  const description = until ? `a callback matching ${until.text}` : count === null ? defaults.description : describeCount(count, defaults.description);
  const { Judge } = await import('../run/judge.js');
  return { wait: { count, timeoutMs, description }, judge: new Judge({ expectations, until, schemas, flow }) };
}

function describeCount(count: number, description: string): string {
  return count === 1 ? description : `${count} × ${description}`;
}
