import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, type CliRun } from '../helpers/cli.js';
import { runInProcess, runnableExamples } from './help-output.js';

/** A folder with `cbtest` on PATH, as after `npm link`, so examples run exactly as printed. */
function userShell(): { cwd: string; path: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'cbtest-help-examples-'));
  mkdirSync(join(cwd, 'bin'));
  writeFileSync(join(cwd, 'bin', 'cbtest'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(cwd, 'bin', 'cbtest'), 0o755);
  return { cwd, path: `${join(cwd, 'bin')}:${process.env.PATH ?? ''}` };
}

function runInShell(command: string, shell: { cwd: string; path: string }): Promise<{ command: string; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd: shell.cwd, env: { ...process.env, PATH: shell.path, CI: '1', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ command, code, output }));
  });
}

/** At most `limit` at once: two cores are shared with the rest of the suite. */
async function inBatches<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let at = 0; at < items.length; at += limit) results.push(...(await Promise.all(items.slice(at, at + limit).map(run))));
  return results;
}

describe('the worked examples in the help run as pasted', () => {
  let serve: CliRun;
  let port: string;

  beforeAll(async () => {
    serve = runCli(['serve', '--allow-http', '--port', '0']);
    port = /:(\d+)/.exec(await serve.waitForLine(/^serving http:\/\/127\.0\.0\.1:\d+/))![1]!;
  });
  afterAll(async () => {
    serve.kill('SIGTERM');
    await serve.exited;
  });

  it('every example of every fire mode and of demo passes (exit 0) against a real cbtest serve', async () => {
    const helps = await Promise.all([['fire', '--help'], ['help', 'fire', 'rpc'], ['help', 'fire', 'subscribe'], ['help', 'fire', 'openapi'], ['help', 'fire', 'oauth'], ['demo', '--help']].map(runInProcess));
    const examples = [...new Set(helps.flatMap((help) => runnableExamples(help.stdout)))];
    // Two per fire mode and two for demo: an extraction that finds fewer is broken, not passing.
    expect(examples.length).toBeGreaterThanOrEqual(10);
    expect(examples.every((example) => example.startsWith('cbtest '))).toBe(true);
    const shell = userShell();
    const results = await inBatches(examples.map((example) => example.replaceAll('127.0.0.1:5050', `127.0.0.1:${port}`)), 3, (command) => runInShell(command, shell));
    const failed = results.filter((result) => result.code !== 0).map((result) => `${result.command}\n  exit ${result.code}\n${result.output}`);
    expect(failed).toEqual([]);
  }, 180_000);

  it('an --openapi URL that cannot be fetched is exit 2 naming it (an input, like an unreadable file)', async () => {
    const gone = `http://127.0.0.1:${port}/no-such-document.json`;
    const result = await runInProcess(['fire', '--openapi', gone, '--operation', 'subscribe']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot fetch --openapi ${gone}: it answered 404`);
  });
});
