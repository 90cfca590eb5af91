import { readFileSync } from 'node:fs';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import type { Flow } from '../flows/flow.js';
import type { Judge, ParsedExpectation } from '../run/judge.js';
import type { WaitPlan } from '../run/session-plan.js';

/** What to wait for and how to judge it: the wait flags in camelCase. */
export interface WaitOptions {
  /** How many callbacks (default: 1, or what the fire mode awaits). */
  count?: number;
  /** Only callbacks matching this assertion count, e.g. `'$.body.status == "done"'`. */
  until?: string;
  /** Assertions every counted callback must pass. */
  expect?: string | readonly string[];
  /** A JSON Schema for each counted body: the schema itself, or the path of a .json file. */
  expectSchema?: object | string;
  /** `'10s'`, `'2m'`, milliseconds, or null for no limit. Default 30s. */
  timeout?: string | number | null;
}

export const WAIT_OPTION_NAMES: ReadonlySet<string> = new Set(['count', 'until', 'expect', 'expectSchema', 'timeout']);
export const DEFAULT_WAIT_TIMEOUT = '30s';

export function timeoutMsOf(timeout: WaitOptions['timeout'], fallback: string | null): number | null {
  if (timeout === null) return null;
  if (typeof timeout === 'number') {
    if (!Number.isFinite(timeout) || timeout < 0) throw new UsageError(`timeout ${timeout} is not a duration`, "give milliseconds, or text like '10s'");
    return timeout;
  }
  const text = timeout ?? fallback;
  return text === null ? null : parseDuration(text, 'timeout');
}

function loadSchema(schema: object | string): { label: string; value: unknown } {
  if (typeof schema !== 'string') return { label: 'expectSchema', value: schema };
  try {
    return { label: `expectSchema ${schema}`, value: JSON.parse(readFileSync(schema, 'utf8')) };
  } catch (error) {
    throw new UsageError(`expectSchema ${schema} cannot be read as JSON (${(error as Error).message})`, 'give the schema object itself, or the path of a .json file');
  }
}

/** The engine's wait plan and judge from library options; the same language and checks as the flags. */
export async function toLibraryWait(options: WaitOptions, defaults: { count: number | null; timeoutMs: number | null; description: string }, flow: Flow | null): Promise<{ wait: WaitPlan; judge: Judge }> {
  const { parseExpectation, compileBodySchema } = await import('../core/assertions/index.js');
  const { Judge } = await import('../run/judge.js');
  const texts = options.expect === undefined ? [] : typeof options.expect === 'string' ? [options.expect] : [...options.expect];
  const expectations: ParsedExpectation[] = texts.map((text) => ({ text, expectation: parseExpectation(text, 'expect') }));
  const until = options.until === undefined ? null : { text: options.until, expectation: parseExpectation(options.until, 'until') };
  const schemas = options.expectSchema === undefined ? [] : [loadSchema(options.expectSchema)].map(({ label, value }) => ({ label, validate: compileBodySchema(value, { label }) }));
  if (options.count !== undefined && (!Number.isSafeInteger(options.count) || options.count < 1)) throw new UsageError(`count ${options.count} is not a whole number from 1`, 'e.g. count: 2');
  const count = options.count ?? defaults.count ?? 1;
  const timeoutMs = timeoutMsOf(options.timeout, null) ?? (options.timeout === null ? null : defaults.timeoutMs);
  const description = until ? `a callback matching ${until.text}` : count === 1 ? defaults.description : `${count} × ${defaults.description}`;
  return { wait: { count, timeoutMs, description }, judge: new Judge({ expectations, until, schemas, flow }) };
}
