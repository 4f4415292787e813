import { describe, expect, it } from 'vitest';
import { getScenario } from '../../../kernel-sim/audit/scenarios/index.js';
import { explore } from '../../../kernel-sim/sync/index.js';

const failures = (id: string, v: 'audited' | 'fixed') => explore(getScenario(id).build(v), { strategy: 'dfs', preemptionBound: 2, stopOnFailure: false, maxFailures: 1000 });

describe('FG5 concurrency scenarios', () => {
  it('moi-04: audited, the handler spins on the IOMMU lock its own CPU\'s thread holds', () => {
    const r = failures('moi-04', 'audited');
    expect(r.failures.length).toBeGreaterThan(0);
    expect(r.failures[0]!.message).toContain('iommu::ContextTable[bus 0]');
    expect(r.failures.length).toBeLessThan(r.runs); // only the schedules where the IRQ comes while held
  });

  it('moi-01: audited, schedules where one bus waits for the other\'s map; fixed none', () => {
    const a = failures('moi-01', 'audited');
    expect(a.failures[0]!.message).toMatch(/1 map\(s\) waited for the lock held by the other bus's map \(MOI-01\)/);
    expect(a.failures.length).toBeLessThan(a.runs);
    expect(failures('moi-01', 'fixed').failures).toEqual([]);
  });
});
