import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

test('the library writes nothing to stdout, installs no signal handler, and leaves nothing open: the process ends by itself', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbtest-quiet-'));
  const child = spawn(process.execPath, ['test/fixtures/library-quiet.mjs'], { cwd: ROOT, env: { ...process.env, CI: '1', RECORD: join(dir, 'fire.ndjson') } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // No process.exit anywhere: if a server, timer or socket were left open the child would never end and this would time out.
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  rmSync(dir, { recursive: true, force: true });
  expect(code, stderr).toBe(0);
  expect(stdout).toBe('');
  const report = JSON.parse(stderr.trim().split('\n').pop()!) as { before: string[]; during: string[]; after: string[]; signalHandlers: number; callback: boolean; fired: number; sent: number; replayed: number; suite: number };
  expect(report).toMatchObject({ callback: true, fired: 0, sent: 0, replayed: 0, suite: 0, signalHandlers: 0 });
  // The check can fail: while the receiver is open it shows up as one more server.
  expect(report.during.filter((name) => name === 'TCPServerWrap').length).toBeGreaterThan(report.before.filter((name) => name === 'TCPServerWrap').length);
  // What was open before (the producer, which closed since) may be gone; nothing may be open that was not before.
  const count = (names: string[], name: string) => names.filter((other) => other === name).length;
  expect(report.after.filter((name) => count(report.after, name) > count(report.before, name))).toEqual([]);
}, 60_000);
