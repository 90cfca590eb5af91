import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CbtestError } from '../../../src/core/errors.js';
import type { CbEventOf } from '../../../src/core/events.js';
import { CaptureMissingError, captureValue, parseSecretFlags, parseVarFlags, parseVarsFile, suiteSchema } from '../../../src/suite/index.js';
import { load } from './helpers.js';

const callback = {
  type: 'callback', seq: 4, at: '2026-01-01T00:00:00.000Z', method: 'POST', path: '/c/1', query: { code: 'abc' },
  headers: { 'content-type': 'application/json' }, body: { result: { totalAmount: 99.99, items: [{ id: 'a' }, { id: 'b' }] } },
  bodyText: null, bodyBase64: '', remote: '127.0.0.1', response: { status: 200 }, matched: true,
} as unknown as CbEventOf<'callback'>;
const ack = {
  type: 'ack', seq: 2, at: '2026-01-01T00:00:00.000Z', status: 202, headers: {}, body: { result: { callback: { url: 'http://job/7' } } }, durationMs: 3,
} as unknown as CbEventOf<'ack'>;

describe('captures', () => {
  it("reads '$...' from the last counted callback and 'ack.$...' from the acknowledgment", () => {
    expect(captureValue('$.body.result.totalAmount', { callback, ack })).toBe(99.99);
    expect(captureValue('$.query.code', { callback, ack })).toBe('abc');
    expect(captureValue('ack.$.body.result.callback.url', { callback, ack })).toBe('http://job/7');
    expect(captureValue('ack.$.status', { callback: null, ack })).toBe(202);
  });

  it('gives several matches as a list, like an assertion', () => {
    expect(captureValue('$.body.result.items[*].id', { callback, ack })).toEqual(['a', 'b']);
  });

  it('fails the case (exit 1) when there is nothing to read or no value', () => {
    expect(() => captureValue('$.body.nope', { callback, ack })).toThrow("capture '$.body.nope': no value at path");
    expect(() => captureValue('ack.$.body', { callback, ack: null })).toThrow(CaptureMissingError);
    try {
      captureValue('$.body', { callback: null, ack });
    } catch (error) {
      expect((error as CbtestError).exitCode).toBe(1);
    }
    expect.assertions(3);
  });

  it('flows from a capture map into the plan', () => {
    const suite = load(`
      cases:
        - rpc: { url: http://x, method: m }
          capture: { total: '$.body.result.totalAmount', job: 'ack.$.body.result.callback.url' }
    `);
    const step = suite.cases[0]!.steps[0]!;
    expect(step.kind === 'fire' && step.capture).toEqual({ total: '$.body.result.totalAmount', job: 'ack.$.body.result.callback.url' });
  });
});

describe('--var, --vars-file and --secret', () => {
  it('reads V as JSON when it is JSON, else as text', () => {
    expect(parseVarFlags(['n=42', 'on=true', 'none=null', 'obj={"a":1}', 'zip=007', 'quoted="42"', 'url=http://x/y?a=b', 'empty=', 'n2=1', 'n2=2'])).toEqual({
      n: 42, on: true, none: null, obj: { a: 1 }, zip: '007', quoted: '42', url: 'http://x/y?a=b', empty: '', n2: 2,
    });
  });

  it('refuses a flag without = or with a bad name', () => {
    expect(() => parseVarFlags(['api'])).toThrow("--var 'api' has no value");
    expect(() => parseVarFlags(['my-var=1'])).toThrow("--var 'my-var=1': 'my-var' cannot be a name");
    expect(() => parseVarFlags(['env=1'])).toThrow(/'env' cannot be a name/);
  });

  it('reads a vars file as a YAML or JSON map', () => {
    expect(parseVarsFile('v.yaml', 'api: http://x\nlimit: 3\n')).toEqual({ api: 'http://x', limit: 3 });
    expect(parseVarsFile('v.json', '{"api": "http://x", "list": [1]}')).toEqual({ api: 'http://x', list: [1] });
    expect(() => parseVarsFile('v.yaml', '- a\n- b\n')).toThrow('--vars-file v.yaml: must be a map of names to values');
    expect(() => parseVarsFile('v.yaml', 'ok: 1\nbad name: 2\n')).toThrow("v.yaml:2:1: 'bad name' cannot be a var name");
    expect(() => parseVarsFile('v.yaml', 'a: [1\n')).toThrow(/^v\.yaml:\d+:\d+: /);
  });

  it('resolves --secret values in the secret syntax', () => {
    const io = { env: { T: 'from-env' }, readFile: () => 'from-file\n' };
    expect(parseSecretFlags(['a=lit', 'b=env:T', 'c=@k.txt', 'd=x=y'], io)).toEqual({ a: 'lit', b: 'from-env', c: 'from-file', d: 'x=y' });
    expect(() => parseSecretFlags(['b=env:NOPE'], io)).toThrow('--secret b reads env:NOPE, which is not set');
  });
});

