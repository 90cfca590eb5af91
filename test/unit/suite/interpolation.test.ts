import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureMissingError, createScope, loadSuiteFile, resolveTemplate, resolveWaitSpec, type SuiteStep } from '../../../src/suite/index.js';
import { compileTemplate } from '../../../src/suite/template.js';
import { ENV, load, yaml } from './helpers.js';

const fire = (step: SuiteStep) => {
  if (step.kind !== 'fire') throw new Error(`expected a fire step, got ${step.kind}`);
  return step;
};

describe('${{ }} interpolation', () => {
  const suite = load(`
    vars:
      api: "\${{ env.API_URL }}"
      rpc: "\${{ api }}/rpc"
      limit: 3
      flags: { fast: true }
      items: [ { id: a1 }, { id: b2 } ]
    secrets: { token: "env:API_TOKEN" }
    cases:
      - rpc:
          url: "\${{ rpc }}"
          method: m
          params: { limit: "\${{ limit }}", flags: "\${{ flags }}", label: "limit=\${{ limit }} \${{ flags }}", second: "\${{ items.1.id }}" }
          headers: { authorization: "Bearer \${{ token }}" }
        capture: { total: '$.body.total' }
      - rpc: { url: "\${{ api }}/x", method: m, params: { total: "\${{ total }}", text: "total \${{ total }}", hook: "\${{ callbackUrl }}" } }
  `);
  const scope = createScope(suite, ENV, { total: 99.5 }, 'http://127.0.0.1:9/c/abc');

  it('keeps the type of a value that is exactly one ${{ }}', () => {
    const options = resolveTemplate(fire(suite.cases[0]!.steps[0]!).options, scope) as { params: Record<string, unknown> };
    expect(options.params.limit).toBe(3);
    expect(options.params.flags).toEqual({ fast: true });
    expect(options.params.second).toBe('b2');
  });

  it('turns values inside text into text (JSON for maps and lists)', () => {
    const options = resolveTemplate(fire(suite.cases[0]!.steps[0]!).options, scope) as { params: Record<string, unknown>; headers: Record<string, string> };
    expect(options.params.label).toBe('limit=3 {"fast":true}');
    expect(options.headers.authorization).toBe('Bearer tok-secret-1');
  });

  it('lets vars use env and other vars, in any order', () => {
    expect(suite.vars.rpc).toBe('http://127.0.0.1:4010/rpc');
    expect(resolveTemplate(fire(suite.cases[0]!.steps[0]!).options, scope)).toMatchObject({ url: 'http://127.0.0.1:4010/rpc' });
  });

  it('reads captures of earlier cases and the case URL at run time', () => {
    const options = resolveTemplate(fire(suite.cases[1]!.steps[0]!).options, scope) as { params: Record<string, unknown> };
    expect(options.params).toEqual({ total: 99.5, text: 'total 99.5', hook: 'http://127.0.0.1:9/c/abc' });
  });

  it('a capture that got no value fails the case (exit 1), naming where it is used', () => {
    const empty = createScope(suite, ENV, {}, 'http://x');
    expect(() => resolveTemplate(fire(suite.cases[1]!.steps[0]!).options, empty)).toThrow(CaptureMissingError);
    expect(() => resolveTemplate(fire(suite.cases[1]!.steps[0]!).options, empty)).toThrow(/^suite\.yaml:15:62: capture 'total' has no value/);
  });

  it('collects every secret for redaction', () => {
    const withSecrets = load(`
      secrets: { token: "env:API_TOKEN", inline: "s3cr3t" }
      receiver: { verify: { scheme: github, secret: "env:GH_SECRET" }, relayToken: "@relay.key" }
      cases:
        - steps:
            - send: { url: http://x, sign: github, secret: "\${{ env.GH_SECRET }}-2" }
    `, { secrets: { cli: 'from-flag' }, readFile: (path: string) => (path === 'relay.key' ? 'relay-tok\n' : '') });
    expect(new Set(withSecrets.secretValues)).toEqual(new Set(['tok-secret-1', 's3cr3t', 'from-flag', 'gh-secret-2', 'relay-tok', 'gh-secret-2-2']));
    expect(withSecrets.receiver).toMatchObject({ verify: { secret: 'gh-secret-2' }, relayToken: 'relay-tok' });
    const send = withSecrets.cases[0]!.steps[0]!;
    expect(send.kind === 'send' && (send.send as { secret: string }).secret).toBe('gh-secret-2-2');
  });

  it('--var beats vars, --secret beats secrets, and a --var needs no vars entry', () => {
    const overridden = load(`
      vars: { api: "\${{ env.NOT_SET }}", port: 1 }
      secrets: { token: "env:ALSO_NOT_SET" }
      cases: [ { listen: {} } ]
    `, { vars: { api: 'http://flag', extra: [1] }, secrets: { token: 'flag-token' } });
    expect(overridden.vars).toEqual({ api: 'http://flag', port: 1, extra: [1] });
    expect(overridden.secrets).toEqual({ token: 'flag-token' });
  });

  it('settles wait fields at load, and leaves captured ones for resolveWaitSpec', () => {
    const suite = load(`
      vars: { n: 2, status: done }
      defaults: { timeout: 5s }
      cases:
        - listen: {}
          count: "\${{ n }}"
          until: '$.body.status == "\${{ status }}"'
          expect: [ '$.body.url == "\${{ callbackUrl }}"', '$.body.n == \${{ n }}' ]
          expectSchema: schemas/order.json
    `);
    const step = fire(suite.cases[0]!.steps[0]!);
    expect(step.wait).toMatchObject({ count: 2, until: '$.body.status == "done"', timeout: '5s', expectSchema: 'schemas/order.json' });
    expect(step.wait.expect).toEqual(['$.body.url == "${{ callbackUrl }}"', '$.body.n == 2']);
    const resolved = resolveWaitSpec(step.wait, createScope(suite, ENV, {}, 'http://h/c/1'));
    expect(resolved.expect).toEqual(['$.body.url == "http://h/c/1"', '$.body.n == 2']);
    expect(resolved.deferred).toBeUndefined();
  });

  it('resolves relative paths against the suite folder', () => {
    const suite = loadIn('/work/suites/a.yaml', `
      cases:
        - openapi: { spec: ../specs/api.yaml, operation: createOrder }
          expectSchema: schemas/order.json
    `);
    const step = fire(suite.cases[0]!.steps[0]!);
    expect(step.options.spec).toBe('/work/suites/../specs/api.yaml');
    expect(step.wait.expectSchema).toBe('/work/suites/schemas/order.json');
  });

  it('builds steps in order with their kinds', () => {
    const suite = load(`
      cases:
        - name: paused flow
          retry: 2
          steps:
            - request: { method: POST, url: http://x/start, body: { cb: "\${{ callbackUrl }}" } }
              capture: { trigger: 'ack.$.body.triggerUrl' }
            - send: { url: "\${{ trigger }}", data: { paid: true } }
            - wait: { count: 1, timeout: 10s }
              capture: { status: '$.body.status' }
            - sleep: 1.5s
            - listen: {}
              until: '$.body.status == "\${{ status }}"'
    `);
    const [first] = suite.cases;
    expect(first).toMatchObject({ name: 'paused flow', retry: 2, pos: { line: 2, column: 5 } });
    expect(first!.steps.map((step) => step.kind)).toEqual(['request', 'send', 'wait', 'sleep', 'fire']);
    expect(first!.steps[3]).toMatchObject({ kind: 'sleep', ms: 1500 });
    expect(suite.name).toBe('suite.yaml');
  });
});

