import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runSuite, UsageError, type SuiteResult } from 'cbtest';
import { startReferenceProducer, type Running } from '../helpers/producers.js';

const dir = mkdtempSync(join(tmpdir(), 'cbtest-suite-lib-'));
let producer: Running;
beforeAll(async () => {
  producer = await startReferenceProducer();
});
afterAll(async () => {
  await producer.close();
  rmSync(dir, { recursive: true, force: true });
});

const suite = `name: orders
cases:
  - name: an order is processed
    rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "o-1" } }
    expect: [ '$.body.result.status == "completed"' ]
    capture: { total: '$.body.result.totalAmount' }
  - name: the captured total flows down
    rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "o-2", total: "\${{ total }}" } }
  - name: a declined payment fails its expectation
    rpc: { url: "\${{ api }}/rpc", method: OrderService.failOrder, params: { orderId: "o-3" } }
    expect: [ '$.body.error.code == 4001' ]
    timeout: 20s
  - name: a wrong expectation
    rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "o-4" } }
    expect: [ '$.body.result.status == "shipped"' ]
`;

test('runSuite runs the file on one receiver and resolves with the results tree the reports use', async () => {
  const path = join(dir, 'orders.yaml');
  writeFileSync(path, suite);
  const result: SuiteResult = await runSuite(path, { vars: { api: producer.url } });
  expect(result).toMatchObject({ pass: false, exitCode: 1 });
  const [file] = result.files;
  expect(file!.name).toBe('orders');
  expect(file!.cases.map((item) => [item.name, item.status, item.exitCode])).toEqual([
    ['an order is processed', 'passed', 0],
    ['the captured total flows down', 'passed', 0],
    ['a declined payment fails its expectation', 'passed', 0],
    ['a wrong expectation', 'failed', 1],
  ]);
  const [passed, , , failed] = file!.cases;
  expect(passed).toMatchObject({ attempts: 1, reason: null, failures: [] });
  expect(typeof passed!.durationMs).toBe('number');
  expect(failed).toMatchObject({ attempts: 1, reason: expect.stringContaining('shipped') });
  expect(failed!.failures).toHaveLength(1);
  expect(failed!.failures[0]).toContain('$.body.result.status == "shipped"');
  expect(failed!.failures[0]).toContain('"completed"');

  const only = await runSuite(path, { vars: { api: producer.url }, filter: 'processed' });
  expect(only).toMatchObject({ pass: true, exitCode: 0 });
  expect(only.files[0]!.cases).toHaveLength(1);
});

test('an undefined variable is a UsageError naming file, line and column, before any case runs', async () => {
  const path = join(dir, 'broken.yaml');
  writeFileSync(path, suite);
  const error = await runSuite(path).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as Error).message).toMatch(/broken\.yaml:4:\d+/);
});

test('a request step without a body is a GET (with one, a POST), as the schema says', async () => {
  const path = join(dir, 'methods.yaml');
  writeFileSync(path, `cases:
  - steps:
      - request: { url: "\${{ api }}/" }
      - request: { url: "\${{ api }}/subscriptions", body: { callbackUrl: "\${{ callbackUrl }}" } }
      - wait: { count: 1 }
`);
  const record = join(dir, 'methods.ndjson');
  const result = await runSuite(path, { vars: { api: producer.url }, record });
  expect(result.pass, JSON.stringify(result.files)).toBe(true);
  const requests = readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; method?: string }).filter((event) => event.type === 'request');
  expect(requests.map((event) => event.method)).toEqual(['GET', 'POST']);
});
