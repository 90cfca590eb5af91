import { describe, expect, test } from 'vitest';
import { prepareOpenApiFire } from '../../../src/flows/openapi-fire-prepare.js';
import { specWith } from './spec-text.js';

const withCallback = `
operationId: subscribe
requestBody:
  content:
    application/json:
      schema: { type: object }
      example: { callbackUrl: https://example.com/hook }
responses: { '201': { description: ok } }
callbacks:
  onEvent:
    '{$request.body#/callbackUrl}':
      post: { responses: { '200': { description: ok } } }
`;

const prepare = (yaml: string, extra: { server?: string; body?: unknown; operationId?: string } = {}) =>
  prepareOpenApiFire({ spec: { text: yaml, label: 'spec' }, specLabel: 'spec', operationId: extra.operationId ?? 'subscribe', params: [], headers: {}, ...extra });

describe('the server the operation goes to', () => {
  test("is the document's first server with its variables filled", async () => {
    const servers = "servers:\n  - url: 'http://{host}:8080/api'\n    variables: { host: { default: 127.0.0.1 } }\n";
    expect((await prepare(specWith(withCallback, servers))).request.serverUrl).toBe('http://127.0.0.1:8080/api');
  });

  test('must be given with --server when the document has none, or only a relative one', async () => {
    await expect(prepare(specWith(withCallback))).rejects.toThrow('the OpenAPI document declares no servers');
    await expect(prepare(specWith(withCallback, 'servers:\n  - url: /api\n'))).rejects.toThrow(
      "the document's first server '/api' is relative",
    );
    expect((await prepare(specWith(withCallback, 'servers:\n  - url: /api\n'), { server: 'http://10.0.0.1:9/api' })).request.serverUrl).toBe(
      'http://10.0.0.1:9/api',
    );
  });
});

describe('refusals before anything is sent', () => {
  test('an operation without callbacks names the ones that have some', async () => {
    const yaml = `${specWith(withCallback, 'servers: [{ url: "http://h" }]\n')}  /status:\n    get:\n      operationId: status\n      responses: { '200': { description: ok } }\n`;
    await expect(prepare(yaml, { operationId: 'status' })).rejects.toThrow(
      "operation 'status' declares no callbacks; operations with callbacks: subscribe",
    );
  });

  test('a body that is not an object when the URL must go inside it', async () => {
    await expect(prepare(specWith(withCallback, 'servers: [{ url: "http://h" }]\n'), { body: [1, 2] })).rejects.toThrow(
      "cannot plant the callback URL in the request: cannot write at /callbackUrl: 'callbackUrl' is not an index of the array",
    );
    await expect(prepare(specWith(withCallback, 'servers: [{ url: "http://h" }]\n'), { body: 'text' })).rejects.toThrow(
      'the request body is "text", but the callback URL goes at body#/callbackUrl',
    );
  });
});