describe('the shipped schema', () => {
  it('is the schema the loader validates with', () => {
    const shipped: unknown = JSON.parse(readFileSync(new URL('../../../schema/suite.schema.json', import.meta.url), 'utf8'));
    expect(shipped, 'run npm run schema after changing src/suite/suite-schema.ts').toEqual(suiteSchema);
  });

  it("accepts the contract's example and a $schema line", () => {
    const suite = load(`
      # yaml-language-server: $schema=../schema/suite.schema.json
      name: order callbacks
      vars: { api: "\${{ env.API_URL }}" }
      secrets: { token: "env:API_TOKEN" }
      receiver: { publicUrl: "\${{ api }}", verify: { scheme: github, secret: "env:GH_SECRET" }, port: "\${{ env.PORT }}", respondSeq: [503, 200] }
      defaults: { timeout: 30s, retry: 0 }
      cases:
        - name: an order is processed
          rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "12345" } }
          expect: [ '$.body.result.status == "completed"' ]
          capture: { total: '$.body.result.totalAmount', job: 'ack.$.body.result.callback.url' }
        - name: the task notifies twice, then is cancelled
          subscribe: { url: "\${{ api }}/items/tasks/", body: { amount: "\${{ total }}" }, cancel: put }
          count: 2
        - name: the gateway resumes the paused flow
          steps:
            - request: { method: POST, url: "\${{ api }}/flows/checkout/start", body: { callbackUrl: "\${{ callbackUrl }}" } }
              capture: { trigger: 'ack.$.body.triggerUrl' }
            - send: { url: "\${{ trigger }}", data: { paid: true }, headers: { user-token: "\${{ token }}" } }
            - wait: { count: 1, expect: [ '$.body.status == "completed"' ], timeout: 10s }
    `);
    expect(suite.name).toBe('order callbacks');
    expect(suite.cases.map((item) => item.steps.length)).toEqual([1, 1, 3]);
    expect(suite.defaults).toEqual({ timeout: '30s', retry: 0 });
  });

  it('reads JSON suites too, with positions', () => {
    const text = '{\n  "cases": [\n    { "rpc": { "url": "http://x", "method": "m", "idd": 1 } }\n  ]\n}\n';
    expect(() => load(text)).toThrow("suite.yaml:3:50: cases[0].rpc: unknown key 'idd'");
  });
});

describe('the receiver block as flags', () => {
  it('takes the shape commander gives the receiver flags', async () => {
    const { receiverAsFlags } = await import('../../../src/suite/receiver-flags.js');
    const { createScope, resolveTemplate } = await import('../../../src/suite/index.js');
    const suite = load(`
      receiver:
        port: "\${{ env.PORT }}"
        https: true
        status: 202
        responseHeader: { x-test: yes, x-n: 2 }
        responseBody: { ok: true }
        respondSeq: [503, 200]
        verify: { scheme: github, secret: "env:GH_SECRET", tolerance: 1m }
        relay: http://relay.local
        redactHeader: [x-api-key]
      cases: [ { listen: {} } ]
    `);
    const receiver = resolveTemplate(suite.receiver, createScope(suite, { PORT: '4555' }, {}, '')) as Record<string, unknown>;
    expect(receiverAsFlags(receiver)).toEqual({
      port: '4555', https: true, status: '202', responseHeader: ['x-test: yes', 'x-n: 2'], responseBody: '{"ok":true}',
      respondSeq: '503,200', verify: 'github', secret: 'gh-secret-2', tolerance: '1m', relay: ['http://relay.local'], redactHeader: ['x-api-key'],
    });
  });
});
