import { describe, expect, it } from 'vitest';
import { isCbtestError } from '../../../src/core/errors.js';
import type { Exchange } from '../../../src/flows/http-exchange.js';
import { checkCancelAnswer, describeProblem, readSubscriptionAnswer } from '../../../src/flows/subscribe-answers.js';

const TARGET = 'https://api.example.com/items/tasks/';

function answer(status: number, body: unknown, contentType = 'application/hal+json', headers: Record<string, string> = {}): Exchange {
  const text = typeof body === 'string' ? body : body === null ? '' : JSON.stringify(body);
  return { status, headers: { 'content-type': contentType, ...headers }, body, text, contentType, durationMs: 3 };
}

function thrown(run: () => unknown): { exitCode: number; message: string; hint: string | undefined } {
  try {
    run();
  } catch (error) {
    if (isCbtestError(error)) return { exitCode: error.exitCode, message: error.message, hint: error.hint };
    throw error;
  }
  throw new Error('expected an error');
}

describe('readSubscriptionAnswer', () => {
  it('takes the UUID and resolves the relative self link against the subscription URL', () => {
    const handle = readSubscriptionAnswer(answer(201, { _links: { self: { href: '/items/tasks/4746' } }, UUID: '4746' }), TARGET);
    expect(handle).toEqual({ id: '4746', selfUrl: 'https://api.example.com/items/tasks/4746', notes: [] });
  });

  it('accepts uuid or id, a 202, and falls back to the Location header when there is no self link', () => {
    expect(readSubscriptionAnswer(answer(202, { uuid: 'a-1' }, 'application/json', { location: 'subs/a-1' }), TARGET)).toEqual({
      id: 'a-1',
      selfUrl: 'https://api.example.com/items/tasks/subs/a-1',
      notes: [],
    });
    expect(readSubscriptionAnswer(answer(201, { id: 7 }), TARGET).id).toBe('7');
  });

  it('accepts other 2xx answers and a missing id with notes saying what the guideline expects', () => {
    const handle = readSubscriptionAnswer(answer(200, { ok: true }, 'application/json'), TARGET);
    expect(handle.id).toBeNull();
    expect(handle.selfUrl).toBeNull();
    expect(handle.notes).toEqual(['the subscription was answered 200; the guideline asks for 201 Created', 'the subscription answer carries no UUID, uuid or id']);
  });

  it('turns a 403 problem+json into exit 4 with status, title, detail and type', () => {
    const refused = answer(403, { type: 'urn:example:callback-refused', title: 'Subscription not accepted', status: 403, detail: 'callbackUrl must use https' }, 'application/problem+json');
    const error = thrown(() => readSubscriptionAnswer(refused, TARGET));
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe('subscription refused: 403 Subscription not accepted: callbackUrl must use https (type urn:example:callback-refused)');
    expect(error.hint).toMatch(/--tunnel, --public-url/);
  });

  it('shows the status and a preview of any other refusal, escaping control characters', () => {
    const error = thrown(() => readSubscriptionAnswer(answer(500, 'database down\u001b[2J', 'text/plain'), TARGET));
    expect(error.message).toBe('subscription refused: 500: database down\\u001b[2J');
    expect(thrown(() => readSubscriptionAnswer(answer(502, null, ''), TARGET)).message).toBe('subscription refused: 502 with an empty body');
  });
});

describe('describeProblem', () => {
  it('recognises a problem body by its members even under a plain JSON content type', () => {
    expect(describeProblem(answer(404, { title: 'Not Found', detail: 'no subscription 9' }, 'application/json'))).toBe('404 Not Found: no subscription 9');
    expect(describeProblem(answer(404, { message: 'nope' }, 'application/json'))).toBeNull();
  });
});

describe('the hint for a refused subscription', () => {
  it('a producer that did not find the callback URL points at --callback-pointer and the member it names', () => {
    const missing = answer(400, { title: 'Invalid subscription request', status: 400, detail: 'callbackUrl must be a string, got undefined' }, 'application/problem+json');
    expect(thrown(() => readSubscriptionAnswer(missing, TARGET, '/url')).hint).toBe(
      "--callback-pointer /url is where the callback URL went in the body; it names 'callbackUrl': try --callback-pointer /callbackUrl",
    );
  });

  it('a producer that found the URL but will not call it points at reachability', () => {
    const refused = answer(403, { title: 'Subscription not accepted', status: 403, detail: 'callbackUrl must use https' }, 'application/problem+json');
    expect(thrown(() => readSubscriptionAnswer(refused, TARGET, '/callbackUrl')).hint).toMatch(/demand https/);
  });
});

describe('checkCancelAnswer', () => {
  it('410 Gone (ended by itself) passes with a note', () => {
    expect(checkCancelAnswer(answer(410, { title: 'Subscription already ended' }, 'application/problem+json')).note).toMatch(/already ended by itself \(410 Gone\)/);
  });

  it('accepts 202 silently, 200 and 204 with a note', () => {
    expect(checkCancelAnswer(answer(202, {}))).toEqual({ note: null });
    expect(checkCancelAnswer(answer(204, null, '')).note).toMatch(/answered 204; the guideline asks for 202 Accepted/);
  });

  it('fails anything else with exit 4, suggesting --cancel none when the subscription is already gone', () => {
    const ended = answer(403, { title: 'Cancellation not accepted', status: 403, detail: 'subscription 1 already ended', type: 'urn:x' }, 'application/problem+json');
    const error = thrown(() => checkCancelAnswer(ended));
    expect(error).toMatchObject({ exitCode: 4, message: 'cancel answered 403 Cancellation not accepted: subscription 1 already ended' });
    expect(error.hint).toMatch(/--cancel none/);
    expect(thrown(() => checkCancelAnswer(answer(500, 'boom', 'text/plain')))).toMatchObject({ message: 'cancel answered 500: boom', hint: undefined });
  });
});
