import { describe, expect, it } from 'vitest';
import { getScenario } from '../../kernel-sim/audit/scenarios/index.js';
import { explore } from '../../kernel-sim/sync/index.js';

// Issue 12: explore through the API keeps a bounded sample; memory stays flat over 100k runs.
describe('explore over 100,000 runs (long)', () => {
  it('MOP-02 audited: every failure counted, 20 kept, heap growth bounded', () => {
    const s = getScenario('mop-02').build('audited', {});
    const before = process.memoryUsage().heapUsed;
    const r = explore(s, { strategy: 'random', seed: 7, runs: 100_000, stopOnFailure: false, maxFailures: Infinity, keepFailures: 20 });
    expect(r.runs).toBe(100_000);
    expect(r.failureCount).toBeGreaterThan(1000);
    expect(r.failures).toHaveLength(20);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 2 ** 20);
  });
});
