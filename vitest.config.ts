import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LONG_PROPERTIES } from './tests/long-properties.js';
import { SlowFirstSequencer } from './tests/slow-first-sequencer.js';

// A verdict never depends on wall time: this limit only stops a hung test, generous for a loaded
// 2-core machine. Property tests are sized by numRuns.
const HANG_GUARD_MS = 10 * 60_000;
// Slow exhaustive tests: `npm run test:long` (CI runs it too), not `npm test`.
const LONG = 'tests/**/*.long.test.ts';

/** Test layout: `unit` (npm test) and `long` (npm run test:long) under tests/, benchmarks under tests/bench/. */
export default defineConfig({
  test: {
    testTimeout: HANG_GUARD_MS,
    hookTimeout: HANG_GUARD_MS,
    // vitest's default leaves one core idle; child processes (CLI, kernels) wait on I/O much of the time.
    maxWorkers: Math.max(2, availableParallelism()),
    // Transformed modules kept on disk (node_modules/.experimental-vitest-cache) across runs: the
    // TypeScript transforms were ~20 s of a run's CPU. Keyed by file content and config.
    experimental: { fsModuleCache: true },
    // Without timings (a clean clone) the slowest files start first, not where their size puts them.
    sequence: { sequencer: SlowFirstSequencer },
    benchmark: {
      include: ['tests/bench/**/*.bench.ts'],
    },
    projects: [
      // isolate false: test files share a worker's module graph (imports were ~15 % of the suite's time).
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: [LONG], isolate: false, provide: { fullPropertyRuns: false } } },
      { extends: true, test: { name: 'long', include: [LONG, ...LONG_PROPERTIES], provide: { fullPropertyRuns: true } } },
    ],
  },
});
