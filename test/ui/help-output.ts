import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { afterAll, beforeAll } from 'vitest';
import { BIN, runCli, type CliRun } from '../helpers/cli.js';

/** Runs the command line in this process (the same main() the binary runs), capturing what it prints. */
export async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const capture = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    return { stream: Object.assign(stream, { isTTY: false }) as unknown as NodeJS.WriteStream, text: () => text };
  };
  const stdout = capture();
  const stderr = capture();
  const code = await main(['node', 'cbtest', ...args], { stdout: stdout.stream, stderr: stderr.stream, stdin: process.stdin, env: { ...process.env, CI: '1' } });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A help text's option groups: each heading (a line ending in ':') with the long flags listed under it. */
export function helpGroups(help: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of help.split('\n')) {
    if (/^\S.*:$/.test(line) && !line.startsWith('Usage:')) {
      current = [];
      groups.set(line, current);
    } else if (line === '') {
      current = null;
    } else if (current) {
      const flag = /^ {2}(?:-\w, )?(--[\w-]+)/.exec(line);
      if (flag) current.push(flag[1]!);
    }
  }
  return groups;
}

/** The commands under each "Examples that run as pasted" heading, continuation lines joined, comments dropped. */
export function runnableExamples(help: string): string[] {
  const commands: string[] = [];
  const lines = help.split('\n');
  for (let at = 0; at < lines.length; at += 1) {
    if (!lines[at]!.startsWith('Examples that run as pasted')) continue;
    let pending = '';
    for (at += 1; at < lines.length && lines[at] !== ''; at += 1) {
      const line = lines[at]!.trim();
      if (line.startsWith('#')) continue;
      pending += line.endsWith('\\') ? `${line.slice(0, -1)} ` : line;
      if (!line.endsWith('\\')) {
        commands.push(pending.trim());
        pending = '';
      }
    }
  }
  return commands;
}

/** A folder with `cbtest` on PATH, as after `npm link`, so examples run exactly as printed. */
export function userShell(): { cwd: string; path: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'cbtest-help-examples-'));
  mkdirSync(join(cwd, 'bin'));
  writeFileSync(join(cwd, 'bin', 'cbtest'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(cwd, 'bin', 'cbtest'), 0o755);
  return { cwd, path: `${join(cwd, 'bin')}:${process.env.PATH ?? ''}` };
}

export function runInShell(command: string, shell: { cwd: string; path: string }): Promise<{ command: string; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd: shell.cwd, env: { ...process.env, PATH: shell.path, CI: '1', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ command, code, output }));
  });
}

/** At most `limit` at once: two cores are shared with the rest of the suite. */
export async function inBatches<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let at = 0; at < items.length; at += limit) results.push(...(await Promise.all(items.slice(at, at + limit).map(run))));
  return results;
}

/** A real `cbtest serve` on a free port for the enclosing describe: where the examples written for 5050 are run. */
export function servingForExamples(): { port: () => string } {
  let serve: CliRun;
  let port = '';
  beforeAll(async () => {
    serve = runCli(['serve', '--allow-http', '--port', '0']);
    port = /:(\d+)/.exec(await serve.waitForLine(/^serving http:\/\/127\.0\.0\.1:\d+/))![1]!;
  });
  afterAll(async () => {
    serve.kill('SIGTERM');
    await serve.exited;
  });
  return { port: () => port };
}
