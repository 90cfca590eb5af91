import { describe, expect, it } from 'vitest';
import { runCliToEnd } from '../helpers/cli.js';

describe('usage mistakes, as a user meets them', () => {
  it('bare cbtest prints the usage readably on stderr, one command a line, exit 2', async () => {
    const result = await runCliToEnd([]);
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('Usage: cbtest [options] [command]');
    expect(lines.some((line) => /^ {2}listen \[options\]/.test(line))).toBe(true);
    expect(lines.some((line) => /^ {2}fire \[options\]/.test(line))).toBe(true);
    expect(lines.length).toBeGreaterThan(10);
  });

  it('a typo inside a command points at that command\'s help', async () => {
    const result = await runCliToEnd(['fire', '--rpx', 'http://127.0.0.1:5050/rpc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("cbtest: unknown option '--rpx' (Did you mean --rpc?); see 'cbtest fire --help'\n");
  });

  it('an --expect the shell split says to quote it, showing the quoted form', async () => {
    const result = await runCliToEnd(['listen', '--port', '0', '--expect', '$.body.status', '==', 'done']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`the shell split the expression at its spaces into '$.body.status' '==' 'done'; quote it whole: --expect '$.body.status == "done"'`);
  });

  it('an --expect whose $name the shell expanded says so', async () => {
    // What "$body.status == 1" in double quotes becomes when $body is unset.
    const result = await runCliToEnd(['listen', '--port', '0', '--expect', '.status == 1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the shell replaced each \$name in it .* single quotes/);
  });
});
