import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compileBodySchema, describeSchemaFailure } from '../../../src/core/assertions/index.js';
import { UsageError } from '../../../src/core/errors.js';
import { locateCallbackSlot } from '../../../src/core/runtime-expression.js';
import {
  exampleRequestBody,
  findOperation,
  firstServerUrl,
  listCallbacks,
  loadOpenApiSpec,
  type OpenApiDocument,
} from '../../../src/flows/openapi-spec.js';

const fixtures = join(import.meta.dirname, '../../fixtures/openapi');

describe('an OpenAPI 3.0 YAML document with a body-planted callback', () => {
  let doc: OpenApiDocument;
  beforeAll(async () => {
    doc = await loadOpenApiSpec(join(fixtures, 'subscribe-3.0.yaml'));
  });

  test('finds the operation and its path', () => {
    const found = findOperation(doc, 'subscribe');
    expect(found).toMatchObject({ method: 'POST', pathTemplate: '/subscriptions', pathItemParameters: [] });
    const unsubscribe = findOperation(doc, 'unsubscribe');
    expect(unsubscribe).toMatchObject({ method: 'DELETE', pathTemplate: '/subscriptions/{subscriptionId}' });
    expect(unsubscribe.pathItemParameters.map((parameter) => parameter.name)).toEqual(['subscriptionId']);
  });

  test('lists the callback with its resolved schema, lowest 2xx and dialect', () => {
    const [callback, ...others] = listCallbacks(doc, findOperation(doc, 'subscribe'));
    expect(others).toEqual([]);
    expect(callback).toMatchObject({
      event: 'parcelUpdate',
      keyExpression: '{$request.body#/callbackUrl}',
      method: 'POST',
      successStatus: 202,
      schemaDialect: 'openapi-3.0',
    });
    expect(callback?.requestBodySchema).toMatchObject({ required: ['parcelId', 'state', 'attempts'] });
    expect(JSON.stringify(callback?.requestBodySchema)).not.toContain('$ref');
    expect(locateCallbackSlot(callback?.template ?? [])).toMatchObject({ in: 'body', pointer: '/callbackUrl', prefix: '' });
  });

  test('the callback schema judges bodies the way the document means', () => {
    const [callback] = listCallbacks(doc, findOperation(doc, 'subscribe'));
    const check = compileBodySchema(callback?.requestBodySchema ?? {}, { dialect: callback?.schemaDialect });
    expect(check({ parcelId: 'PX-1', state: 'delivered', attempts: 1, signedBy: null, weightKg: 1.2 })).toEqual([]);
    expect(check({ parcelId: 'PX-1', state: 'lost', attempts: -1, weightKg: 0 }).map(describeSchemaFailure).sort()).toEqual([
      'body/attempts must be >= 0 (got -1)',
      'body/state must be one of "in_transit", "delivered", "returned" (got "lost")',
      'body/weightKg must be > 0 (got 0)',
    ]);
  });

  test('offers the request body example and the server URL with its variables', () => {
    expect(exampleRequestBody(findOperation(doc, 'subscribe'))).toEqual({
      callbackUrl: 'https://receiver.example.net/parcels',
      parcelId: 'PX-1001',
    });
    expect(exampleRequestBody(findOperation(doc, 'unsubscribe'))).toBeUndefined();
    expect(firstServerUrl(doc)).toBe('http://127.0.0.1:8080/api');
  });

  test('an unknown operationId lists the ones there are', () => {
    expect(() => findOperation(doc, 'subscrib')).toThrow(UsageError);
    expect(() => findOperation(doc, 'subscrib')).toThrow(
      "--operation 'subscrib' is not in the OpenAPI document; available: subscribe, unsubscribe",
    );
  });
});

