import { describe, expect, it } from 'vitest';
import { parseSecretValue, resolveSecretValue, type SecretIo } from '../../../src/core/secret-value.js';
import { UsageError } from '../../../src/core/errors.js';

const files: Record<string, string> = { 'key.txt': 'whsec_abc\n', 'crlf.txt': 's3cret\r\n', 'empty.txt': '\n', 'two.txt': 'a\n\n' };
const io: SecretIo = {
  env: { API_TOKEN: 'tok-1', EMPTY: '' },
  readFile: (path) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  },
};

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('secret syntax', () => {
  it('tells literal, env:NAME and @file apart', () => {
    expect(parseSecretValue('hunter2')).toEqual({ kind: 'literal', value: 'hunter2' });
    expect(parseSecretValue('env:API_TOKEN')).toEqual({ kind: 'env', name: 'API_TOKEN' });
    expect(parseSecretValue('@secrets/key.txt')).toEqual({ kind: 'file', path: 'secrets/key.txt' });
    expect(parseSecretValue('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toEqual({ kind: 'literal', value: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
  });

  it('refuses a malformed env name, a bare @ and an empty value, naming the label', () => {
    expect(usageMessage(() => parseSecretValue('env:', '--secret'))).toBe("--secret 'env:' does not name an environment variable");
    expect(usageMessage(() => parseSecretValue('env:1X', 'secrets.token'))).toMatch(/^secrets.token 'env:1X'/);
    expect(usageMessage(() => parseSecretValue('@'))).toBe("secret '@' names no file");
    expect(usageMessage(() => parseSecretValue(''))).toBe('secret is empty');
  });
});

describe('resolving a secret', () => {
  it('returns literals as written', () => expect(resolveSecretValue('a b\n', io)).toBe('a b\n'));

  it('reads the environment', () => expect(resolveSecretValue('env:API_TOKEN', io)).toBe('tok-1'));

  it('reads a file, dropping one trailing newline only', () => {
    expect(resolveSecretValue('@key.txt', io)).toBe('whsec_abc');
    expect(resolveSecretValue('@crlf.txt', io)).toBe('s3cret');
    expect(resolveSecretValue('@two.txt', io)).toBe('a\n');
  });

  it('accepts an already parsed source', () => {
    expect(resolveSecretValue({ kind: 'env', name: 'API_TOKEN' }, io)).toBe('tok-1');
  });

  it('names an unset or empty variable', () => {
    expect(usageMessage(() => resolveSecretValue('env:NOPE', io, 'secrets.token'))).toBe('secrets.token reads env:NOPE, which is not set');
    expect(usageMessage(() => resolveSecretValue('env:EMPTY', io))).toBe('secret reads env:EMPTY, which is empty');
  });

  it('names an unreadable or empty file', () => {
    expect(usageMessage(() => resolveSecretValue('@missing.txt', io, '--secret'))).toBe('--secret cannot read @missing.txt (no such file)');
    expect(usageMessage(() => resolveSecretValue('@empty.txt', io))).toBe('secret file @empty.txt is empty');
  });
});
