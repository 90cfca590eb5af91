import { UsageError } from '../core/errors.js';

/** Whole number flags: --port, --count, --fail-first, --status. */
export function parseInteger(value: string, flag: string, range: { min: number; max: number }): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < range.min || number > range.max) {
    throw new UsageError(`${flag} '${value}' is not a whole number from ${range.min} to ${range.max}`, `e.g. ${flag} ${range.min === 0 ? 1 : range.min}`);
  }
  return number;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1000, k: 1024, kib: 1024, mb: 1_000_000, m: 1024 ** 2, mib: 1024 ** 2, gb: 1e9, g: 1024 ** 3, gib: 1024 ** 3 };

/** Byte sizes: `1048576`, `512KiB`, `10MiB`, `1mb`. */
export function parseByteSize(value: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new UsageError(`${flag} '${value}' is not a size`, 'use bytes or a value like 512KiB or 10MiB');
  return Math.floor(Number(match[1]) * unit);
}

/** An absolute http(s) URL, e.g. --rpc, --public-url, --forward-to. */
export function parseHttpUrl(value: string, flag: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} '${value}' is not a URL`, 'write it in full, like http://127.0.0.1:5000/rpc');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${flag} '${value}' must use http or https`, 'write it in full, like http://127.0.0.1:5000/rpc');
  }
  return url;
}
