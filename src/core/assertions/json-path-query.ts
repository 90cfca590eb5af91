import { JSONPath } from 'jsonpath-plus';

/** Every value a JSONPath finds in a subject (an event); shared by `--expect` and suite captures. */
export function queryJsonPath(path: string, subject: unknown): unknown[] {
  if (subject === undefined) return [];
  // 'safe' runs filter expressions in jsonpath-plus's own interpreter, never through eval.
  const json = subject as null | boolean | number | string | object;
  const result: unknown = JSONPath({ path, json, wrap: true, eval: 'safe', ignoreEvalErrors: true });
  return Array.isArray(result) ? result : [];
}
