import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSuiteFile } from '../../../src/suite/read-suite-file.js';

describe('reading a suite from disk', () => {
  it('reads @file secrets and resolves relative paths beside the suite, keeping the path as typed in messages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cbtest-suite-'));
    writeFileSync(join(dir, 'key.txt'), 'file-secret\n');
    writeFileSync(join(dir, 'ok.yaml'), [
      'secrets: { key: "@key.txt" }',
      'cases:',
      '  - listen: {}',
      '    expectSchema: schemas/order.json',
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'bad.yaml'), 'cases:\n  - lisen: {}\n');
    const suite = readSuiteFile(join(dir, 'ok.yaml'), { env: {}, vars: {}, secrets: {} });
    expect(suite.secrets.key).toBe('file-secret');
    expect(suite.secretValues).toContain('file-secret');
    const step = suite.cases[0]!.steps[0]!;
    expect(step.kind === 'fire' && step.wait.expectSchema).toBe(join(dir, 'schemas/order.json'));
    expect(() => readSuiteFile(join(dir, 'bad.yaml'), { env: {}, vars: {}, secrets: {} })).toThrow(`${join(dir, 'bad.yaml')}:2:5: cases[0]: unknown key 'lisen'`);
    expect(() => readSuiteFile(join(dir, 'none.yaml'), { env: {}, vars: {}, secrets: {} })).toThrow(/cannot read .*none\.yaml \(no such file\)/);
  });
});

describe('the suite loader stays pure', () => {
  it('only read-suite-file.ts touches the file system or the process', () => {
    const folder = new URL('../../../src/suite/', import.meta.url);
    const impure = readdirSync(folder)
      .filter((file) => file !== 'read-suite-file.ts')
      .filter((file) => /from 'node:(fs|child_process|process)'|process\.|from 'node:path'/.test(readFileSync(new URL(file, folder), 'utf8')));
    expect(impure).toEqual([]);
    expect(readFileSync(new URL('../../../src/core/secret-value.ts', import.meta.url), 'utf8')).not.toMatch(/from 'node:/);
  });
});

describe('--var, --vars-file and --secret on a command', () => {
  it('registers the flags and reads them, --var beating the vars file', async () => {
    const { Command } = await import('commander');
    const { addSuiteInputOptions } = await import('../../../src/cli/options/suite-input-options.js');
    const { parseSuiteInputOptions } = await import('../../../src/cli/options/suite-input-values.js');
    const dir = mkdtempSync(join(tmpdir(), 'cbtest-vars-'));
    writeFileSync(join(dir, 'vars.yaml'), 'api: http://from-file\nlimit: 3\n');
    writeFileSync(join(dir, 'token.txt'), 'tok\n');
    const command = addSuiteInputOptions(new Command('run')).exitOverride();
    command.parse(['--var', 'api=http://flag', '--vars-file', join(dir, 'vars.yaml'), '--secret', `t=@${join(dir, 'token.txt')}`, '--secret', 'e=env:E'], { from: 'user' });
    expect(parseSuiteInputOptions(command.opts(), { E: 'from-env' })).toEqual({
      vars: { api: 'http://flag', limit: 3 },
      secrets: { t: 'tok', e: 'from-env' },
    });
    expect(() => parseSuiteInputOptions({ varsFile: join(dir, 'nope.yaml') }, {})).toThrow(/--vars-file .*nope\.yaml \(no such file\)/);
  });
});
