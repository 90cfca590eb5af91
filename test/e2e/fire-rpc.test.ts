import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCertificate } from '../../src/receiver/certificate.js';
import { parseNdjson, runCli, runCliToEnd } from '../helpers/cli.js';
import { startReferenceProducer, startScriptedRpcProducer, type Running } from '../helpers/producers.js';

let producer: Running;
beforeAll(async () => {
  producer = await startReferenceProducer();
});
afterAll(() => producer.close());

const fire = (...args: string[]) => runCliToEnd(['fire', '--rpc', `${producer.url}/rpc`, ...args]);

describe('cbtest fire --rpc against cbtest serve', () => {
  it('sends the request, shows the ack and the callback, passes its expectations and exits 0', async () => {
    const result = await fire('--method', 'OrderService.processOrder', '--params', '{"orderId":"12345"}', '--id', '7', '--expect', '$.body.result.status == "completed"', '--json');
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    const request = events.find((event) => event.type === 'request')!;
    const planted = (request.body as { params: Record<string, string> }).params['$rpc.callback']!;
    expect(planted).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cb\/[\w-]{16}$/);
    expect(events.find((event) => event.type === 'ack')).toMatchObject({ status: 200, body: { id: 7, result: { callback: { url: planted, status: true } } } });
    expect(events.find((event) => event.type === 'probe')).toMatchObject({ method: 'OPTIONS', path: new URL(planted).pathname });
    expect(events.find((event) => event.type === 'callback')).toMatchObject({ matched: true, body: { id: 7, result: { orderId: '12345', status: 'completed' } } });
    expect(events.filter((event) => event.type === 'assertion').every((event) => event.pass)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'result', pass: true, exitCode: 0, callbacks: 1 });
    // The receiver's own warm-up request is answered internally: only the producer's probe and callback are recorded.
    const received = events.filter((event) => event.type === 'callback' || event.type === 'probe');
    expect(received.map((event) => event.path)).toEqual([new URL(planted).pathname, new URL(planted).pathname]);
  });

  it('exits 1 naming the expression, expected vs actual and the event when an expectation is wrong', async () => {
    const result = await fire('--method', 'OrderService.processOrder', '--params', '{"orderId":"1"}', '--expect', '$.body.result.status == "shipped"');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ \$\.body\.result\.status == "shipped": got "completed" \(event #\d+\)/);
    expect(result.stdout).toMatch(/^FAIL 1 callback .* exit 1: assertion failed/m);
  });

  it('exits 4 with the JSON-RPC error when the method does not exist', async () => {
    const result = await fire('--method', 'No.suchMethod');
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/exit 4: JSON-RPC error -32601: method "No\.suchMethod" not found/);
  });

  it('fails a callback that carries a JSON-RPC error with exit 1, unless an --expect names error', async () => {
    const failed = await fire('--method', 'OrderService.failOrder', '--params', '{"orderId":"9"}');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/the callback carries a JSON-RPC error/);
    const accepted = await fire('--method', 'OrderService.failOrder', '--params', '{"orderId":"9"}', '--expect', '$.body.error.code isNumber');
    expect(accepted.code).toBe(0);
  });

  it('writes a JUnit report CI systems can read: one case per expectation plus "callback arrived"', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cbtest-junit-')), 'report.xml');
    const result = await fire('--method', 'OrderService.processOrder', '--params', '{"orderId":"5"}', '--expect', '$.body.result.totalAmount > 100', '--expect', '$.body.result.currency == "EUR"', '--report', 'junit', '--report-file', file);
    expect(result.code).toBe(1);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(file, 'utf8'));
    const suite = xml.testsuites.testsuite;
    expect(suite['@_tests']).toBe('4');
    expect(suite['@_failures']).toBe('1');
    const cases = suite.testcase as Array<Record<string, unknown>>;
    expect(cases.map((item) => String(item['@_name']))).toEqual([
      expect.stringMatching(/^callback arrived/),
      expect.stringMatching(/^\$\.body\.result\.totalAmount > 100/),
      expect.stringMatching(/^\$\.body\.result\.currency == "EUR"/),
      expect.stringMatching(/^\$\.body\.error not exists/),
    ]);
    expect((cases[1]!.failure as Record<string, string>)['@_message']).toMatch(/got 99\.99/);
  });

  it('passes against a producer that demands https, with --https and the producer trusting the printed certificate', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'cbtest-https-'));
    const { cert } = await ensureCertificate({ cacheDir, hosts: [] });
    const strict = await startReferenceProducer({ allowHttp: false, trustCertificates: [cert] });
    const plain = await runCliToEnd(['fire', '--rpc', `${strict.url}/rpc`, '--method', 'OrderService.processOrder', '--params', '{"orderId":"1"}']);
    const secure = await runCliToEnd(['fire', '--rpc', `${strict.url}/rpc`, '--method', 'OrderService.processOrder', '--params', '{"orderId":"1"}', '--https', '--json'], { env: { CBTEST_CACHE_DIR: cacheDir } });
    await strict.close();
    expect(plain.code).toBe(4);
    expect(plain.stdout).toMatch(/must use https/);
    expect(secure.code).toBe(0);
    expect(parseNdjson(secure.stdout)[0]).toMatchObject({ type: 'listening', url: expect.stringMatching(/^https:/), certPath: join(cacheDir, 'receiver-cert.pem') });
  });

  it('lets cbtest send activate a paused flow, whose callback then completes the run', async () => {
    const run = runCli(['fire', '--rpc', `${producer.url}/rpc`, '--method', 'FlowService.start', '--json', '--timeout', '20s', '--expect', '$.body.result.triggerData.paid == true']);
    const ackLine = await run.waitForLine(/"type":"ack"/);
    const triggerUrl = (JSON.parse(ackLine) as { body: { result: { callback: { data: Array<{ triggerUrl: string }> } } } }).body.result.callback.data[0]!.triggerUrl;
    const sent = await runCliToEnd(['send', triggerUrl, '--data', '{"paid":true}']);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/send {2}200 in/);
    expect(await run.exited).toBe(0);
    const again = await runCliToEnd(['send', triggerUrl, '--data', '{"paid":true}']);
    expect(again.code).toBe(4);
    expect(again.stdout).toMatch(/409/);
  });
});

