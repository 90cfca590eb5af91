import { defineConfig } from 'vitest/config';

// Files that must load their modules afresh (this one deletes CI before Ink is first imported).
const NEEDS_OWN_PROCESS = ['test/ui/mount-dashboard.test.tsx'];

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Most end-to-end time is spent waiting on spawned binaries, timeouts and progress lines, so a third file keeps two
    // cores busy (at two, a 2-core CI box sat about a fifth idle); waits in the tests leave seconds of margin for it.
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        // One worker process runs many files, loading vitest and the modules they share once: per file that was about
        // 0.7 s of CPU (half the CPU of the unit tests). These files patch no globals and close what they open.
        test: { name: 'shared', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: NEEDS_OWN_PROCESS, isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: NEEDS_OWN_PROCESS, isolate: true } },
    ],
  },
});
