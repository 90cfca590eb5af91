// npm run bench: every figure beside its target, measured in one run; exits 1 when a target is missed.
// Knobs (defaults are the real figures): BENCH_ROUNDS, BENCH_SLICES, BENCH_SLICE_SECONDS (throughput), BENCH_SECONDS
// (the relay's), BENCH_CONNECTIONS, BENCH_FIRE_RUNS,
// BENCH_SMALL_CALLBACKS (1000000), BENCH_LARGE_BODIES, BENCH_ONLY (comma list: throughput,fire,small,large,startup,suite,relay).
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { benchFireOverhead } from './fire-overhead.mjs';
import { BIN, figure, here, medianRunsMs, missedTargets } from './lib.mjs';
import { benchLargeBodies, benchManySmall } from './memory.mjs';
import { benchThroughput } from './throughput.mjs';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const wanted = (part) => only === null || only.has(part);

const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');
console.log(`cbtest benchmark on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}; load average ${load()}\n`);

if (wanted('throughput')) {
  await benchThroughput({ rounds: env('BENCH_ROUNDS', 6), slices: env('BENCH_SLICES', 6), seconds: env('BENCH_SLICE_SECONDS', 1), warmupSeconds: 2, connections: env('BENCH_CONNECTIONS', 50) });
}
if (wanted('fire')) await benchFireOverhead({ runs: env('BENCH_FIRE_RUNS', 11) });
if (wanted('small')) await benchManySmall({ callbacks: env('BENCH_SMALL_CALLBACKS', 1_000_000), connections: env('BENCH_CONNECTIONS', 50) });
if (wanted('large')) await benchLargeBodies({ bodies: env('BENCH_LARGE_BODIES', 60), connections: 4 });
if (wanted('startup')) {
  const [bareNode, version, help] = medianRunsMs([[process.execPath, ['-e', '0']], [process.execPath, [BIN, '--version']], [process.execPath, [BIN, 'listen', '--help']]]);
  figure('cbtest --version start-up vs node -e 0', `${(version / bareNode).toFixed(2)}x (${version.toFixed(0)}ms vs ${bareNode.toFixed(0)}ms)`, '<= 1.2x', version / bareNode <= 1.2);
  figure('cbtest listen --help start-up vs node -e 0', `${(help / bareNode).toFixed(2)}x (${help.toFixed(0)}ms)`, '<= 1.5x', help / bareNode <= 1.5);
}
if (wanted('suite')) {
  // cbtest run: 50 cases against a 50 ms producer under 5 s (prints its own figure)
  const suite = spawnSync(process.execPath, [here('./suite-bench.mjs')], { stdio: 'inherit' });
  figure('cbtest run, 50 cases (see the line above)', `exit ${suite.status}`, 'exit 0', suite.status === 0);
}
if (wanted('relay')) {
  // Through one and two `cbtest relay` instances on a real redis-server (prints its own figures; skips without one)
  const relay = spawnSync(process.execPath, [here('./relay-bench.mjs')], { stdio: 'inherit' });
  figure('cbtest relay (see the lines above)', `exit ${relay.status}`, 'exit 0', relay.status === 0);
}

const missed = missedTargets();
console.log(`\nload average at the end ${load()}; ${missed === 0 ? 'every target met' : `${missed} target${missed === 1 ? '' : 's'} missed`}`);
process.exitCode = missed === 0 ? 0 : 1;
