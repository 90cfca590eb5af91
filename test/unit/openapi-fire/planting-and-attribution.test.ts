import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { attributeCallback, routeCallbacks } from '../../../src/flows/openapi-attribution.js';
import { planCallbackPlanting, plantedValue } from '../../../src/flows/openapi-plant.js';
import { assembleOperationRequest } from '../../../src/flows/openapi-request.js';
import { findOperation, listCallbacks, loadOpenApiSpec } from '../../../src/flows/openapi-spec.js';
import { operationOf, specWith } from './spec-text.js';

const PLANTED = '/cb/run1';
const BASE = `http://127.0.0.1:4000${PLANTED}`;
const noParameters = { path: {}, query: {}, header: {}, cookie: {} };

/** Plans the operation, "sends" it with the run's URL planted, and returns its routes. */
async function routesFor(yaml: string, operationId: string, query: Record<string, string> = {}) {
  const { found, declarations } = await operationOf(yaml, operationId);
  const plan = planCallbackPlanting(declarations);
  const plantings = plan.planted.map((plant) => ({ slot: plant.slot, value: plantedValue(plant, `${BASE}${plant.route}`) }));
  const base = { found, serverUrl: 'http://api.test', parameters: { ...noParameters, query }, headers: {}, body: undefined };
  const request = assembleOperationRequest(base, plantings);
  return { plan, request, routes: routeCallbacks(plan.planted, request.context) };
}

const eventOf = (attribution: ReturnType<typeof attributeCallback>) =>
  attribution.route ? attribution.route.plant.declaration.event : attribution.note;

describe('events that read the same query parameter share one URL and are told apart by what the key appends', () => {
  test('exportFinished arrives on the URL itself, exportProgress under /progress, each with its own method', async () => {
    const doc = await loadOpenApiSpec(join(import.meta.dirname, '../../fixtures/openapi/exports-3.1.json'));
    const plan = planCallbackPlanting(listCallbacks(doc, findOperation(doc, 'startExport')));
    expect(plan.planted.map((plant) => [plant.declaration.event, plant.route])).toEqual([
      ['exportFinished', ''],
      ['exportProgress', ''],
    ]);
    const base = { found: findOperation(doc, 'startExport'), serverUrl: 'https://exports.test/v2', parameters: noParameters, headers: {}, body: { format: 'csv' } };
    const request = assembleOperationRequest(base, [{ slot: plan.planted[0]!.slot, value: BASE }]);
    expect(new URL(request.url).searchParams.get('callbackUrl')).toBe(BASE);
    const routes = routeCallbacks(plan.planted, request.context);
    expect(routes.map((route) => route.expectedUrl)).toEqual([BASE, `${BASE}/progress?export={$response.header.Location}`]);

    expect(eventOf(attributeCallback(routes, PLANTED, { method: 'POST', path: PLANTED }))).toBe('exportFinished');
    expect(eventOf(attributeCallback(routes, PLANTED, { method: 'PUT', path: `${PLANTED}/progress` }))).toBe('exportProgress');
    expect(eventOf(attributeCallback(routes, PLANTED, { method: 'POST', path: `${PLANTED}/progress` }))).toBe(
      "POST on callback 'exportProgress', which is declared as PUT",
    );
    expect(eventOf(attributeCallback(routes, PLANTED, { method: 'POST', path: `${PLANTED}/other` }))).toBe(
      "matches no declared callback (POST 'exportFinished', PUT 'exportProgress')",
    );
    expect(eventOf(attributeCallback(routes, PLANTED, { method: 'POST', path: '/cb/another-run' }))).toBe("not sent to this run's callback URL");
  });
});

describe('each event that has its slot to itself gets its own route', () => {
  const yaml = specWith(`
operationId: watch
parameters:
  - { name: event, in: query, schema: { type: string } }
requestBody:
  content:
    application/json:
      schema: { type: object }
responses: { '202': { description: ok } }
callbacks:
  started:
    '{$request.body#/hooks/started}':
      post: { responses: { '200': { description: ok } } }
  finished:
    '{$request.body#/hooks/finished}?event={$request.query.event}':
      post: { responses: { '200': { description: ok } } }
  progress:
    '{$request.body#/hooks/progress}/{$request.query.event}/{$response.body#/id}':
      post: { responses: { '200': { description: ok } } }
`);

  test('plants /EVENT URLs at the pointers and matches known values in the suffix literally, response values as wildcards', async () => {
    const { request, routes } = await routesFor(yaml, 'watch', { event: 'done' });
    expect(request.body).toEqual({ hooks: { started: `${BASE}/started`, finished: `${BASE}/finished`, progress: `${BASE}/progress` } });
    expect(eventOf(attributeCallback(routes, PLANTED, { method: 'POST', path: `${PLANTED}/started` }))).toBe('started');
    // The query the key adds does not take part: the path alone decides.
    expect(eventOf(attributeCallback(routes, PLANTED, { method: 'POST', path: `${PLANTED}/finished` }))).toBe('finished');
    expect(eventOf(attributeCallback(routes, PLANTED, { method: 'POST', path: `${PLANTED}/progress/done/job-42` }))).toBe('progress');
    expect(attributeCallback(routes, PLANTED, { method: 'POST', path: `${PLANTED}/progress/other/job-42` }).route).toBeNull();
  });
});

describe('keys with a static scheme in front of the expression', () => {
  const yaml = (scheme: string) =>
    specWith(`
operationId: hook
requestBody:
  content:
    application/json:
      schema: { type: object }
responses: { '200': { description: ok } }
callbacks:
  ping:
    '${scheme}{$request.body#/host}/ping':
      post: { responses: { '200': { description: ok } } }
`);

  test('get the URL without its scheme, since the producer writes the scheme itself', async () => {
    const { declarations } = await operationOf(yaml('http://'), 'hook');
    const [plant] = planCallbackPlanting(declarations).planted;
    expect(plantedValue(plant!, 'http://127.0.0.1:4000/cb/x/ping')).toBe('127.0.0.1:4000/cb/x/ping');
  });

  test('refuse a receiver whose scheme the producer will not use, saying how to get an https one', async () => {
    const { declarations } = await operationOf(yaml('https://'), 'hook');
    const [plant] = planCallbackPlanting(declarations).planted;
    expect(() => plantedValue(plant!, 'http://127.0.0.1:4000/cb/x')).toThrow(UsageError);
    expect(() => plantedValue(plant!, 'http://127.0.0.1:4000/cb/x')).toThrow(/always https, but the receiver is http/);
  });
});

test('a callback sent to a fixed address is skipped with the reason, the others still planted', async () => {
  const { declarations } = await operationOf(
    specWith(`
operationId: mixed
responses: { '200': { description: ok } }
callbacks:
  audit:
    'https://audit.example.com/log':
      post: { responses: { '200': { description: ok } } }
  done:
    '{$request.query.cb}':
      post: { responses: { '200': { description: ok } } }
`),
    'mixed',
  );
  const plan = planCallbackPlanting(declarations);
  expect(plan.planted.map((plant) => plant.declaration.event)).toEqual(['done']);
  expect(plan.skipped.map((skip) => [skip.declaration.event, skip.reason])).toEqual([
    ['audit', "callback URL 'https://audit.example.com/log' cannot be pointed at cbtest: it does not take the address from the request ($request.body#/..., $request.query.NAME, ...)"],
  ]);
});
