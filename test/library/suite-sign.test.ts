import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from '@octokit/webhooks-methods';
import { afterAll, expect, test } from 'vitest';
import { runSuite, UsageError, type CbEventOf } from 'cbtest';

const dir = mkdtempSync(join(tmpdir(), 'cbtest-suite-sign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'gh-webhook-secret-5Ek2';

// The run's own receiver checks GitHub signatures, so an unsigned or wrongly signed send would be answered 401 (exit 4).
const SUITE = `name: signed sends
secrets: { key: "env:SIGN_TEST_SECRET" }
receiver: { verify: { scheme: github, secret: "\${{ key }}" } }
cases:
  - name: sign as a block
    steps:
      - send: { url: "\${{ callbackUrl }}", data: { action: opened }, sign: { scheme: github, secret: "\${{ key }}" } }
      - wait: { count: 1, expect: [ '$.body.action == "opened"' ] }
  - name: sign with the flags' spelling
    steps:
      - send: { url: "\${{ callbackUrl }}", data: { action: closed }, sign: github, secret: "env:SIGN_TEST_SECRET" }
      - wait: { count: 1 }
  - name: an unsigned send is refused by the receiver
    steps:
      - send: { url: "\${{ callbackUrl }}", data: { action: unsigned } }
`;

test('a send step signs what it sends: the receiver verifies it, and GitHub\'s own library agrees on the recorded bytes', async () => {
  const path = join(dir, 'signed.yaml');
  const record = join(dir, 'signed.ndjson');
  writeFileSync(path, SUITE);
  const result = await runSuite(path, { env: { SIGN_TEST_SECRET: SECRET }, record, jobs: 1 });
  expect(result.files[0]!.cases.map((item) => [item.name, item.exitCode])).toEqual([
    ['sign as a block', 0],
    ['sign with the flags\' spelling', 0],
    ['an unsigned send is refused by the receiver', 4],
  ]);
  const events = readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string });
  const callbacks = events.filter((event): event is CbEventOf<'callback'> => event.type === 'callback');
  expect(callbacks.map((event) => event.signature)).toEqual(['valid', 'valid', 'invalid']);
  for (const callback of callbacks.slice(0, 2)) {
    expect(await verify(SECRET, callback.bodyText!, String(callback.headers['x-hub-signature-256']))).toBe(true);
  }
  expect(readFileSync(record, 'utf8')).not.toContain(SECRET);
});

test('a send step signing with a scheme cbtest does not know is a UsageError at its line, before any case runs', async () => {
  const path = join(dir, 'bad.yaml');
  writeFileSync(path, 'cases:\n  - steps:\n      - send: { url: "http://127.0.0.1:9/", sign: github }\n');
  const error = await runSuite(path).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as Error).message).toMatch(/bad\.yaml:3:\d+: .*needs a secret/);
});
