import { describe, expect, it } from 'vitest';
import { loadError } from './helpers.js';

describe('a suite that does not load names file, line and column (exit 2)', () => {
  it('a YAML syntax error', () => {
    const { line, exitCode } = loadError(`
      cases:
        - rpc: { url: x, method: y
    `);
    expect(exitCode).toBe(2);
    expect(line).toMatch(/^suite\.yaml:\d+:\d+: /);
  });

  it('a misspelt key, with the nearest allowed key', () => {
    expect(loadError(`
      cases:
        - name: a
          rcp: { url: http://x, method: m }
    `)).toEqual({ line: "suite.yaml:3:5: cases[0]: unknown key 'rcp'; did you mean 'rpc'?", exitCode: 2 });
    expect(loadError(`
      cases:
        - rpc: { url: http://x, mehtod: m }
    `).line).toBe("suite.yaml:2:27: cases[0].rpc: unknown key 'mehtod'; did you mean 'method'?");
    expect(loadError(`
      receiver: { publicURL: http://x }
      cases: [ { listen: {} } ]
    `).line).toBe("suite.yaml:1:13: receiver: unknown key 'publicURL'; did you mean 'publicUrl'?");
  });

  it('an unknown key with nothing close lists what is allowed', () => {
    expect(loadError(`
      defaults: { zzz: 1 }
      cases: [ { listen: {} } ]
    `).line).toBe("suite.yaml:1:13: defaults: unknown key 'zzz'; allowed here: timeout, retry");
  });

  it('a value of the wrong type', () => {
    expect(loadError(`
      cases:
        - rpc: { url: http://x, method: m }
          count: two
    `).line).toBe('suite.yaml:3:12: cases[0].count: must be a whole number >= 1 or a ${{ }} expression, got "two"');
    expect(loadError(`
      receiver: { port: 70000 }
      cases: [ { listen: {} } ]
    `).line).toBe('suite.yaml:1:19: receiver.port: must be a whole number from 0 to 65535 or a ${{ }} expression, got 70000');
    expect(loadError(`
      cases:
        - subscribe: { url: http://x, cancel: post }
    `).line).toBe('suite.yaml:2:41: cases[0].subscribe.cancel: must be one of "put", "delete", "none" or a ${{ }} expression, got "post"');
  });

  it('a duration without a unit', () => {
    expect(loadError(`
      cases:
        - listen: {}
          timeout: 30
    `).line).toBe('suite.yaml:3:14: cases[0].timeout: must be a duration with a unit (500ms, 30s, 2m) or a ${{ }} expression, got 30');
  });

  it('0 is the one duration without a unit', () => {
    expect(() => loadError(`
      cases:
        - subscribe: { url: http://x, grace: 0 }
        - steps: [ { sleep: 0 } ]
    `)).toThrow('expected the suite to be refused');
  });

  it('a sleep that is not a duration', () => {
    expect(loadError(`
      cases:
        - steps: [ { sleep: soon } ]
    `).line).toBe('suite.yaml:2:23: cases[0].steps[0].sleep: must be a duration with a unit (500ms, 30s, 2m) or a ${{ }} expression, got "soon"');
  });

  it('a missing required key', () => {
    expect(loadError(`
      cases:
        - rpc: { url: http://x }
    `).line).toBe("suite.yaml:2:10: cases[0].rpc: 'method' is missing");
  });

  it('a case with no fire block, or with two', () => {
    expect(loadError(`
      cases:
        - name: nothing to do
    `).line).toBe('suite.yaml:2:5: cases[0]: a case needs one of rpc, subscribe, openapi, oauth, listen or steps');
    expect(loadError(`
      cases:
        - rpc: { url: http://x, method: m }
          listen: {}
    `).line).toBe('suite.yaml:3:5: cases[0]: a case takes one of rpc, listen, not several; split it into cases, or use steps');
  });

  it('wait fields on a step that does not wait', () => {
    expect(loadError(`
      cases:
        - steps:
            - send: { url: http://x }
              count: 2
    `).line).toBe("suite.yaml:4:9: cases[0].steps[0]: 'count' does not belong here; put the wait fields in a wait step or on a fire step");
  });

  it('an empty case list', () => {
    expect(loadError('cases: []').line).toBe('suite.yaml:1:8: cases: must not be empty');
  });

  it('a capture that is not a query', () => {
    expect(loadError(`
      cases:
        - listen: {}
          capture: { total: body.total }
    `).line).toBe(`suite.yaml:3:23: cases[0].capture.total: must be a query '$.body...' or 'ack.$.body...', got "body.total"`);
  });
});

