import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// A verdict never depends on wall time: this limit only stops a hung test, generous for a loaded
// 2-core machine. Property tests are sized by numRuns.
const HANG_GUARD_MS = 10 * 60_000;
// Slow exhaustive tests: `npm run test:long` (CI runs it too), not `npm test`.
const LONG = 'tests/**/*.long.test.ts';
// Property files that size their runs with tests/property-runs.ts: a few runs in `unit`, all in `long`.
const LONG_PROPERTIES = ['tests/mm/page-table/cursor.property.test.ts', 'tests/mm/block-run.property.test.ts', 'tests/mm/block-set-forms.property.test.ts', 'tests/mm/buddy-many-free.property.test.ts'];

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
