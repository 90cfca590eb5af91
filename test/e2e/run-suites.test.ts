import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNdjson, runCliToEnd } from '../helpers/cli.js';
import { startReferenceProducer, type Running } from '../helpers/producers.js';

let producer: Running;
const dir = mkdtempSync(join(tmpdir(), 'cbtest-suites-'));
beforeAll(async () => {
  producer = await startReferenceProducer();
});
afterAll(() => producer.close());

function suite(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ORDERS = `
name: orders
cases:
  - name: an order is processed
    rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "7" } }
    expect: [ '$.body.result.status == "completed"' ]
    capture: { order: '$.body.result.orderId' }
  - name: the captured order is sent on
    rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "\${{ order }}-again" } }
    expect: [ '$.body.result.orderId == "7-again"' ]
  - name: a wrong expectation fails
    rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "8" } }
    expect: [ '$.body.result.status == "shipped"' ]
`;

const FLOWS = `
name: flows
cases:
  - name: the gateway resumes the paused flow
    steps:
      - request:
          url: "\${{ api }}/rpc"
          body: { jsonrpc: "2.0", id: 1, method: FlowService.start, params: { "$rpc.callback": "\${{ callbackUrl }}" } }
        capture: { trigger: 'ack.$.body.result.callback.data[0].triggerUrl' }
      - send: { url: "\${{ trigger }}", data: { paid: true } }
      - wait: { count: 1, expect: [ '$.body.result.triggerData.paid == true' ], timeout: 10s }
  - name: an unreachable target
    rpc: { url: "http://127.0.0.1:9/rpc", method: OrderService.processOrder }
`;

describe('cbtest run', () => {
  it('runs several files with --jobs 2 on one --port: captures cross cases, a failure is exit 1, an unreachable target 4', async () => {
    const port = await freePort();
    const report = join(dir, 'report.xml');
    const files = [suite('orders.yaml', ORDERS), suite('flows.yaml', FLOWS)];
    const result = await runCliToEnd(['run', ...files, '--jobs', '2', '--port', String(port), '--var', `api=${producer.url}`, '--report', `junit:${report}`, '--record', join(dir, 'run.ndjson')]);
    expect(result.stdout).toMatch(/^✓ orders\.yaml › an order is processed \d/m);
    expect(result.stdout).toMatch(/^✓ orders\.yaml › the captured order is sent on /m);
    expect(result.stdout).toMatch(/^✗ orders\.yaml › a wrong expectation fails .*\n {4}assertion failed: \$\.body\.result\.status == "shipped": got "completed"/m);
    expect(result.stdout).toMatch(/^✓ flows\.yaml › the gateway resumes the paused flow /m);
    expect(result.stdout).toMatch(/^✗ flows\.yaml › an unreachable target .*\n {4}POST http:\/\/127\.0\.0\.1:9\/rpc refused the connection/m);
    expect(result.code).toBe(4);

    const events = readFileSync(join(dir, 'run.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const listening = events.filter((event) => event.type === 'listening');
    expect(listening).toHaveLength(1);
    expect(listening[0]!.url).toBe(`http://127.0.0.1:${port}`);
    const planted = events.filter((event) => event.type === 'callback').map((event) => String(event.path).split('/')[2]);
    expect(new Set(planted).size).toBeGreaterThanOrEqual(4);

    const xml = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(report, 'utf8'));
    const suites = xml.testsuites.testsuite as Array<Record<string, unknown>>;
    expect(suites.map((item) => item['@_name'])).toEqual(['orders', 'flows']);
    const cases = suites.flatMap((item) => [item.testcase].flat() as Array<Record<string, unknown>>);
    const byName = Object.fromEntries(cases.map((item) => [String(item['@_name']), item]));
    expect((byName['a wrong expectation fails']!.failure as Record<string, string>)['@_message']).toMatch(/got "completed"/);
    expect((byName['an unreachable target']!.error as Record<string, string>)['@_type']).toBe('TransportError');
    expect(Number(byName['an order is processed']!['@_time'])).toBeGreaterThan(0);
  });

  it('prints every event with suite and case in --json; --filter picks cases, --bail skips the rest', async () => {
    const file = suite('orders.yaml', ORDERS);
    const json = await runCliToEnd(['run', file, '--var', `api=${producer.url}`, '--filter', 'processed', '--json']);
    expect(json.code).toBe(0);
    const events = parseNdjson(json.stdout);
    expect(events.filter((event) => event.type === 'request').every((event) => event.suite === 'orders.yaml' && event.case === 'an order is processed')).toBe(true);
    // One result for the case that ran, then the run's own (no case): the verdict of the whole run, last.
    const results = events.filter((event) => event.type === 'result');
    expect(results.map((event) => event.case ?? null)).toEqual(['an order is processed', null]);
    expect(events.at(-1)).toMatchObject({ type: 'result', pass: true, exitCode: 0, callbacks: 1, runId: results[0]!.runId });

    const tap = join(dir, 'bail.tap');
    const bail = await runCliToEnd(['run', suite('bail.yaml', ORDERS.replace('"completed"', '"lost"')), '--var', `api=${producer.url}`, '--bail', '--report', `tap:${tap}`]);
    expect(bail.code).toBe(1);
    expect(bail.stdout).toMatch(/^- bail\.yaml › the captured order is sent on skipped/m);
    expect(readFileSync(tap, 'utf8')).toMatch(/# Subtest: bail\.yaml\n {4}1\.\.3\n {4}not ok 1 - an order is processed\n/);
  });

  it('retries a failed case with a fresh URL and reports the attempts', async () => {
    const report = join(dir, 'retry.json');
    const text = `
cases:
  - name: never shipped
    retry: 1
    rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "9" } }
    expect: [ '$.body.result.status == "shipped"' ]
`;
    const result = await runCliToEnd(['run', suite('retry.yaml', text), '--var', `api=${producer.url}`, '--report', `json:${report}`, '--json']);
    expect(result.code).toBe(1);
    const tree = JSON.parse(readFileSync(report, 'utf8')) as { files: Array<{ cases: Array<{ attempts: number; status: string }> }> };
    expect(tree.files[0]!.cases[0]).toMatchObject({ attempts: 2, status: 'failed' });
    const planted = parseNdjson(result.stdout).filter((event) => event.type === 'request').map((event) => JSON.stringify(event.body).match(/\/cb\/[\w-]+/)![0]);
    expect(new Set(planted).size).toBe(2);
  });

  it('redacts a --secret in the events, the record and the reports', async () => {
    const text = `
cases:
  - name: with a token
    rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "\${{ token }}" }, headers: { x-api-token: "\${{ token }}" } }
`;
    const record = join(dir, 'secret.ndjson');
    const report = join(dir, 'secret.xml');
    const result = await runCliToEnd(['run', suite('secret.yaml', text), '--var', `api=${producer.url}`, '--secret', 'token=sup3r-s3cret-v4lue', '--json', '--record', record, '--report', `junit:${report}`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"x-api-token"');
    for (const text of [result.stdout, result.stderr, readFileSync(record, 'utf8'), readFileSync(report, 'utf8')]) expect(text).not.toContain('sup3r-s3cret-v4lue');
  });

  it('refuses an undefined variable with exit 2 naming file, line and column, before any request is sent', async () => {
    const record = join(dir, 'undefined.ndjson');
    const result = await runCliToEnd(['run', suite('ok.yaml', ORDERS), suite('typo.yaml', ORDERS.replace('${{ order }}', '${{ ordr }}')), '--var', `api=${producer.url}`, '--record', record]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/typo\.yaml:\d+:\d+: .*ordr/);
    expect(result.stdout).toBe('');
    expect(() => readFileSync(record, 'utf8')).toThrow();
  });

  it('runs examples/orders.yaml against cbtest serve', async () => {
    const result = await runCliToEnd(['run', 'examples/orders.yaml', '--var', `api=${producer.url}`]);
    expect(result.stdout).toMatch(/^PASS 3 passed in .*, exit 0$/m);
    expect(result.code).toBe(0);
  });
});
