import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { hasTmux, ROOT, TmuxSession } from '../helpers/tmux-session.js';

async function post(url: string, body: string): Promise<number> {
  const response = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  await response.body.dump();
  return response.statusCode;
}

describe.skipIf(!hasTmux)('how the dashboard ends, in a real terminal (tmux)', () => {
  let terminal: TmuxSession | undefined;
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/ui/mount-dashboard.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  });
  afterEach(() => terminal?.close());

  test('kill -TERM while waiting ends it like Ctrl-C: exit 143, the terminal given back', async () => {
    terminal = new TmuxSession();
    terminal.start('listen --port 0 --count 2 --timeout 60s');
    await terminal.until('⧗ waiting 0 of 2');
    terminal.signal('SIGTERM');
    expect(await terminal.exitCode()).toBe(143);
  });

  test('kill -INT while waiting: exit 130', async () => {
    terminal = new TmuxSession();
    terminal.start('listen --port 0 --count 1 --timeout 60s');
    await terminal.until('⧗ waiting 0 of 1');
    terminal.signal('SIGINT');
    expect(await terminal.exitCode()).toBe(130);
  });

  test('after the verdict a person can inspect it; kill -TERM then ends it with the verdict', async () => {
    terminal = new TmuxSession();
    terminal.start(`listen --port 0 --count 1 --expect '$.body.ok == true' --timeout 60s`);
    const url = await terminal.receiverUrl();
    expect(await post(`${url}/done`, '{"ok":false}')).toBe(200);
    await terminal.until('✗ failed');
    await terminal.until('q to quit');
    expect(terminal.exited()).toBe(false);
    terminal.signal('SIGTERM');
    expect(await terminal.exitCode()).toBe(1);
  });

  test('with no keyboard (stdin not a terminal) it exits at the verdict with its code, the verdict left on screen', async () => {
    terminal = new TmuxSession();
    terminal.start(`listen --port 0 --count 1 --expect '$.body.ok == true' --timeout 60s`, { stdin: '/dev/null' });
    const url = await terminal.receiverUrl();
    expect(await post(`${url}/done`, '{"ok":true}')).toBe(200);
    expect(await terminal.exitCode()).toBe(0);
    expect(terminal.screen()).toContain('✓ passed');
  });

  test('--exit-on-verdict ends at the verdict even with a keyboard', async () => {
    terminal = new TmuxSession();
    terminal.start(`listen --port 0 --count 1 --exit-on-verdict --timeout 60s`);
    const url = await terminal.receiverUrl();
    expect(await post(`${url}/done`, '{"ok":true}')).toBe(200);
    expect(await terminal.exitCode()).toBe(0);
    expect(terminal.screen()).toContain('✓ passed');
  });
});
