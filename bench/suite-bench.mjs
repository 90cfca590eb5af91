// A suite of 50 cases against a producer answering within 50 ms must finish in under 5 s (issue 9).
// node bench/suite-bench.mjs (after npm run build); exits 1 when the target is missed.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/cbtest.js', import.meta.url));
const CASES = 50;
const FILES = 5;
const TARGET_MS = 5000;

function startServe() {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--allow-http', '--processing-delay', '50ms'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /serving (http:\/\/[\d.:]+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`cbtest serve exited ${code}`)));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'cbtest-suite-bench-'));
const files = Array.from({ length: FILES }, (_, file) => {
  const cases = Array.from({ length: CASES / FILES }, (_, index) => `  - name: order ${file}-${index}
    rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "${file}-${index}" } }
    expect: [ '$.body.result.status == "completed"' ]`);
  const path = join(dir, `orders-${file}.yaml`);
  writeFileSync(path, `name: orders ${file}\ncases:\n${cases.join('\n')}\n`);
  return path;
});

const serve = await startServe();
const started = performance.now();
const run = spawn(process.execPath, [BIN, 'run', ...files, '--var', `api=${serve.url}`], { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
run.stdout.on('data', (chunk) => (out += chunk));
const code = await new Promise((resolve) => run.on('exit', resolve));
const elapsed = performance.now() - started;
serve.child.kill('SIGINT');
const passed = (out.match(/^✓ /gm) ?? []).length;
const ok = code === 0 && passed === CASES && elapsed < TARGET_MS;
console.log(`cbtest run, ${CASES} cases in ${FILES} files (producer answers after 50ms): ${(elapsed / 1000).toFixed(2)}s, ${passed} passed, exit ${code}  (target < ${TARGET_MS / 1000}s)  ${ok ? 'ok' : 'MISSED'}`);
process.exit(ok ? 0 : 1);
