import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // One embedded database per test file; files in parallel would multiply PGlite's memory.
    pool: 'forks',
    maxWorkers: 2,
    // Tests never wait on the wall clock; the ceiling only catches hangs, so a loaded machine does not fail them.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
