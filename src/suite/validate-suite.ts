import type { ValidateFunction } from 'ajv';
import { UsageError } from '../core/errors.js';
import { describeSchemaErrors, type SchemaProblem } from './schema-problems.js';
import { validate as precompiled } from './suite-validator.generated.js';
import { formatPos, keyNodeAt, nodeAt, positionAt, type PathSegment, type SuiteSource } from './yaml-source.js';

// Compiled at build time (`npm run schema`): compiling the schema at start cost seconds on a loaded CI machine.
const validator = (): ValidateFunction => precompiled as unknown as ValidateFunction;

/** Checks the document against the suite schema; the first problem in the file is a usage error at its line:column. */
export function validateSuite(source: SuiteSource, data: unknown): void {
  const validate = validator();
  if (validate(data)) return;
  const problems = describeSchemaErrors(validate.errors ?? [], data);
  const located = problems.map((problem) => ({ problem, offset: offsetOf(source, problem) }));
  located.sort((left, right) => left.offset - right.offset);
  const first = located[0];
  if (!first) throw new UsageError(`${source.file}: is not a valid suite`);
  throw problemError(source, first.problem, first.offset);
}

export function problemError(source: SuiteSource, problem: SchemaProblem, offset = offsetOf(source, problem)): UsageError {
  const where = pathText(problem.at === 'key' ? problem.path.slice(0, -1) : problem.path);
  const prefix = `${formatPos(positionAt(source, offset))}: ${where ? `${where}: ` : ''}`;
  return new UsageError(`${prefix}${problem.message}`, problem.hint);
}

function offsetOf(source: SuiteSource, problem: SchemaProblem): number {
  if (problem.at === 'key' && problem.path.length > 0) {
    const key = keyNodeAt(source, problem.path.slice(0, -1), String(problem.path[problem.path.length - 1]));
    if (key?.range) return key.range[0];
  }
  return nodeAt(source, problem.path)?.range?.[0] ?? 0;
}

/** `cases[0].rpc.url`, the path a person reads. */
export function pathText(path: PathSegment[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}
