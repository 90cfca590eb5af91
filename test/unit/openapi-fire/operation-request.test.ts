import { describe, expect, test } from 'vitest';
import { parseParamFlags, resolveParameters } from '../../../src/flows/openapi-parameters.js';
import { assembleOperationRequest } from '../../../src/flows/openapi-request.js';
import { operationOf } from './spec-text.js';

const yaml = `
openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /accounts/{accountId}/hooks/{kind}:
    parameters:
      - { name: accountId, in: path, required: true, schema: { type: string } }
    put:
      operationId: putHook
      parameters:
        - { name: kind, in: path, required: true, schema: { type: string, example: payments } }
        - { name: X-Callback-Url, in: header, required: true, schema: { type: string } }
        - { name: X-Tenant, in: header, required: true, schema: { type: string } }
        - { name: verbose, in: query, schema: { type: boolean, example: true } }
        - { name: limit, in: query, required: true, schema: { type: integer, default: 10 } }
      responses: { '204': { description: ok } }
      callbacks:
        delivered:
          '{$request.header.X-Callback-Url}':
            post: { responses: { '200': { description: ok } } }
`;

const slot = { in: 'header', name: 'X-Callback-Url', prefix: '', suffix: '', expression: '$request.header.X-Callback-Url' } as const;

describe('--param', () => {
  test('splits at the first =, and refuses text without a name', () => {
    expect(parseParamFlags(['a=b=c', 'empty='])).toEqual([{ name: 'a', value: 'b=c' }, { name: 'empty', value: '' }]);
    expect(() => parseParamFlags(['=x'])).toThrow("--param '=x' is not name=value");
  });

  test('fills declared parameters, takes required ones from examples and defaults, and counts the planted header and -H as given', async () => {
    const { found } = await operationOf(yaml, 'putHook');
    const given = parseParamFlags(['accountId=acc/1']);
    const resolved = resolveParameters(found, 'putHook', given, { planted: [slot], headerNames: ['x-tenant'] });
    // The optional `verbose` stays out though it has an example; `limit` and `kind` come from their schema.
    expect(resolved).toEqual({ path: { accountId: 'acc/1', kind: 'payments' }, query: { limit: '10' }, header: {}, cookie: {} });
  });

  test('names every required parameter nobody gave', async () => {
    const { found } = await operationOf(yaml, 'putHook');
    expect(() => resolveParameters(found, 'putHook', [], { planted: [], headerNames: [] })).toThrow(
      "operation 'putHook' needs path parameter 'accountId', header parameter 'X-Callback-Url', header parameter 'X-Tenant'",
    );
  });

  test('refuses a name the operation does not declare, listing the declared ones', async () => {
    const { found } = await operationOf(yaml, 'putHook');
    expect(() => resolveParameters(found, 'putHook', parseParamFlags(['acount=1']), { planted: [slot], headerNames: [] })).toThrow(
      "--param 'acount' is not a parameter of 'putHook'; declared: accountId (path), kind (path), X-Callback-Url (header), X-Tenant (header), verbose (query), limit (query)",
    );
  });
});

describe('the operation request', () => {
  test('fills the path, encodes values, and lets the planted header win over -H', async () => {
    const { found } = await operationOf(yaml, 'putHook');
    const parameters = { path: { accountId: 'acc/1', kind: 'pay ments' }, query: { limit: '10' }, header: { 'x-tenant': 't1' }, cookie: {} };
    const request = assembleOperationRequest(
      { found, serverUrl: 'https://api.test/v2/', parameters, headers: { 'x-callback-url': 'https://mine.example', accept: 'application/json' }, body: undefined },
      [{ slot, value: 'http://127.0.0.1:4000/cb/r/delivered' }],
    );
    expect(request.method).toBe('PUT');
    expect(request.url).toBe('https://api.test/v2/accounts/acc%2F1/hooks/pay%20ments?limit=10');
    expect(request.headers).toEqual({ accept: 'application/json', 'x-tenant': 't1', 'x-callback-url': 'http://127.0.0.1:4000/cb/r/delivered' });
    expect(request.body).toBeUndefined();
  });

  test('writes into a copy of the body, creating the members on the way', async () => {
    const { found } = await operationOf(yaml, 'putHook');
    const body = { name: 'n', notify: { email: 'a@b.c' } };
    const bodySlot = { in: 'body', pointer: '/notify/webhook/url', prefix: '', suffix: '', expression: '$request.body#/notify/webhook/url' } as const;
    const parameters = { path: { accountId: 'a', kind: 'k' }, query: {}, header: {}, cookie: {} };
    const request = assembleOperationRequest({ found, serverUrl: 'http://h', parameters, headers: {}, body }, [{ slot: bodySlot, value: 'http://r/cb' }]);
    expect(request.body).toEqual({ name: 'n', notify: { email: 'a@b.c', webhook: { url: 'http://r/cb' } } });
    expect(body.notify).toEqual({ email: 'a@b.c' });
    expect(request.context.request.body).toEqual(request.body);
  });

  test('puts a URL planted in a path parameter into the path, encoded, while runtime expressions see it decoded', async () => {
    const { found } = await operationOf(yaml, 'putHook');
    const pathSlot = { in: 'path', name: 'kind', prefix: '', suffix: '', expression: '$request.path.kind' } as const;
    const parameters = { path: { accountId: 'a' }, query: {}, header: {}, cookie: {} };
    const request = assembleOperationRequest({ found, serverUrl: 'http://h', parameters, headers: {}, body: undefined }, [{ slot: pathSlot, value: 'http://r:1/cb/x' }]);
    expect(request.url).toBe('http://h/accounts/a/hooks/http%3A%2F%2Fr%3A1%2Fcb%2Fx');
    expect(request.context.request.path).toEqual({ accountId: 'a', kind: 'http://r:1/cb/x' });
  });
});
