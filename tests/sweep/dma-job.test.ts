import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSweep, runJob } from '../../kernel-sim/sweep/index.js';
import { FIXTURE_PATH, resultCore, ROOT } from './helpers.js';

// The checked-in DMA workload file, shortened, as a sweep's grid over its bug set.
const file = JSON.parse(readFileSync(join(ROOT, 'datasets/workloads/dma-q35-128M.json'), 'utf8')) as { workload: Record<string, unknown> };
const plan = planSweep(
  { name: 'dma', jobs: [{ kind: 'workload', machine: '../../../datasets/mbi/q35-128M.mbi', bugs: { each: [[], ['DME-01']] }, workload: { ...file.workload, steps: 600 } }] },
  FIXTURE_PATH,
  ROOT,
);

describe('a DMA workload as a sweep job', () => {
  it('gives its totals as figures and its faults and IOTLB samples as series, the same on every run', () => {
    const [fixed, audited] = plan.jobs.map((p) => runJob(p, ROOT));
    expect(fixed!.status).toBe('ok');
    expect(audited!.status).toBe('ok');
    expect(typeof fixed!.figures.dma_device_ops).toBe('number');
    expect(new Set(fixed!.series.series)).toEqual(new Set(['dma-faults', 'iotlb']));
    expect(resultCore(runJob(plan.jobs[0]!, ROOT))).toEqual(resultCore(fixed!));
    // DME-01 audited corrupts receives the fixed code keeps intact.
    expect(fixed!.figures.dma_corrupted_receives).toBe(0);
    expect(audited!.figures.dma_corrupted_receives as number).toBeGreaterThan(0);
  });
});
