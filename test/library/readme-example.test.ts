import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

test('the README example of "Use it from your tests" is the test that runs in this suite, word for word', () => {
  const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  const chapter = readme.slice(readme.indexOf('## Use it from your tests'));
  const block = /```ts\n([\s\S]*?)```/.exec(chapter)?.[1];
  expect(block).toBe(readFileSync(resolve(ROOT, 'test/library/use-from-tests.test.ts'), 'utf8'));
});