describe('cbtest demo (the quick start)', () => {
  it('runs the whole loop against the embedded producer: request, ack, callback, green expectations, exit 0', async () => {
    const result = await runCliToEnd(['demo']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.filter((line) => line.startsWith('→ ') || line.startsWith('← ') || line.startsWith('● '))).toHaveLength(3);
    expect(lines.filter((line) => line.startsWith('✓ '))).toHaveLength(4);
    expect(result.stdout).toMatch(/^PASS 1 callback in .*, exit 0$/m);
  });
});

describe('cbtest fire --rpc against producers that misbehave', () => {
  it('ignores a callback with the wrong id and waits for the right one; accepts the {async:true} ack', async () => {
    const scripted = await startScriptedRpcProducer((call, url, post) => {
      setTimeout(async () => {
        await post({ jsonrpc: '2.0', id: 'someone-else', result: {} });
        await post({ jsonrpc: '2.0', id: call.id, result: { ok: true } });
      }, 20);
      return { body: { jsonrpc: '2.0', id: call.id, result: { async: true, callback: url } } };
    });
    const result = await runCliToEnd(['fire', '--rpc', `${scripted.url}/rpc`, '--method', 'x', '--id', '"1"', '--json']);
    await scripted.close();
    expect(result.code).toBe(0);
    const callbacks = parseNdjson(result.stdout).filter((event) => event.type === 'callback');
    expect(callbacks.map((event) => [event.matched, event.note])).toEqual([
      [false, 'id "someone-else" is not "1"'],
      [true, undefined],
    ]);
  });

  it('waits for a slow callback, showing progress on stderr meanwhile', async () => {
    let callBack: () => Promise<number> = () => Promise.reject(new Error('the rpc was never called'));
    const scripted = await startScriptedRpcProducer((call, url, post) => {
      callBack = () => post({ jsonrpc: '2.0', id: call.id, result: { late: true } });
      return { body: { jsonrpc: '2.0', id: call.id, result: { callback: { url, status: true, data: [] } } } };
    });
    const run = runCli(['fire', '--rpc', `${scripted.url}/rpc`, '--method', 'x', '--id', '9', '--timeout', '40s']);
    // The callback comes once the progress line is out (every 5s), not at a time set to race it.
    const progress = /^… waiting for the callback with id 9: 0 of 1 callbacks so far, \d+\.\ds of 40s$/m;
    await expect.poll(() => run.stderr(), { timeout: 25_000, interval: 100 }).toMatch(progress);
    expect(await callBack()).toBe(200);
    expect(await run.exited).toBe(0);
    await scripted.close();
  }, 45_000);

  it('treats the id type-sensitively: 1 is not "1"', async () => {
    // The wrong-id callback is answered before the ack goes out, so it is in before the 1 s can run out, however loaded.
    const scripted = await startScriptedRpcProducer(async (call, url, post) => {
      await post({ jsonrpc: '2.0', id: String(call.id), result: {} });
      return { body: { jsonrpc: '2.0', id: call.id, result: { callback: { url, status: true, data: [] } } } };
    });
    const result = await runCliToEnd(['fire', '--rpc', `${scripted.url}/rpc`, '--method', 'x', '--id', '1', '--timeout', '1s']);
    await scripted.close();
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/timed out after 1s waiting for the callback with id 1 \(0 of 1 arrived; 1 other request did not match\)/);
  });

  it('exits 4 on an error ack, a refused callback and a non-JSON answer, showing what the server said', async () => {
    const answers = [
      { body: { jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'callback must be https' } } },
      { body: { jsonrpc: '2.0', id: 1, result: { callback: { url: 'x', status: false, data: [] } } } },
      { status: 502, body: '<html>bad gateway</html>', headers: { 'content-type': 'text/html' } },
    ];
    const scripted = await startScriptedRpcProducer(() => answers.shift()!);
    const target = `${scripted.url}/rpc`;
    const [error, refused, html] = [
      await runCliToEnd(['fire', '--rpc', target, '--method', 'x']),
      await runCliToEnd(['fire', '--rpc', target, '--method', 'x']),
      await runCliToEnd(['fire', '--rpc', target, '--method', 'x']),
    ];
    await scripted.close();
    expect(error.code).toBe(4);
    expect(error.stdout).toMatch(/JSON-RPC error -32602: callback must be https; some producers demand https and a dotted host name/);
    expect(refused.code).toBe(4);
    expect(refused.stdout).toMatch(/refused the callback URL \(callback.status false\)/);
    expect(html.code).toBe(4);
    expect(html.stdout).toMatch(/answered 502: <html>bad gateway<\/html>/);
  });

  it('passes a producer that probes with the rpc.callback POST instead of OPTIONS, without counting the probe', async () => {
    const scripted = await startScriptedRpcProducer((call, url, post) => {
      setTimeout(async () => {
        await post({ 'rpc.callback': 'check real webhook url' });
        await post({ jsonrpc: '2.0', id: call.id, result: { done: true } });
      }, 10);
      return { body: { jsonrpc: '2.0', id: call.id, result: { callback: { url, status: true, data: [] } } } };
    });
    const result = await runCliToEnd(['fire', '--rpc', `${scripted.url}/rpc`, '--method', 'x', '--json']);
    await scripted.close();
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((event) => event.type === 'probe')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'callback')).toHaveLength(1);
  });

  it('exits 3 when the producer acks and never calls back, and 4 when nothing listens at the target', async () => {
    const silent = await startScriptedRpcProducer((call, url) => ({ body: { jsonrpc: '2.0', id: call.id, result: { callback: { url, status: true, data: [] } } } }));
    const waited = await runCliToEnd(['fire', '--rpc', `${silent.url}/rpc`, '--method', 'x', '--timeout', '500ms']);
    await silent.close();
    expect(waited.code).toBe(3);
    const down = await runCliToEnd(['fire', '--rpc', `${silent.url}/rpc`, '--method', 'x']);
    expect(down.code).toBe(4);
    expect(down.stdout).toMatch(/refused the connection \(ECONNREFUSED\)/);
  });

  it('exits 3 naming the unanswered request when the target accepts the connection but never answers', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/rpc`;
    const result = await runCliToEnd(['fire', '--rpc', target, '--method', 'x', '--timeout', '500ms']);
    hanging.closeAllConnections();
    hanging.close();
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`timed out after 0.5s waiting for the answer to POST ${target}`);
  });

  it('refuses bad input with exit 2 before sending anything', async () => {
    const badJson = await runCliToEnd(['fire', '--rpc', 'http://127.0.0.1:1/rpc', '--method', 'x', '--params', '{"a":1,}']);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr.trim()).toMatch(/^cbtest: --params is not valid JSON at position 7/);
    const noTarget = await runCliToEnd(['fire', '--method', 'x']);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/fire needs a target: one of --rpc/);
    const badUrl = await runCliToEnd(['fire', '--rpc', 'localhost:5000', '--method', 'x']);
    expect(badUrl.code).toBe(2);
  });
});
