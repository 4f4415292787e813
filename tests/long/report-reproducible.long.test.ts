/**
 * `npm start` twice gives the same document: every executed notebook output for output, and the
 * report byte for byte, run times aside. Slow (every notebook runs twice): the long test set.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns, runAll } from '../../kernel-sim/report/index.js';

/** Stops a hung run only: every notebook runs twice, slowly on a loaded machine. */
const HANG_GUARD_MS = 30 * 60_000;

describe('npm start', () => {
  it(
    'gives identical notebook outputs and report on two runs, apart from timings',
    async () => {
      const dirs = [join('out', 'long', 'run-1'), join('out', 'long', 'run-2')];
      for (const outDir of dirs) {
        // Whether every notebook passes is the notebooks' test's verdict; here only sameness counts.
        await runAll({ outDir, concurrency: 2, startupTimeoutMs: 5 * 60_000, timeoutMs: 10 * 60_000 });
      }
      expect(compareRuns(dirs[0]!, dirs[1]!)).toEqual([]);
    },
    HANG_GUARD_MS,
  );
});
