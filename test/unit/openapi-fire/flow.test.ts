import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CbEventOf, EventDraft } from '../../../src/core/events.js';
import { createOpenApiFlow } from '../../../src/flows/openapi-fire.js';
import { prepareOpenApiFire, type PreparedOpenApiFire } from '../../../src/flows/openapi-fire-prepare.js';
import type { CallbackFacts } from '../../../src/core/callback-facts.js';
import type { FlowContext } from '../../../src/flows/flow.js';
import { specWith } from './spec-text.js';

const yaml = specWith(`
operationId: watch
requestBody:
  content:
    application/json:
      schema: { type: object }
responses: { '202': { description: ok } }
callbacks:
  a:
    '{$request.body#/hooks/a}':
      post:
        requestBody:
          content:
            application/json:
              schema: { type: object, required: [n], properties: { n: { type: integer } } }
        responses: { '204': { description: ok } }
  b:
    '{$request.body#/hooks/b}':
      post:
        responses:
          '200':
            description: ok
            content: { application/json: { example: { ok: true } } }
`);

const PLANTED_PATH = '/cb/run';

function facts(path: string, bodyText: string): CallbackFacts {
  let body: unknown = null;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = null;
  }
  return { method: 'POST', path, query: {}, headers: {}, body, bodyText, bodyBase64: '', size: bodyText.length, contentType: 'application/json', remote: '127.0.0.1:1' };
}

const asEvent = (callback: CallbackFacts, seq: number): CbEventOf<'callback'> =>
  ({ ...callback, type: 'callback', seq, at: '', response: { status: 200 }, matched: true }) as CbEventOf<'callback'>;

describe('the openapi flow, fired at a real API on loopback', () => {
  const api = Fastify();
  const received: unknown[] = [];
  let prepared: PreparedOpenApiFire;
  beforeAll(async () => {
    api.post('/things', async (request, reply) => {
      received.push(request.body);
      return reply.code(202).send();
    });
    const server = await api.listen({ port: 0, host: '127.0.0.1' });
    prepared = await prepareOpenApiFire({ spec: { text: yaml }, specLabel: 'spec.yaml', operationId: 'watch', server, params: [], headers: {} });
  });
  afterAll(() => api.close());

  async function started(countsRepeats: boolean) {
    const flow = createOpenApiFlow(prepared, { timeoutMs: 5000, countsRepeats });
    const events: EventDraft[] = [];
    const context: FlowContext = {
      plantedUrl: `http://127.0.0.1:1${PLANTED_PATH}`,
      plantedPath: PLANTED_PATH,
      baseUrl: 'http://127.0.0.1:1',
      append: (draft) => {
        events.push(draft);
        return { seq: events.length };
      },
      signal: new AbortController().signal,
      fail: () => undefined,
      say: () => undefined,
    };
    await flow.start(context);
    return { flow, events };
  }

  test('waits for one callback per event and sends each its own URL', async () => {
    const { flow, events } = await started(false);
    expect(flow.awaited).toEqual({ count: 2, description: "callbacks 'a', 'b'" });
    expect(received.at(-1)).toEqual({ hooks: { a: `http://127.0.0.1:1${PLANTED_PATH}/a`, b: `http://127.0.0.1:1${PLANTED_PATH}/b` } });
    expect(events.map((event) => [event.type, 'label' in event ? event.label : null])).toEqual([
      ['request', 'openapi'],
      ['ack', 'openapi'],
    ]);
  });

  test('answers with the declared status and example, and counts only the first callback of an event', async () => {
    const { flow } = await started(false);
    expect(flow.classify(facts(`${PLANTED_PATH}/a`, '{"n":1}'), PLANTED_PATH)).toEqual({ matched: true, responseHint: { status: 204, body: '' } });
    expect(flow.classify(facts(`${PLANTED_PATH}/a`, '{"n":2}'), PLANTED_PATH)).toMatchObject({
      matched: false,
      note: "another 'a' callback: only the first counts (pass --count N to count repeats)",
      responseHint: { status: 204 },
    });
    expect(flow.classify(facts(`${PLANTED_PATH}/b`, '{}'), PLANTED_PATH)).toEqual({ matched: true, responseHint: { status: 200, body: '{"ok":true}' } });
  });

  test('counts repeats when --count or --until decide', async () => {
    const { flow } = await started(true);
    expect(flow.classify(facts(`${PLANTED_PATH}/a`, '{"n":1}'), PLANTED_PATH).matched).toBe(true);
    expect(flow.classify(facts(`${PLANTED_PATH}/a`, '{"n":2}'), PLANTED_PATH).matched).toBe(true);
  });

  test('checks the body against the schema of the callback it was attributed to', async () => {
    const { flow } = await started(false);
    const check = (path: string, body: string) => {
      const callback = facts(path, body);
      flow.classify(callback, PLANTED_PATH);
      return flow.check!(asEvent(callback, 7), { mentions: () => false });
    };
    expect(check(`${PLANTED_PATH}/a`, '{"n":1.5}')).toEqual([
      { expr: "openapi callback 'a' body schema", pass: false, actual: 1.5, message: "openapi callback 'a' body schema: body/n must be integer (got 1.5)" },
    ]);
    expect(check(`${PLANTED_PATH}/a`, 'n=1')).toMatchObject([{ pass: false, message: "openapi callback 'a' body schema: the body is not JSON (got n=1)" }]);
    // `b` declares no request body schema: nothing to check.
    expect(check(`${PLANTED_PATH}/b`, 'anything')).toEqual([]);
  });
});
