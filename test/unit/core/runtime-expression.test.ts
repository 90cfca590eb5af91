import { describe, expect, test } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import {
  type RuntimeContext,
  evaluateRuntimeExpression,
  evaluateTemplate,
  formatTemplate,
  locateCallbackSlot,
  parseExpressionTemplate,
  parseRuntimeExpression,
} from '../../../src/core/runtime-expression.js';

// A subscription exchange like the one the OpenAPI specification uses for its examples table.
const context: RuntimeContext = {
  url: 'http://example.org/subscribe/myevent?queryUrl=http://clientdomain.com/stillrunning',
  method: 'post',
  statusCode: 201,
  request: {
    headers: { 'content-type': 'application/json', 'x-tags': ['a', 'b'] },
    query: { queryUrl: 'http://clientdomain.com/stillrunning', many: ['1', '2'] },
    path: { eventType: 'myevent' },
    body: {
      failedUrl: 'http://clientdomain.com/failed',
      successUrls: ['http://clientdomain.com/fast', 'http://clientdomain.com/medium', 'http://clientdomain.com/slow'],
      user: { uuid: 'u-42', 'a/b': 'slash', 'm~n': 'tilde' },
      id: 7,
      email: 'ada@example.com',
      callbackUrl: 'http://127.0.0.1:4000/cb',
    },
  },
  response: { headers: { Location: 'http://example.org/subscription/1' }, body: { id: 'sub-1' } },
};

describe('evaluateRuntimeExpression', () => {
  test.each([
    ['$url', 'http://example.org/subscribe/myevent?queryUrl=http://clientdomain.com/stillrunning'],
    ['$method', 'POST'],
    ['$statusCode', '201'],
    ['$request.path.eventType', 'myevent'],
    ['$request.query.queryUrl', 'http://clientdomain.com/stillrunning'],
    ['$request.header.content-Type', 'application/json'],
    ['$request.header.X-Tags', 'a, b'],
    ['$request.query.many', '1,2'],
    ['$request.body#/failedUrl', 'http://clientdomain.com/failed'],
    ['$request.body#/successUrls/1', 'http://clientdomain.com/medium'],
    ['$request.body#/successUrls/2', 'http://clientdomain.com/slow'],
    ['$request.body#/user/uuid', 'u-42'],
    ['$request.body#/user/a~1b', 'slash'],
    ['$request.body#/user/m~0n', 'tilde'],
    ['$request.body#/id', '7'],
    ['$request.body#/user', '{"uuid":"u-42","a/b":"slash","m~n":"tilde"}'],
    ['$response.header.Location', 'http://example.org/subscription/1'],
    ['$response.header.location', 'http://example.org/subscription/1'],
    ['$response.body#/id', 'sub-1'],
    ['{$request.body#/callbackUrl}', 'http://127.0.0.1:4000/cb'],
  ])('%s is %j', (text, expected) => {
    expect(evaluateRuntimeExpression(parseRuntimeExpression(text), context)).toBe(expected);
  });

  test.each([
    ['$request.body#/missing'],
    ['$request.query.absent'],
    ['$request.header.X-Absent'],
    ['$request.path.nope'],
    ['$response.query.queryUrl'],
  ])('%s has no value', (text) => {
    expect(evaluateRuntimeExpression(parseRuntimeExpression(text), context)).toBeUndefined();
  });

  test('before the response there is no $response or $statusCode', () => {
    const { response: _response, statusCode: _status, ...beforeResponse } = context;
    expect(evaluateRuntimeExpression(parseRuntimeExpression('$response.header.Location'), beforeResponse)).toBeUndefined();
    expect(evaluateRuntimeExpression(parseRuntimeExpression('$statusCode'), beforeResponse)).toBeUndefined();
  });
});

