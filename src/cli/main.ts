import { readFileSync } from 'node:fs';
import type { SessionIo } from '../run/view.js';

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** Runs the command line and returns the exit code; the launcher sets process.exitCode with it. */
export async function main(argv: string[], given?: SessionIo): Promise<number> {
  // stdin is read on first use: touching process.stdin builds a stream (and loads its modules) that --help never needs.
  const io = given ?? {
    stdout: process.stdout,
    stderr: process.stderr,
    get stdin() {
      return process.stdin;
    },
    env: process.env,
  };
  // `cbtest --version` is what scripts call to check the install: answered before anything else is loaded.
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-v')) {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const { runProgram } = await import('./run-program.js');
  return runProgram(argv, io, packageVersion());
}