describe('names are checked before anything runs', () => {
  it('an undefined name, with a guess when one is close', () => {
    expect(loadError(`
      vars: { api: http://x }
      cases:
        - rpc: { url: "\${{ apu }}/rpc", method: m }
    `)).toEqual({ line: "suite.yaml:3:18: '${{ apu }}' uses 'apu', which is not defined; did you mean 'api'?", exitCode: 2 });
    expect(loadError(`
      cases:
        - rpc: { url: "http://x/\${{ nowhere }}", method: m }
    `).line).toBe("suite.yaml:2:27: '${{ nowhere }}' uses 'nowhere', which is not defined; define it in vars, pass --var nowhere=..., or capture it in an earlier step");
  });

  it('an unset env var', () => {
    expect(loadError(`
      vars: { api: "\${{ env.NOT_SET_ANYWHERE }}" }
      cases: [ { listen: {} } ]
    `).line).toBe("suite.yaml:1:15: '${{ env.NOT_SET_ANYWHERE }}' uses env.NOT_SET_ANYWHERE, which is not set; export NOT_SET_ANYWHERE=... before the run, or use a var");
  });

  it('an env var that is set but empty is defined', () => {
    expect(() => loadError(`
      vars: { blank: "\${{ env.EMPTY }}" }
      cases: [ { listen: {} } ]
    `)).toThrow('expected the suite to be refused');
  });

  it('bad ${{ syntax: unclosed, empty, not a name', () => {
    expect(loadError(`
      cases:
        - rpc: { url: "http://x/\${{ api", method: m }
    `).line).toBe("suite.yaml:2:27: '${{' is never closed; end it with '}}', e.g. ${{ api }}");
    expect(loadError(`
      cases:
        - send: { url: "\${{ }}" }
    `.replace('- send', '- steps: [ { send').replace('}" }', '}" } } ]')).line).toMatch(/^suite\.yaml:2:\d+: '\$\{\{ \}\}' names nothing/);
    expect(loadError(`
      cases:
        - rpc: { url: "\${{ 1api }}", method: m }
    `).line).toBe("suite.yaml:2:18: '${{ 1api }}' is not a name; a name is letters, digits and _ (env.NAME, order.items.0.id)");
    expect(loadError(`
      cases:
        - rpc: { url: "\${{ env }}", method: m }
    `).line).toMatch(/^suite\.yaml:2:18: '\$\{\{ env \}\}' must be env\.NAME/);
  });

  it('points at the right ${{ when a string has several, in any quoting', () => {
    expect(loadError(`
      vars: { a: 1 }
      cases:
        - rpc:
            url: http://x/\${{ a }}/\${{ b }}
            method: m
    `).line).toMatch(/^suite\.yaml:4:30: '\$\{\{ b \}\}'/);
    expect(loadError(`
      vars: { a: 1 }
      cases:
        - rpc: { url: 'x \${{ a }} \${{ b }}', method: m }
    `).line).toMatch(/^suite\.yaml:3:29: /);
  });

  it('a capture used before it is captured', () => {
    expect(loadError(`
      cases:
        - rpc: { url: "http://x/\${{ total }}", method: m }
        - rpc: { url: http://x, method: m }
          capture: { total: '$.body.total' }
    `).line).toBe("suite.yaml:2:27: '${{ total }}' uses capture 'total' before it is captured (at 4:16); captures flow down: capture it in an earlier step or case");
  });

  it('a capture used by its own step', () => {
    expect(loadError(`
      cases:
        - steps:
            - request: { url: "http://x/\${{ id }}" }
              capture: { id: 'ack.$.body.id' }
    `).line).toMatch(/^suite\.yaml:3:35: .*uses capture 'id' before it is captured \(at 4:20\)/);
  });

  it('a capture or callbackUrl where only load-time names are known', () => {
    expect(loadError(`
      receiver: { publicUrl: "\${{ callbackUrl }}" }
      cases: [ { listen: {} } ]
    `).line).toMatch(/^suite\.yaml:1:25: '\$\{\{ callbackUrl \}\}' cannot be used in the receiver/);
    expect(loadError(`
      cases:
        - listen: {}
          capture: { n: '$.body.n' }
        - listen: {}
          count: "\${{ n }}"
    `).line).toBe("suite.yaml:5:13: '${{ n }}' uses capture 'n', but count is settled before any case runs; captures can be used in requests, sends, fire blocks, until and expect");
  });

  it('a path into a var that it does not have', () => {
    expect(loadError(`
      vars: { order: { id: 7 } }
      cases:
        - rpc: { url: "http://x/\${{ order.number }}", method: m }
    `).line).toBe("suite.yaml:3:27: '${{ order.number }}' names 'number', which order does not have");
  });

  it('vars that use each other in a cycle', () => {
    expect(loadError(`
      vars: { a: "\${{ b }}", b: "\${{ a }}" }
      cases: [ { listen: {} } ]
    `).line).toMatch(/^suite\.yaml:1:\d+: var '\w' uses '\w', which uses '\w' again; break the cycle/);
  });

  it('a name used twice or reserved', () => {
    expect(loadError(`
      vars: { token: a }
      secrets: { token: b }
      cases: [ { listen: {} } ]
    `).line).toBe("suite.yaml:2:12: 'token' is both a var and a secret; give one of them another name");
    expect(loadError(`
      vars: { callbackUrl: a }
      cases: [ { listen: {} } ]
    `).line).toBe("suite.yaml:1:9: 'callbackUrl' is a reserved name; env and callbackUrl are built in: choose another name");
    expect(loadError(`
      vars: { total: 1 }
      cases:
        - listen: {}
          capture: { total: '$.body.total' }
    `).line).toBe("suite.yaml:4:16: capture 'total' has the name of a var; give the capture another name");
  });

  it('a capture that reads what its step cannot have', () => {
    expect(loadError(`
      cases:
        - steps:
            - request: { url: http://x }
              capture: { id: '$.body.id' }
    `).line).toBe("suite.yaml:4:24: capture '$.body.id' reads a callback, but this step only gets an acknowledgment; write 'ack.$.body.id'");
  });

  it('a bad expectation, until, duration or count after interpolation', () => {
    expect(loadError(`
      cases:
        - listen: {}
          expect: [ '$.body.status = "done"' ]
    `).line).toMatch(/^suite\.yaml:3:15: --expect '\$\.body\.status = "done"': /);
    expect(loadError(`
      vars: { wait: soon }
      cases:
        - listen: {}
          timeout: "\${{ wait }}"
    `).line).toMatch(/^suite\.yaml:4:15: timeout 'soon' is not a duration/);
    expect(loadError(`
      cases:
        - listen: {}
          count: "\${{ env.API_URL }}"
    `).line).toBe('suite.yaml:3:12: count must be a whole number >= 1, got "http://127.0.0.1:4010"');
  });

  it('a secret that cannot be read', () => {
    expect(loadError(`
      secrets: { token: "env:NO_SUCH_TOKEN" }
      cases: [ { listen: {} } ]
    `).line).toBe('suite.yaml:1:19: secrets.token reads env:NO_SUCH_TOKEN, which is not set; export NO_SUCH_TOKEN=... first');
    expect(loadError(`
      receiver: { verify: { scheme: github, secret: "@missing.key" } }
      cases: [ { listen: {} } ]
    `, { readFile: () => { throw Object.assign(new Error('nope'), { code: 'ENOENT' }); } }).line).toBe(
      'suite.yaml:1:47: receiver.verify.secret cannot read @missing.key (no such file); check the path',
    );
  });
});
