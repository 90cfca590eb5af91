import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { inBatches, runInShell, userShell } from './help-output.js';

const README = new URL('../../README.md', import.meta.url);

/** The README's fenced blocks whose info string is `sh runnable`, as written. */
function runnableBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh runnable\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

describe("the README's runnable shell blocks", () => {
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

  it('run as pasted (sh -e, cbtest on PATH) against a real cbtest serve and exit 0', async () => {
    const blocks = runnableBlocks(readFileSync(README, 'utf8'));
    // One per fire mode at least; fewer means the markers or this extraction broke.
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const block of blocks) expect(block).toContain('127.0.0.1:5050');
    const shell = userShell();
    const results = await inBatches(blocks.map((block) => `set -e\n${block.replaceAll('127.0.0.1:5050', `127.0.0.1:${port}`)}`), 2, (script) => runInShell(script, shell));
    const failed = results.filter((result) => result.code !== 0).map((result) => `${result.command}\n  exit ${result.code}\n${result.output}`);
    expect(failed).toEqual([]);
  }, 120_000);
});
