import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end tests spawn the built binary; two cores leave room for two files at a time.
    maxWorkers: 2,
  },
});
