import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceProducer, type Running } from '../helpers/producers.js';
import { hasTmux, ROOT, TmuxSession } from '../helpers/tmux-session.js';

const SUITE = `name: orders
cases:
  - name: an order is processed
    rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "t-1" } }
    expect: [ '$.body.result.status == "completed"' ]
  - name: a wrong expectation
    rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "t-2" } }
    expect: [ '$.body.result.status == "shipped"' ]
`;

describe.skipIf(!hasTmux)('cbtest run on a real terminal (tmux)', () => {
  let producer: Running;
  let terminal: TmuxSession | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cbtest-run-tui-'));
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/ui/mount-dashboard.js'))) throw new Error('dist/ is missing: run `npm run build` first');
    producer = await startReferenceProducer();
  });
  afterAll(async () => {
    terminal?.close();
    await producer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the dashboard shows each event with its case, the run verdict, and with no keyboard exits with it', async () => {
    const suite = join(dir, 'orders.yaml');
    writeFileSync(suite, SUITE);
    terminal = new TmuxSession({ columns: 160, rows: 60 });
    // No keyboard (stdin is not a terminal): the dashboard ends at the verdict, as listen's does.
    terminal.start(`run ${suite} --var api=${producer.url}`, { stdin: '/dev/null' });
    expect(await terminal.exitCode(40_000)).toBe(1);
    const screen = terminal.screen();
    const lines = screen.split('\n');
    // Rows name their case: the request, its answer, the callback, the expectation and the case's own result.
    expect(lines.find((line) => / request .*an order is processed › http:\/\/127\.0\.0/.test(line))).toBeDefined();
    expect(lines.find((line) => /✓ callback POST\s+an order is processed › \/cb\//.test(line))).toBeDefined();
    expect(lines.find((line) => /✗ expect\s+a wrong expectation › #\d+ .*\$\.body\.result\.status == "shipped"/.test(line))).toBeDefined();
    // The verdict is the run's, not the first case's: one of two cases failed.
    expect(screen).toMatch(/^✗ failed: 1 of 2 cases failed, first orders\.yaml › a wrong expectation: /m);
    expect(lines.find((line) => /✓ result\s+an order is processed › passed · exit 0/.test(line))).toBeDefined();
    // What plain mode prints stays on the terminal after the dashboard.
    expect(screen).toMatch(/^✓ orders\.yaml › an order is processed /m);
    expect(screen).toMatch(/^FAIL 1 passed, 1 failed in .*, exit 1$/m);
  }, 60_000);
});
