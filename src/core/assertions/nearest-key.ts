import { JSONPath } from 'jsonpath-plus';

/** Edit distance between two short names (keys), case-insensitive: a misspelt key is one or two edits away. */
function distance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[right.length]!;
}

function pathText(steps: readonly string[]): string {
  return steps.map((step) => (step === '$' ? '$' : /^[A-Za-z_$][\w$]*$/.test(step) ? `.${step}` : /^\d+$/.test(step) ? `[${step}]` : `['${step.replaceAll("'", "\\'")}']`)).join('');
}

/**
 * For a query that found nothing, the step where it left the subject and the closest member there:
 * `$.body.result has no 'statsu'; did you mean $.body.result.status?`. Null when no member is close,
 * or the query uses wildcards or filters.
 */
export function suggestNearestKey(query: string, subject: unknown): string | null {
  let steps: string[];
  try {
    steps = JSONPath.toPathArray(query).map(String);
  } catch {
    return null;
  }
  if (steps[0] !== '$' || steps.some((step) => /[*?()@]|^\.\.$|:/.test(step))) return null;
  let node: unknown = subject;
  for (let index = 1; index < steps.length; index += 1) {
    const step = steps[index]!;
    if (node === null || typeof node !== 'object') return null;
    if (Object.hasOwn(node, step)) {
      node = (node as Record<string, unknown>)[step];
      continue;
    }
    if (Array.isArray(node)) return null;
    const keys = Object.keys(node);
    const limit = Math.max(1, Math.min(3, Math.floor(step.length / 3)));
    const ranked = keys.map((key) => ({ key, cost: distance(step, key) })).filter((item) => item.cost <= limit).sort((a, b) => a.cost - b.cost);
    const best = ranked[0];
    if (!best) return null;
    const here = pathText(steps.slice(0, index));
    return `${here} has no '${step}'; did you mean ${pathText([...steps.slice(0, index), best.key, ...steps.slice(index + 1)])}?`;
  }
  return null;
}
