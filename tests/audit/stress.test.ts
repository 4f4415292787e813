import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_WORKLOADS, detectionMatrix, runStress, runWorkload, STRESS_WORKLOADS, stressRegions } from '../../kernel-sim/audit/stress/index.js';
import { DETECTIONS } from '../../kernel-sim/audit/findings/index.js';
import { bugSet, type FindingId } from '../../kernel-sim/bugs/index.js';
import { checkTarget14 } from '../../kernel-sim/audit/targets/target-14-iommu.js';
import { dmaEnv } from '../../kernel-sim/kernel/index.js';
import { DmaCoherent, DmaStream } from '../../kernel-sim/mm/dma/index.js';
import { pciLocation } from '../../kernel-sim/mm/iommu/index.js';
import { cli, ensureBuilt } from '../cli/compiled-cli.js';

const workload = (name: string) => ALL_WORKLOADS.find((w) => w.name === name)!;

// A short run for CI; the detection matrix and the long fixed-mode run are in the long suite.
describe('stress workloads', () => {
  it('fixed mode: every workload runs its operations with no detection', () => {
    const r = runStress({ ops: 300, seeds: [1, 2], checkEvery: 100 });
    expect(r.detections).toEqual([]);
    expect(r.runs).toBe(STRESS_WORKLOADS.length * 2);
    expect(r.ops).toBe(STRESS_WORKLOADS.length * 2 * 300);
  });

  it('the same seed gives the same run: a switch is caught at the same operation', () => {
    const a = runWorkload(workload('allocator'), 3, 5000, bugSet('ALO-02'));
    const b = runWorkload(workload('allocator'), 3, 5000, bugSet('ALO-02'));
    expect(a.detection).not.toBeNull();
    expect(b.detection).toEqual(a.detection);
  });

  // Each check bites on the switch it is for (the matrix measures them all).
  const cases: [string, string, string][] = [
    ['RTL-01', 'allocator', 'reference model (allocator)'],
    ['BSA-01', 'allocator', 'reference model (allocator)'],
    ['IOV-01', 'frames', 'Target 6'],
    ['MOM-04', 'page-table-user', 'reference model (page-table-user)'],
    ['CUR-06', 'page-table-kernel', 'reference model (page-table-kernel)'],
    ['MOM-02', 'vm-space', 'counter: invlpgs per range flush'],
    ['SPA-01', 'vm-space', 'stale-TLB detector'],
    ['HEP-02', 'heap', 'counter: heap bytes with nothing live'],
    ['SLP-01', 'dma', 'kernel panic'],
    ['MOI-02', 'dma', 'Target 14'],
    ['REM-01', 'dma', 'Target 14'],
    ['FPD-01', 'dma', 'reference model (dma)'],
    ['FAU-02', 'dma', 'reference model (dma)'],
    ['FAU-03', 'dma', 'reference model (dma)'],
    ['FCL-01', 'dma', 'reference model (dma)'],
    ['FRW-01', 'dma', 'reference model (dma)'],
    ['DME-01', 'dma', 'reference model (dma)'],
    ['IOT-01', 'dma', 'reference model (dma)'],
    ['DID-01', 'dma', 'reference model (dma)'],
    ['FAU-01', 'dma-init', 'reference model (dma-init)'],
  ];
  for (const [id, name, check] of cases) {
    it(`${id} is caught by ${check} in ${name}`, () => {
      const r = runWorkload(workload(name), 1, 3000, bugSet(id));
      expect(r.detection?.caughtBy).toBe(check);
    });
  }
});

describe('DMA stress workloads', () => {
  it('fixed mode: the DMA workload for 1,500 operations on 3 seeds and 40 iommu::init bring-ups, no detection', () => {
    const r = runStress({ ops: 1500, seeds: [1, 2, 3], workloads: ['dma'] });
    expect(r.detections).toEqual([]);
    expect(r.ops).toBe(4500);
    expect(runStress({ ops: 40, seeds: [1], workloads: ['dma-init'] }).detections).toEqual([]);
  });

  it('the matrix rows of the DMA switches are the registered figures (same seeds, same run)', () => {
    const ids: FindingId[] = ['IOT-01', 'DID-01', 'SLP-01', 'MOI-02', 'REM-01', 'FPD-01', 'FAU-02', 'FAU-03', 'FCL-01', 'FRW-01', 'DME-01', 'FAU-01', 'MOI-03'];
    for (const row of detectionMatrix({ ids })) {
      expect(row.caughtBy, row.id).not.toBeNull();
      expect(DETECTIONS[row.id as FindingId], row.id).toMatchObject({ caughtBy: row.caughtBy, opsUntilCaught: row.opsUntilCaught });
    }
  });

  it('splitting a linear-map huge page whose first frame a Segment owns is no Target 9 leak (found by the long run: dma, seed 6003)', () => {
    const env = dmaEnv({ input: stressRegions(8), check: true });
    const held = [];
    // A segment holding the first frame of a 2 MiB page of the linear map (a forgotten handle).
    let seg = env.kernel.frames.allocContiguous(4)!;
    while (Math.floor((seg.startPaddr() + 3 * 4096) / 0x20_0000) === Math.floor(seg.startPaddr() / 0x20_0000) && seg.startPaddr() % 0x20_0000 !== 0) {
      held.push(seg);
      seg = env.kernel.frames.allocContiguous(4)!;
    }
    // Making it uncacheable splits the huge page: the old 2 MiB leaf is no tracked mapping.
    const buf = DmaCoherent.map(env.dma, seg, false, pciLocation(0, 3, 0));
    expect(env.dma.cacheOf(buf.paddr())).toBe('Uncacheable');
    expect(held.length).toBeGreaterThan(0);
  });

  it('a dropped DMA mapping leaves the live set: Target 14 stays clean (it reported every dropped mapping as untranslated)', () => {
    const env = dmaEnv({ check: true });
    const s = DmaStream.map(env.dma, env.kernel.frames.allocContiguous(2)!, 'Bidirectional', false, pciLocation(0, 3, 0));
    expect(env.dma.live.size).toBe(1);
    s.drop();
    expect(env.dma.live.size).toBe(0);
    expect(checkTarget14(env).ok).toBe(true);
  });
});

describe('kernel-sim stress', () => {
  beforeAll(ensureBuilt);

  it('exits 0 with counts in fixed mode, 3 with the detection when a switch is caught', () => {
    const ok = cli('stress', '--ops', '50', '--seeds', '1..2', '--workloads', 'allocator,heap', '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ops: 200, runs: 4, detections: [] });
    const bad = cli('stress', '--ops', '200', '--workloads', 'frames', '--bugs', 'IOV-01', '--json');
    expect(bad.status).toBe(3);
    expect(JSON.parse(bad.stdout).detections[0]).toMatchObject({ workload: 'frames', caughtBy: 'Target 6' });
  });

  it('audit --detect gives a DMA switch its measured check and an unreachable one its reason', () => {
    const r = cli('audit', 'FAU-02', 'CON-01', '--json', '--detect');
    expect(r.status).toBe(0);
    const [fau, con] = JSON.parse(r.stdout).findings;
    expect(fau.detection).toMatchObject({ caughtBy: 'reference model (dma)', opsUntilCaught: 9 });
    expect(con.unreachable).toMatch(/iommu::init's error path/);
  });

  it('refuses bad options with a typed error', () => {
    for (const args of [['--seeds', '5..2'], ['--seeds', 'x'], ['--workloads', 'nope'], ['--ops', '0']]) {
      const r = cli('stress', ...args);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^kernel-sim: OptionValueError/);
    }
  });
});
