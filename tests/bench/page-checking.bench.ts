import { bench, describe } from './bench-api.js';
import { bootKernel } from '../../kernel-sim/kernel/index.js';
import { runChurn } from '../../kernel-sim/workloads/index.js';

// Churn through page metadata (Segments from_unused/into_raw, freed by from_raw + drop), on the
// 8 GiB capture; checking mode runs the Target 2-5 checks after every page operation.
const spec = { seed: 11, steps: 4000, orders: { '0': 8, '1': 3, '3': 2, '5': 1 }, lifetime: { min: 5, max: 500 }, longLivedFraction: 0.05 };

describe('checking mode on vs off over the churn workload (q35-8G)', () => {
  for (const check of [false, true]) {
    // One kernel per mode; each iteration runs the churn again on it (pinned blocks accumulate).
    const k = bootKernel('datasets/mbi/q35-8G.mbi', { check });
    bench(`churn 4000 steps, check ${check ? 'on' : 'off'}`, () => {
      runChurn(spec, k.pageAllocator.churnTarget());
    }, { iterations: 20, warmupIterations: 3 });
  }
});