describe('an OpenAPI 3.1 JSON document with query-planted callbacks', () => {
  let doc: OpenApiDocument;
  beforeAll(async () => {
    doc = await loadOpenApiSpec({ path: join(fixtures, 'exports-3.1.json') });
  });

  test('lists every callback, choosing the JSON body and the 2020-12 dialect', () => {
    const callbacks = listCallbacks(doc, findOperation(doc, 'startExport'));
    expect(callbacks.map(({ event, method, successStatus, schemaDialect }) => ({ event, method, successStatus, schemaDialect }))).toEqual([
      { event: 'exportFinished', method: 'POST', successStatus: 200, schemaDialect: '2020-12' },
      { event: 'exportProgress', method: 'PUT', successStatus: 200, schemaDialect: '2020-12' },
    ]);
    expect(callbacks[0]?.requestBodySchema).toMatchObject({ required: ['exportId', 'status'] });
    expect(locateCallbackSlot(callbacks[0]?.template ?? [])).toMatchObject({ in: 'query', name: 'callbackUrl', suffix: '' });
    expect(locateCallbackSlot(callbacks[1]?.template ?? [])).toMatchObject({
      in: 'query',
      name: 'callbackUrl',
      suffix: '/progress?export={$response.header.Location}',
    });
  });

  test('the 3.1 schema accepts null where the type list says so', () => {
    const [finished] = listCallbacks(doc, findOperation(doc, 'startExport'));
    const check = compileBodySchema(finished?.requestBodySchema ?? {}, { dialect: finished?.schemaDialect });
    expect(check({ exportId: 'e1', status: 'done', rows: 2, downloadUrl: null })).toEqual([]);
    expect(check({ exportId: 'e1', status: 'done', rows: 0 }).map(describeSchemaFailure)).toEqual(['body/rows must be > 0 (got 0)']);
  });

  test('takes the first of several examples, and the plain server URL', () => {
    expect(exampleRequestBody(findOperation(doc, 'startExport'))).toEqual({ format: 'csv', month: '2024-05' });
    expect(firstServerUrl(doc)).toBe('https://exports.example.org/v2');
  });
});

test('a $ref into a file next to the document resolves, and the callback takes a header', async () => {
  const doc = await loadOpenApiSpec(join(fixtures, 'split/api.yaml'));
  const [changed] = listCallbacks(doc, findOperation(doc, 'watch'));
  expect(changed?.requestBodySchema).toEqual({ type: 'object', required: ['resource'], properties: { resource: { type: 'string' } } });
  expect(locateCallbackSlot(changed?.template ?? [])).toMatchObject({ in: 'header', name: 'X-Callback-Url' });
  expect(firstServerUrl(doc)).toBeUndefined();
});

describe('documents cbtest refuses, each with one line saying why', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cbtest-openapi-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function messageFor(text: string): Promise<string> {
    const path = join(dir, `spec-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(path, text);
    return messageOf(loadOpenApiSpec(path));
  }

  async function messageOf(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }

  const minimal = 'info: {title: t, version: "1"}\npaths: {}\n';

  test('a missing file', async () => {
    expect(await messageOf(loadOpenApiSpec(join(dir, 'nope.yaml')))).toBe(`cannot read --openapi ${join(dir, 'nope.yaml')}: no such file`);
  });

  test('Swagger 2.0 and other versions name the version found', async () => {
    expect(await messageFor(`swagger: "2.0"\n${minimal}`)).toMatch(/is Swagger 2\.0; cbtest reads OpenAPI 3\.0\.x and 3\.1\.x$/);
    expect(await messageFor(`openapi: 3.2.0\n${minimal}`)).toMatch(/has openapi "3\.2\.0"; cbtest reads OpenAPI 3\.0\.x and 3\.1\.x$/);
    expect(await messageFor(minimal)).toMatch(/has no 'openapi' member; cbtest reads/);
    expect(await messageFor(`openapi: 3.1\n${minimal}`)).toMatch(/has openapi: 3\.1 as a number; quote it/);
  });

  test('text that is neither YAML nor JSON, or not an object', async () => {
    expect(await messageFor('openapi: [3.0.3\ninfo: {')).toMatch(/^--openapi .* is not valid YAML or JSON: /);
    expect(await messageFor('- just\n- a list\n')).toMatch(/is not an OpenAPI document: expected an object/);
  });

  test('a document that breaks the OpenAPI schema', async () => {
    const message = await messageOf(
      loadOpenApiSpec({ text: 'openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n', label: 'stdin' }),
    );
    expect(message).toBe("stdin is not a valid OpenAPI 3.0.3 document: must have required property 'version' (near \"info\")");
  });

  test('a $ref that points nowhere', async () => {
    const text = `openapi: 3.0.3\n${minimal.replace('paths: {}', 'paths:\n  /a:\n    get:\n      responses:\n        "200": {$ref: "#/components/responses/Gone"}')}`;
    expect(await messageFor(text)).toMatch(/Missing \$ref pointer "#\/components\/responses\/Gone"/);
  });

  test('a callback key that is not a runtime expression', async () => {
    const doc = await loadOpenApiSpec({
      text: JSON.stringify({
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        paths: {
          '/s': {
            post: {
              operationId: 's',
              responses: { '200': { description: 'ok' } },
              callbacks: { ev: { '{$request.bodyy#/url}': { post: { responses: { '200': { description: 'ok' } } } } } },
            },
          },
        },
      }),
    });
    expect(() => listCallbacks(doc, findOperation(doc, 's'))).toThrow(
      "callback 'ev' in the OpenAPI document: runtime expression '{$request.bodyy#/url}': unknown source 'bodyy' at position 10",
    );
  });
});