describe('parseRuntimeExpression', () => {
  test('reads the source of each form', () => {
    expect(parseRuntimeExpression('$request.body#/user/uuid')).toEqual({
      kind: 'request',
      text: '$request.body#/user/uuid',
      source: { in: 'body', pointer: '/user/uuid' },
    });
    expect(parseRuntimeExpression('$response.body')).toMatchObject({ source: { in: 'body', pointer: '' } });
    expect(parseRuntimeExpression('$request.body#')).toMatchObject({ source: { in: 'body', pointer: '' } });
    expect(parseRuntimeExpression('$request.query.param-name')).toMatchObject({ source: { in: 'query', name: 'param-name' } });
    expect(parseRuntimeExpression('$url')).toEqual({ kind: 'url', text: '$url' });
  });

  test.each([
    ['$uri', "unexpected '$uri' at position 0; expected $url, $method, $statusCode, $request.SOURCE or $response.SOURCE"],
    ['url', "unexpected 'url'", 'at position 0'],
    ['$request.bdy#/a', "unknown source 'bdy' at position 9; expected header.NAME, query.NAME, path.NAME, body or body#/POINTER"],
    ['$request.body#user', "'user' is not a JSON pointer at position 14; write it as body#/member/0"],
    ['$request.body#/a~2', 'is not a JSON pointer', 'at position 14'],
    ['$request.header.', 'missing header name at position 16'],
    ['$request.header.a b', "' ' cannot appear in a header name at position 17"],
    ['$request.query.', 'missing query name at position 15'],
    ['$response.', "unknown source ''", 'at position 10'],
    ['$url/extra', "unexpected '/extra' after '$url' at position 4; put static text outside the braces"],
  ])('%j is refused', (text, ...fragments) => {
    let error: unknown;
    try {
      parseRuntimeExpression(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message.startsWith(`runtime expression '${text}': `)).toBe(true);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });
});

describe('templates', () => {
  test('a whole-string expression may go without braces', () => {
    expect(parseExpressionTemplate('$request.body#/callbackUrl')).toEqual([
      { type: 'expression', expression: parseRuntimeExpression('$request.body#/callbackUrl'), position: 0 },
    ]);
  });

  test('static text and embedded expressions alternate', () => {
    const template = 'http://notificationServer.com?transactionId={$request.body#/id}&email={$request.body#/email}';
    const parts = parseExpressionTemplate(template);
    expect(parts.map((part) => part.type)).toEqual(['static', 'expression', 'static', 'expression']);
    expect(parts[1]).toMatchObject({ position: 45 });
    expect(evaluateTemplate(parts, context)).toBe('http://notificationServer.com?transactionId=7&email=ada@example.com');
    expect(formatTemplate(parts)).toBe(template);
  });

  test.each([
    ['{$request.body#/callbackUrl}', 'http://127.0.0.1:4000/cb'],
    ['{$request.body#/callbackUrl}/events/{$request.path.eventType}', 'http://127.0.0.1:4000/cb/events/myevent'],
    ['{$response.header.Location}/status', 'http://example.org/subscription/1/status'],
    ['{$method} {$url}', 'POST http://example.org/subscribe/myevent?queryUrl=http://clientdomain.com/stillrunning'],
    ['http://fixed.example/hook', 'http://fixed.example/hook'],
    ['{$request.body#/nothing}/x', '/x'],
  ])('%s evaluates to %j', (template, expected) => {
    expect(evaluateTemplate(parseExpressionTemplate(template), context)).toBe(expected);
  });

  test.each([
    ['{$request.body#/callbackUrl', "'{' is never closed at position 0; expected '}' after the expression"],
    ['http://x/{id}', "expected '$' after '{'", 'at position 10'],
    ['http://x/{$request.bodie}', "unknown source 'bodie'", 'at position 19'],
  ])('%j is refused with a position', (template, ...fragments) => {
    expect(() => parseExpressionTemplate(template)).toThrow(UsageError);
    try {
      parseExpressionTemplate(template);
    } catch (error) {
      for (const fragment of fragments) expect((error as Error).message).toContain(fragment);
    }
  });
});

describe('locateCallbackSlot', () => {
  const slot = (template: string) => locateCallbackSlot(parseExpressionTemplate(template));

  test.each([
    ['{$request.body#/callbackUrl}', { in: 'body', pointer: '/callbackUrl', prefix: '', suffix: '' }],
    ['$request.body#/hooks/0/url', { in: 'body', pointer: '/hooks/0/url', prefix: '', suffix: '' }],
    ['{$request.query.callbackUrl}', { in: 'query', name: 'callbackUrl', prefix: '', suffix: '' }],
    ['{$request.header.X-Callback}', { in: 'header', name: 'X-Callback', prefix: '', suffix: '' }],
    ['{$request.path.hookId}', { in: 'path', name: 'hookId', prefix: '', suffix: '' }],
    ['https://{$request.body#/host}/hooks', { in: 'body', pointer: '/host', prefix: 'https://', suffix: '/hooks' }],
    [
      '{$request.body#/callbackUrl}/events?sub={$response.body#/id}',
      { in: 'body', pointer: '/callbackUrl', prefix: '', suffix: '/events?sub={$response.body#/id}' },
    ],
  ])('%s plants the URL at the right place', (template, expected) => {
    expect(slot(template)).toMatchObject(expected);
  });

  test('names the planting expression', () => {
    expect(slot('{$request.body#/callbackUrl}').expression).toBe('$request.body#/callbackUrl');
  });

  test.each([
    ['{$url}/callback', 'does not take the address from the request'],
    ['http://fixed.example/hook', 'does not take the address from the request'],
    ['{$response.header.Location}', 'the producer takes it from its own response'],
    [
      'http://notificationServer.com?transactionId={$request.body#/id}',
      "goes to the fixed address 'http://notificationServer.com?transactionId='",
    ],
  ])('%s cannot receive cbtest URL', (template, reason) => {
    expect(() => slot(template)).toThrow(UsageError);
    expect(() => slot(template)).toThrow(reason);
  });
});
