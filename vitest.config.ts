import { defineConfig } from 'vitest/config';

/** Test layout: suites under tests/, benchmarks under tests/bench/. */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    // Notebook suites start a real tslab kernel in beforeAll (a few seconds each).
    hookTimeout: 60_000,
    benchmark: {
      include: ['tests/bench/**/*.bench.ts'],
    },
  },
});
