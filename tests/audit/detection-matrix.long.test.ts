import { describe, expect, it } from 'vitest';
import { detectionMatrix, MEASURED_SWITCHES, runStress, UNREACHABLE_SWITCHES } from '../../kernel-sim/audit/stress/index.js';
import { BEHAVIOUR } from '../../kernel-sim/bugs/behaviour.js';
import { DETECTIONS } from '../../kernel-sim/audit/findings/index.js';

// Issue 12: every runtime-observable switch caught within 100,000 operations, or a reason.
describe('detection matrix (long)', () => {
  it('every measured switch is caught within the budget; the others carry a reason', () => {
    const rows = detectionMatrix({ budget: 100_000 });
    const switches = Object.entries(BEHAVIOUR).filter(([, b]) => b.kind === 'switch').map(([id]) => id).sort();
    expect(rows.map((r) => r.id).sort()).toEqual(switches);
    expect([...Object.keys(MEASURED_SWITCHES), ...Object.keys(UNREACHABLE_SWITCHES)].sort()).toEqual(switches);
    for (const r of rows) {
      if (r.id in MEASURED_SWITCHES) {
        expect(r.caughtBy, `${r.id}: ${r.reason ?? ''}`).not.toBeNull();
        expect(r.opsUntilCaught!).toBeLessThanOrEqual(100_000);
        // The catalogue's registered figures are this run's (same seeds, same run).
        expect(DETECTIONS[r.id as keyof typeof DETECTIONS]).toMatchObject({ caughtBy: r.caughtBy, opsUntilCaught: r.opsUntilCaught });
      } else expect(r.reason).toMatch(/\w/);
    }
  });

  it('fixed mode: 20,000 operations per workload for 3 seeds (DMA included), no detection', () => {
    const r = runStress({ ops: 20_000, seeds: [11, 12, 13] });
    expect(r.detections).toEqual([]);
    expect(r.opsByWorkload['dma']).toBe(60_000);
  });

  it('fixed mode: 300 boots and 300 iommu::init bring-ups of random machines, no detection', () => {
    const r = runStress({ ops: 100, seeds: [11, 12, 13], workloads: ['boot', 'dma-init'] });
    expect(r.detections).toEqual([]);
    expect(r.ops).toBe(600);
  });
});
