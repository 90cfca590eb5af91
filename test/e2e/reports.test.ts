import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliToEnd } from '../helpers/cli.js';
import { startScriptedRpcProducer, type Running } from '../helpers/producers.js';

let producer: Running;
let calls = 0;
beforeAll(async () => {
  producer = await startScriptedRpcProducer((call, url, post) => {
    calls += 1;
    setTimeout(() => void post({ jsonrpc: '2.0', id: call.id, result: { status: 'completed' } }), 10);
    return { body: { jsonrpc: '2.0', id: call.id, result: { async: true, callback: url } } };
  });
});
afterAll(() => producer.close());

const fire = (args: string[], cwd?: string) =>
  runCliToEnd(['fire', '--rpc', `${producer.url}/rpc`, '--method', 'Order.process', '--expect', '$.body.result.status == "completed"', ...args], cwd ? { cwd } : {});

describe('end-of-run reports', () => {
  it('writes every --report fmt:file, and a bare --report to cbtest-report.<ext>, saying where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cbtest-reports-'));
    const result = await fire(['--report', `junit:${join(dir, 'a.xml')}`, '--report', `tap:${join(dir, 'b.tap')}`, '--report', 'json'], dir);
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'a.xml'), 'utf8')).toMatch(/<testsuite name="cbtest fire --rpc/);
    expect(readFileSync(join(dir, 'b.tap'), 'utf8')).toMatch(/^TAP version 14\n1\.\.3\nok 1 - callback arrived/);
    expect(JSON.parse(readFileSync(join(dir, 'cbtest-report.json'), 'utf8'))).toMatchObject({ result: { pass: true, exitCode: 0 } });
    expect(result.stderr).toContain('json report written to cbtest-report.json');
  });

  it('keeps --report fmt --report-file F working', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cbtest-reports-')), 'out.tap');
    const result = await fire(['--report', 'tap', '--report-file', file]);
    expect(result.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^TAP version 14/);
  });

  it('refuses a report file that cannot be written with exit 2, before anything is sent', async () => {
    const before = calls;
    const result = await fire(['--report', 'junit:/nonexistent-dir/report.xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--report junit:\/nonexistent-dir\/report\.xml cannot be written \(ENOENT\)/);
    expect(calls).toBe(before);
    expect(existsSync('/nonexistent-dir/report.xml')).toBe(false);
  });

  it('names the formats when one is unknown', async () => {
    const result = await fire(['--report', 'html:x.html']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/'html' is not a report format; use one of junit\|tap\|json/);
  });
});
