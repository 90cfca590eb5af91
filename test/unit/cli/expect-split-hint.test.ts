import { describe, expect, test } from 'vitest';
import { shellSplitHint } from '../../../src/cli/expect-split-hint.js';

describe('an --expect the shell split at its spaces', () => {
  test('names the pieces and writes the quoted expression (a bare word becomes a JSON string)', () => {
    // What `--expect $.body.status == "done"` (no single quotes) leaves after the shell removed the double quotes.
    expect(shellSplitHint(['fire', '--rpc', 'http://x/rpc', '--expect', '$.body.status', '==', 'done', '--json'])).toBe(
      `--expect got only '$.body.status': the shell split the expression at its spaces into '$.body.status' '==' 'done'; quote it whole: --expect '$.body.status == "done"'`,
    );
    expect(shellSplitHint(['listen', '--until', '$.body.id', 'not', 'exists'])).toContain(`quote it whole: --until '$.body.id not exists'`);
    expect(shellSplitHint(['listen', '--expect', '$.body.n', '>', '-1'])).toContain(`--expect '$.body.n > -1'`);
  });

  test('stays quiet when the expression arrived whole', () => {
    expect(shellSplitHint(['listen', '--expect', '$.body.status == "done"', '--count', '1'])).toBeNull();
    expect(shellSplitHint(['listen', 'extra'])).toBeNull();
  });
});
