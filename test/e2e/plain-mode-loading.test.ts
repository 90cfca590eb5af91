import { mkdtempSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

const hook = fileURLToPath(new URL('../fixtures/log-modules.mjs', import.meta.url));

function modulesLoadedBy(args: string[]): string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'cbtest-modules-')), 'modules.txt');
  const result = spawnSync(process.execPath, ['--import', hook, BIN, ...args], { env: { ...process.env, CI: '1', CBTEST_MODULE_LOG: log }, encoding: 'utf8', timeout: 20_000 });
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n');
}

describe('what each mode loads', () => {
  it('plain mode never loads Ink or React', () => {
    const loaded = modulesLoadedBy(['listen', '--port', '0', '--no-tui', '--timeout', '200ms']);
    expect(loaded.some((url) => url.includes('/dist/receiver/'))).toBe(true);
    expect(loaded.filter((url) => /node_modules\/(ink|react)\//.test(url) || url.includes('/dist/ui/'))).toEqual([]);
  });

  it('--version loads neither the server, the HTTP client nor the assertion language', () => {
    const loaded = modulesLoadedBy(['--version']);
    expect(loaded.filter((url) => /node_modules\/(fastify|undici|ajv|jsonpath-plus|ink|react)\//.test(url))).toEqual([]);
  });
});
