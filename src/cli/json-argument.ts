import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { parseJsonArgument } from '../core/json-text.js';

/** The text behind a JSON-valued flag: inline, `@path/to/file.json`, or `-` for stdin. */
export function readArgumentText(value: string, flag: string): string {
  if (value === '-') return readFromFile(0, flag, 'stdin');
  if (value.startsWith('@')) return readFromFile(value.slice(1), flag, value.slice(1));
  return value;
}

/** Reads and parses a JSON-valued flag, naming the flag and the position on bad JSON. */
export function readJsonArgument(value: string, flag: string): unknown {
  const source = value.startsWith('@') ? `${flag} ${value}` : flag;
  return parseJsonArgument(readArgumentText(value, flag), source);
}

function readFromFile(path: string | number, flag: string, label: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const why = code === 'ENOENT' ? 'no such file' : code;
    throw new UsageError(`${flag} cannot read ${label} (${why})`, 'check the path, or pass the JSON inline');
  }
}
