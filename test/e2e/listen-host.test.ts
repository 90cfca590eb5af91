import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('listen --host 0.0.0.0', () => {
  it('prints the address it really listens on, and one warning that the network can reach it', async () => {
    const run = runCli(['listen', '--host', '0.0.0.0', '--port', '0', '--count', '1', '--timeout', '20s']);
    const line = await run.waitForLine(/^listening /);
    const port = /^listening http:\/\/0\.0\.0\.0:(\d+)$/.exec(line)?.[1];
    expect(port, line).toBeDefined();
    // Still reachable locally, like any wildcard bind.
    const answer = await request(`http://127.0.0.1:${port}/hook`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    await answer.body.dump();
    expect(await run.exited).toBe(0);
    const warnings = run.stderr().split('\n').filter((text) => text.startsWith('warning:'));
    expect(warnings).toEqual([
      `warning: --host 0.0.0.0 makes the receiver reachable from every network this machine is on: anyone who can reach port ${port} can send it callbacks; use --host 127.0.0.1 to keep it local`,
    ]);
  });

  it('says nothing of the kind on the default loopback address', async () => {
    const run = runCli(['listen', '--port', '0', '--count', '1', '--timeout', '20s']);
    const line = await run.waitForLine(/^listening /);
    const answer = await request(`${line.slice('listening '.length)}/hook`, { method: 'POST', body: '{}' });
    await answer.body.dump();
    expect(await run.exited).toBe(0);
    expect(line).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.stderr()).not.toMatch(/reachable from/);
  });
});
