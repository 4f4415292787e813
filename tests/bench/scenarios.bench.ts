import { bench, describe } from './bench-api.js';
import { SCENARIOS } from '../../kernel-sim/audit/scenarios/index.js';
import { explore } from '../../kernel-sim/sync/index.js';

// Exhaustive preemption-bound-2 DFS of each audit scenario, every schedule (not stopping at
// the first failure). Target: under 10 s per scenario and variant.
describe('exhaustive DFS, preemption bound 2, per audit scenario (target < 10 s each)', () => {
  for (const e of SCENARIOS) {
    for (const v of ['audited', 'fixed'] as const) {
      bench(`${e.id}/${v}`, () => {
        explore(e.build(v), { strategy: 'dfs', preemptionBound: 2, stopOnFailure: false, maxFailures: 1_000_000 });
      }, { iterations: 3, time: 0 });
    }
  }
});
