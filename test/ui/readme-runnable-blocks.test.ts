import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inBatches, runInShell, servingForExamples, userShell } from './help-output.js';

const README = new URL('../../README.md', import.meta.url);

/** The README's fenced blocks whose info string is `sh runnable`, as written. */
function runnableBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh runnable\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

describe("the README's runnable shell blocks", () => {
  const serve = servingForExamples();

  it('run as pasted (sh -e, cbtest on PATH) against a real cbtest serve and exit 0', async () => {
    const blocks = runnableBlocks(readFileSync(README, 'utf8'));
    // One per fire mode at least; fewer means the markers or this extraction broke.
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const block of blocks) expect(block).toContain('127.0.0.1:5050');
    const shell = userShell();
    const results = await inBatches(blocks.map((block) => `set -e\n${block.replaceAll('127.0.0.1:5050', `127.0.0.1:${serve.port()}`)}`), 2, (script) => runInShell(script, shell));
    const failed = results.filter((result) => result.code !== 0).map((result) => `${result.command}\n  exit ${result.code}\n${result.output}`);
    expect(failed).toEqual([]);
  }, 120_000);
});
