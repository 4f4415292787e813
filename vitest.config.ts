import { configDefaults, defineConfig } from 'vitest/config';

/** Test layout: suites under tests/, benchmarks under tests/bench/. */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The long set (`*.long.test.ts`, e.g. every notebook run twice) is not part of `npm test`:
    // `KERNEL_SIM_LONG=1 npx vitest run tests/long`.
    exclude: [...configDefaults.exclude, ...(process.env.KERNEL_SIM_LONG ? [] : ['tests/**/*.long.test.ts'])],
    testTimeout: 20_000,
    // Notebook suites start a real tslab kernel in beforeAll (a few seconds each).
    hookTimeout: 60_000,
    benchmark: {
      include: ['tests/bench/**/*.bench.ts'],
    },
  },
});
