/**
 * A suite's resolved `receiver` block in the shape commander gives the receiver flags (strings, repeatable flags as
 * lists, `verify {…}` spread into `--verify`, `--secret`, `--tolerance`, …), so `cbtest run` can parse it with the
 * same option parsers as `listen` and `fire`, and the messages name the same flags.
 */
export function receiverAsFlags(receiver: Record<string, unknown>): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(receiver)) {
    if (value === undefined || value === null) continue;
    const convert = CONVERSIONS[key];
    if (convert) Object.assign(flags, convert(value));
    else flags[key] = asFlagValue(value);
  }
  return flags;
}

const CONVERSIONS: Record<string, (value: unknown) => Record<string, unknown>> = {
  verify: (value) => {
    const { scheme, ...rest } = value as Record<string, unknown>;
    return { verify: asFlagValue(scheme), ...Object.fromEntries(Object.entries(rest).map(([key, item]) => [key, asFlagValue(item)])) };
  },
  responseHeader: (value) => ({ responseHeader: Array.isArray(value) ? value.map(String) : headerLines(value as Record<string, unknown>) }),
  responseBody: (value) => ({ responseBody: typeof value === 'string' ? value : JSON.stringify(value) }),
  respondSeq: (value) => ({ respondSeq: Array.isArray(value) ? value.join(',') : String(value) }),
  relay: (value) => ({ relay: Array.isArray(value) ? value.map(String) : [String(value)] }),
  redactHeader: (value) => ({ redactHeader: (Array.isArray(value) ? value : [value]).map(String) }),
};

function headerLines(headers: Record<string, unknown>): string[] {
  return Object.entries(headers).map(([name, value]) => `${name}: ${String(value)}`);
}

/** Commander hands numbers over as text and switches as `true`. */
function asFlagValue(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  return value;
}