describe('text without ${{ is left alone', () => {
  it('is the identity, for any text', () => {
    const pos = { file: 'f', line: 1, column: 1 };
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }).filter((text) => !text.includes('${{')), (text) => {
        const compiled = compileTemplate(text, () => pos);
        expect(compiled).toBe(text);
        expect(resolveTemplate(compiled, { env: {}, vars: {}, secrets: {}, captures: {}, callbackUrl: '' })).toBe(text);
      }),
    );
  });

  it('survives a whole suite load unchanged', () => {
    fc.assert(
      fc.property(fc.string().filter((text) => !text.includes('${{')), (text) => {
        const suite = load(`cases: [ { rpc: { url: http://x, method: ${JSON.stringify(text)} } } ]`);
        expect(resolveTemplate(fire(suite.cases[0]!.steps[0]!).options, createScope(suite, {}, {}, ''))).toEqual({ url: 'http://x', method: text });
      }),
      { numRuns: 50 },
    );
  });
});

function loadIn(path: string, text: string) {
  return loadSuiteFile(path, yaml(text), { env: ENV, vars: {}, secrets: {} });
}

describe('YAML anchors and merge keys', () => {
  it('reuse a block from an x- key, with the own keys winning', () => {
    const suite = load(`
      x-order: &order { url: "\${{ env.API_URL }}/rpc", method: OrderService.processOrder, params: { orderId: "1" } }
      cases:
        - rpc: *order
        - rpc: { <<: *order, params: { orderId: "2" } }
    `);
    const scope = createScope(suite, ENV, {}, '');
    const [first, second] = suite.cases.map((item) => resolveTemplate(fire(item.steps[0]!).options, scope));
    expect(first).toEqual({ url: 'http://127.0.0.1:4010/rpc', method: 'OrderService.processOrder', params: { orderId: '1' } });
    expect(second).toEqual({ url: 'http://127.0.0.1:4010/rpc', method: 'OrderService.processOrder', params: { orderId: '2' } });
  });
});
