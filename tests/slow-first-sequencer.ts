/**
 * vitest's order, except that the files known to take longest (notebook kernels, worker
 * processes, tsc) start first when vitest has no timings of them yet, as in a clean clone; with
 * timings, vitest already starts the longest first. Left to file size, they started late and
 * one worker ran them alone at the end.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SLOW_FIRST = [
  'tests/notebooks/notebooks.test.ts',
  'tests/sweep/queue.test.ts',
  'tests/report/execute-notebook.test.ts',
  'tests/cli/jupyter.test.ts',
  'tests/structure/typecheck.test.ts',
  'tests/cli/cli.test.ts',
  'tests/cli/readable.test.ts',
  'tests/package/package-import.test.ts',
  'tests/sweep/cli.test.ts',
  'tests/audit/stress.test.ts',
  'tests/sweep/local-sweep.test.ts',
  'tests/cli/iommu.test.ts',
];

/** Starts {@link SLOW_FIRST}'s files first when vitest has no timings for them. */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => {
      const path = relative(this.ctx.config.root, f.moduleId).split('\\').join('/');
      const known = this.ctx.cache.getFileTestResults(`${f.project.name}:${path}`) !== undefined;
      const i = SLOW_FIRST.indexOf(path);
      return i >= 0 && !known ? i : SLOW_FIRST.length;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
