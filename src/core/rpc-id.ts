import { UsageError } from './errors.js';

/** `--id 1` is the number 1, `--id '"1"'` the string "1", `--id abc` the string "abc". */
export function parseRpcId(text: string | undefined, fallback: () => string): string | number {
  if (text === undefined) return fallback();
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
    throw new UsageError(`--id ${text} must be a string or a number`, "e.g. --id 42 or --id order-1");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return text;
  }
}
