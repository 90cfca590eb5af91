import { sign } from '@octokit/webhooks-methods';
import { request } from 'undici';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ExpectationError, startReceiver, UsageError, type Receiver } from 'cbtest';

const SECRET = 'It\'s a Secret to Everybody';
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({ verify: { scheme: 'github', secret: SECRET } });
});
afterAll(() => receiver.close());

// A GitHub-style sender: the body, and X-Hub-Signature-256 computed by GitHub's own library when it signs.
async function deliver(url: string, body: string, signature: string | null): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-github-event': 'ping' };
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const response = await request(url, { method: 'POST', headers, body });
  await response.body.dump();
  return response.statusCode;
}

test('verify: a callback signed with the secret is answered 200 and counts with signature "valid"', async () => {
  const hook = receiver.endpoint();
  const body = JSON.stringify({ zen: 'Keep it logically awesome.' });
  expect(await deliver(hook.url, body, await sign(SECRET, body))).toBe(200);
  const [callback] = await hook.waitFor({ timeout: '10s' });
  expect(callback).toMatchObject({ signature: 'valid', body: { zen: 'Keep it logically awesome.' }, response: { status: 200 } });
});

test('verify: an unsigned callback is answered 401 and fails the wait, naming the missing signature', async () => {
  const hook = receiver.endpoint();
  expect(await deliver(hook.url, '{"zen":"unsigned"}', null)).toBe(401);
  const error = await hook.waitFor({ timeout: '10s' }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ExpectationError);
  const failure = (error as ExpectationError).failures[0]!;
  expect(failure).toMatchObject({ expr: 'signature', pass: false, actual: 'invalid' });
  expect(failure.message).toMatch(/x-hub-signature-256/i);
  // A test that means to prove the refusal names signature itself, and then the wait passes.
  const [refused] = await hook.waitFor({ expect: '$.signature == "invalid"', timeout: '10s' });
  expect(refused).toMatchObject({ signature: 'invalid', response: { status: 401 } });
  // The secret is in no event the receiver kept.
  expect(JSON.stringify(receiver.events())).not.toContain(SECRET);
});

test('verify with a scheme cbtest does not know is a UsageError before anything listens', async () => {
  const error = await startReceiver({ verify: { scheme: 'gitlab', secret: SECRET } }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as Error).message).toContain('gitlab is not a signature scheme');
});
