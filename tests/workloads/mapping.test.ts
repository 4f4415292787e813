import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { validateWorkloadFile, runWorkloadFile, workloadRunJson } from '../../kernel-sim/experiments/index.js';
import { mappingEnv, runMapping, validateMappingSpec, WorkloadSpecError, type MappingResult } from '../../kernel-sim/workloads/index.js';
import { smallKernel, allViolations } from '../mm/page-test-kernel.js';

const spec = {
  seed: 3, steps: 600, cpus: 3, areaPages: 16, maxSpaces: 3,
  ops: { 'mmap': 2, 'munmap': 1, 'touch-read': 6, 'touch-write': 5, 'fork': 1, 'protect': 1 },
};

const run = (s: object, opts: { check?: boolean; unmapOrder?: 'free-then-flush' } = {}): MappingResult => {
  const k = smallKernel({ check: opts.check ?? false });
  const env = mappingEnv(k, (s as { cpus: number }).cpus);
  return runMapping(s, env, { space: opts.unmapOrder ? { unmapOrder: opts.unmapOrder } : {} });
};

const bad = (s: unknown): WorkloadSpecError => {
  try {
    validateMappingSpec(s);
  } catch (e) {
    if (e instanceof WorkloadSpecError) return e;
    throw e;
  }
  throw new Error('expected a WorkloadSpecError');
};

describe('mapping workload spec', () => {
  it('accepts a spec and names the bad field otherwise', () => {
    expect(validateMappingSpec({ ...spec, slots: 4 })).toEqual({ ...spec, slots: 4 });
    expect(bad({ ...spec, cpus: 9 }).field).toBe('cpus');
    expect(bad({ ...spec, ops: { jump: 1 } }).field).toBe('ops.jump');
    expect(bad({ ...spec, ops: { fork: -1 } }).field).toBe('ops.fork');
    expect(bad({ ...spec, ops: { fork: 0 } }).field).toBe('ops');
    expect(bad({ ...spec, maxSpaces: 0 }).field).toBe('maxSpaces');
    expect(bad({ ...spec, areaPages: 1.5 }).field).toBe('areaPages');
    expect(bad({ ...spec, extra: 1 }).field).toBe('extra');
    const { steps: _, ...noSteps } = spec;
    expect(bad(noSteps).reason).toMatch(/missing/);
    expect(bad([]).field).toBe('(root)');
  });

  it('refuses an environment with fewer CPUs than the spec', () => {
    const k = smallKernel({ check: false });
    expect(() => runMapping({ ...spec, cpus: 4 }, mappingEnv(k, 2))).toThrow(WorkloadSpecError);
  });

  it('is a workload-file kind beside churn, with fields named under workload.', () => {
    const f = validateWorkloadFile({ machine: 'm.mbi', workload: { kind: 'mapping', ...spec } }, '/x/w.json');
    expect(f.workload.kind).toBe('mapping');
    expect(f.machine).toBe('/x/m.mbi');
    expect(() => validateWorkloadFile({ machine: 'm.mbi', workload: { kind: 'mapping', ...spec, cpus: 0 } }, '/x/w.json')).toThrow(/workload\.cpus/);
    expect(() => validateWorkloadFile({ machine: 'm.mbi', workload: { kind: 'paging' } }, '/x/w.json')).toThrow(/"churn", "mapping" or "dma"/);
  });
});

describe('mapping workload', () => {
  it('gives the same run for the same seed, and a different one for another seed', () => {
    const a = run(spec);
    const b = run(spec);
    expect(b.events).toEqual(a.events);
    expect(b.totals).toEqual(a.totals);
    expect(b.cpus).toEqual(a.cpus);
    expect(run({ ...spec, seed: 4 }).events).not.toEqual(a.events);
  });

  it('has totals consistent with its events', () => {
    const r = run(spec);
    const t = r.totals;
    expect(r.events).toHaveLength(spec.steps);
    expect(Object.values(t.ops).reduce((x, y) => x + y, 0)).toBe(spec.steps);
    expect(Object.values(t.outcomes).reduce((x, y) => x + y, 0)).toBe(spec.steps);
    const faults = t.faults.demandZero + t.faults.cowCopy + t.faults.cowReuse + t.faults.spurious + t.faults.segv;
    expect(r.events.reduce((n, e) => n + e.faults, 0)).toBe(faults);
    expect(t.faults.segv).toBe(t.outcomes.segv);
    expect(t.faults.demandZero).toBeGreaterThan(0);
    expect(t.faults.cowCopy).toBeGreaterThan(0);
    expect(t.spacesCreated).toBe(1 + r.events.filter((e) => e.child >= 0).length);
    expect(t.spacesLive).toBeLessThanOrEqual(spec.maxSpaces);
    expect(t.ptPagesPeak).toBeGreaterThanOrEqual(t.ptPagesInUse);
    expect(r.cpus).toHaveLength(3);
    for (const c of r.cpus) {
      expect(c.hits).toBe(c.l1Hits + c.stlbHits);
      expect(c.walks).toBeGreaterThanOrEqual(c.misses);
      expect(c.hits).toBeGreaterThan(0); // later passes of a touch run hit
    }
  });

  it('in checking mode finds no stale translation and no Target 13 violation, and leaves the kernel consistent', () => {
    const k = smallKernel({ check: true });
    const r = runMapping({ ...spec, steps: 300 }, mappingEnv(k, spec.cpus));
    expect(r.totals.staleTranslations).toBe(0);
    expect(r.totals.target13Violations).toBe(0);
    expect(allViolations(k)).toEqual([]);
  });

  it('counts Target 13 violations with 232e62b\'s free-then-flush unmap order', () => {
    const r = run({ ...spec, ops: { ...spec.ops, munmap: 4 } }, { check: true, unmapOrder: 'free-then-flush' });
    expect(r.totals.target13Violations).toBeGreaterThan(0);
    expect(r.totals.outcomes.target13).toBeGreaterThan(0);
  });

  it('runs from a workload file with boot figures, totals and per-CPU TLB counters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mapping-'));
    const path = join(dir, 'w.json');
    writeFileSync(path, JSON.stringify({ machine: join(process.cwd(), 'datasets/mbi/q35-1G.mbi'), workload: { kind: 'mapping', ...spec, steps: 200 } }));
    const out = workloadRunJson(runWorkloadFile(path)) as { boot: { totalFrames: number }; totals: { ops: Record<string, number> }; cpus: unknown[] };
    expect(out.boot.totalFrames).toBeGreaterThan(0);
    expect(Object.values(out.totals.ops).reduce((x, y) => x + y, 0)).toBe(200);
    expect(out.cpus).toHaveLength(3);
  });
});
