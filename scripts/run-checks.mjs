// Runs the static checks side by side (each is one single-threaded process, so two cores take two at a time) and
// fails if any fails. Each check's output is held and printed whole when it ends, so logs never interleave.
import { spawn } from 'node:child_process';

const CHECKS = [
  // One TypeScript program for src (emitting dist/ as `npm run build` does), then the tests checked against its .d.ts.
  { name: 'types+build', command: 'tsc -b --force tsconfig.test.json' },
  { name: 'lint', command: 'eslint . && knip' },
];

function runCheck({ name, command }) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const verdict = code === 0 ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`;
      process.stdout.write(`${output}${output === '' || output.endsWith('\n') ? '' : '\n'}[${name}] ${command}: ${verdict} in ${seconds}s\n`);
      resolve(code === 0);
    });
  });
}

const results = await Promise.all(CHECKS.map(runCheck));
process.exitCode = results.every(Boolean) ? 0 : 1;
