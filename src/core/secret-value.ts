import { UsageError } from './errors.js';

/**
 * Where a secret comes from, as written by the user: `env:NAME`, `@path/to/file`, or the literal text.
 * Shared by `--secret`, `--client-secret` and suite `secrets`, so all three read the same syntax.
 */
export type SecretSource =
  | { kind: 'literal'; value: string }
  | { kind: 'env'; name: string }
  | { kind: 'file'; path: string };

/** What resolving needs from the outside world, injected so this module stays pure. */
export interface SecretIo {
  env: Record<string, string | undefined>;
  /** Reads a file as UTF-8 text; throws (e.g. an `ENOENT` error) when it cannot. */
  readFile: (path: string) => string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses the secret syntax; `label` names the value in errors (`--secret token`, `secrets.token`). */
export function parseSecretValue(text: string, label = 'secret'): SecretSource {
  if (text.startsWith('env:')) {
    const name = text.slice(4);
    if (!ENV_NAME.test(name)) {
      throw new UsageError(`${label} 'env:${name}' does not name an environment variable`, 'write env:NAME, e.g. env:API_TOKEN');
    }
    return { kind: 'env', name };
  }
  if (text.startsWith('@')) {
    const path = text.slice(1);
    if (path === '') throw new UsageError(`${label} '@' names no file`, 'write @path/to/secret.txt');
    return { kind: 'file', path };
  }
  if (text === '') throw new UsageError(`${label} is empty`, 'give the secret, env:NAME or @file');
  return { kind: 'literal', value: text };
}

/**
 * The secret's value. A file's one trailing newline is dropped (files written by `echo` end with one, and a
 * stray `\n` in an HMAC key is a silent mismatch). An unset or empty variable and an unreadable or empty file
 * are usage errors naming where the secret was looked for.
 */
export function resolveSecretValue(source: SecretSource | string, io: SecretIo, label = 'secret'): string {
  const parsed = typeof source === 'string' ? parseSecretValue(source, label) : source;
  switch (parsed.kind) {
    case 'literal':
      return parsed.value;
    case 'env':
      return readEnvSecret(parsed.name, io.env, label);
    case 'file':
      return readFileSecret(parsed.path, io.readFile, label);
  }
}

function readEnvSecret(name: string, env: SecretIo['env'], label: string): string {
  const value = env[name];
  if (value === undefined) throw new UsageError(`${label} reads env:${name}, which is not set`, `export ${name}=... first`);
  if (value === '') throw new UsageError(`${label} reads env:${name}, which is empty`, `give ${name} a value`);
  return value;
}

function readFileSecret(path: string, readFile: SecretIo['readFile'], label: string): string {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const why = code === 'ENOENT' ? 'no such file' : code;
    throw new UsageError(`${label} cannot read @${path} (${why})`, 'check the path');
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw new UsageError(`${label} file @${path} is empty`, 'put the secret in the file');
  return value;
}
