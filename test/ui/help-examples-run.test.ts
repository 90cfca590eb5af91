import { describe, expect, it } from 'vitest';
import { inBatches, runInProcess, runInShell, runnableExamples, servingForExamples, userShell } from './help-output.js';

describe('the worked examples in the help run as pasted', () => {
  const serve = servingForExamples();

  it('every example of every fire mode and of demo passes (exit 0) against a real cbtest serve', async () => {
    const helps = await Promise.all([['fire', '--help'], ['help', 'fire', 'rpc'], ['help', 'fire', 'subscribe'], ['help', 'fire', 'openapi'], ['help', 'fire', 'oauth'], ['demo', '--help']].map(runInProcess));
    const examples = [...new Set(helps.flatMap((help) => runnableExamples(help.stdout)))];
    // Two per fire mode and two for demo: an extraction that finds fewer is broken, not passing.
    expect(examples.length).toBeGreaterThanOrEqual(10);
    expect(examples.every((example) => example.startsWith('cbtest '))).toBe(true);
    const shell = userShell();
    const results = await inBatches(examples.map((example) => example.replaceAll('127.0.0.1:5050', `127.0.0.1:${serve.port()}`)), 3, (command) => runInShell(command, shell));
    const failed = results.filter((result) => result.code !== 0).map((result) => `${result.command}\n  exit ${result.code}\n${result.output}`);
    expect(failed).toEqual([]);
  }, 180_000);

  it('an --openapi URL that cannot be fetched is exit 2 naming it (an input, like an unreadable file)', async () => {
    const gone = `http://127.0.0.1:${serve.port()}/no-such-document.json`;
    const result = await runInProcess(['fire', '--openapi', gone, '--operation', 'subscribe']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot fetch --openapi ${gone}: it answered 404`);
  });
});
