import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWorkloadFile, validateWorkloadFile, workloadRunJson } from '../../kernel-sim/experiments/index.js';
import { bootKernel } from '../../kernel-sim/kernel/index.js';
import { CpuState } from '../../kernel-sim/machine/index.js';
import { paddrToVaddr } from '../../kernel-sim/mm/kspace/index.js';
import {
  mappingEnv, runMapping, validateKernelPageTableSource, WorkloadSpecError, type MappingResult,
} from '../../kernel-sim/workloads/index.js';
import { allViolations } from '../mm/page-test-kernel.js';

const MBI = join(process.cwd(), 'datasets/mbi/q35-1G.mbi');
const spec = {
  seed: 5, steps: 400, cpus: 3, areaPages: 16, maxSpaces: 3,
  ops: { 'mmap': 2, 'munmap': 1, 'touch-read': 6, 'touch-write': 5, 'fork': 1, 'protect': 1 },
};

const fieldOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof WorkloadSpecError) return e.field;
    throw e;
  }
  throw new Error('expected a WorkloadSpecError');
};

const writeFile = (o: object): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'mapping-kspace-')), 'w.json');
  writeFileSync(path, JSON.stringify(o));
  return path;
};

describe('kernelPageTable option', () => {
  it('accepts "none" and "kspace" and names the field for anything else', () => {
    expect(validateKernelPageTableSource('kspace')).toBe('kspace');
    expect(validateKernelPageTableSource('none')).toBe('none');
    for (const v of ['KSPACE', '', 1, null, ['kspace']]) expect(fieldOf(() => validateKernelPageTableSource(v))).toBe('kernelPageTable');
    const k = bootKernel(MBI);
    expect(fieldOf(() => mappingEnv(k, 2, { kernelPageTable: 'kpt' as 'kspace' }))).toBe('kernelPageTable');
  });

  it('is a top-level workload-file field, "none" when absent, refused for a churn workload', () => {
    const w = { kind: 'mapping', ...spec };
    expect(validateWorkloadFile({ machine: 'm.mbi', workload: w }, '/x/w.json').kernelPageTable).toBe('none');
    expect(validateWorkloadFile({ machine: 'm.mbi', kernelPageTable: 'kspace', workload: w }, '/x/w.json').kernelPageTable).toBe('kspace');
    expect(fieldOf(() => validateWorkloadFile({ machine: 'm.mbi', kernelPageTable: 'user', workload: w }, '/x/w.json'))).toBe('kernelPageTable');
    expect(fieldOf(() => validateWorkloadFile({ machine: 'm.mbi', kernelPageTable: true, workload: w }, '/x/w.json'))).toBe('kernelPageTable');
    const churn = { kind: 'churn', seed: 1, steps: 10, orders: { 0: 1 }, lifetime: { min: 1, max: 5 }, longLivedFraction: 0 };
    expect(validateWorkloadFile({ machine: 'm.mbi', kernelPageTable: 'none', workload: churn }, '/x/w.json').kernelPageTable).toBe('none');
    expect(fieldOf(() => validateWorkloadFile({ machine: 'm.mbi', kernelPageTable: 'kspace', workload: churn }, '/x/w.json'))).toBe('kernelPageTable');
    // The field inside the workload is not where it goes.
    expect(fieldOf(() => validateWorkloadFile({ machine: 'm.mbi', workload: { ...w, kernelPageTable: 'kspace' } }, '/x/w.json'))).toBe('workload.kernelPageTable');
  });
});

describe('a mapping workload on the kernel page table (q35-1G)', () => {
  const onKspace = (check: boolean, s: object = spec, unmapOrder?: 'free-then-flush') => {
    const k = bootKernel(MBI, { check });
    const env = mappingEnv(k, 3, { kernelPageTable: 'kspace' });
    const r = runMapping(s, env, { space: unmapOrder ? { unmapOrder } : {} });
    return { k, env, r };
  };

  it('runs its spaces on user roots that share the kernel half, and leaves the kernel page table walking', () => {
    const { k, env, r } = onKspace(true);
    expect(env.kernelPageTable).toBeDefined();
    expect(env.cpus.every((c) => c.paging)).toBe(true);
    // Every CPU ended on some user root; each still reaches the kernel through it.
    const kroot = env.kernelPageTable!.rootPaddr();
    const pa = k.metaInit.ranges[0]!.start;
    for (const c of env.cpus) {
      expect(c.root).not.toBe(kroot);
      expect(env.mmu.translate(c, paddrToVaddr(pa)).paddr).toBe(pa);
    }
    const fresh = new CpuState({ id: 9 });
    fresh.enterLongMode({ root: kroot, pge: true, nxe: true });
    expect(env.mmu.translate(fresh, paddrToVaddr(pa)).paddr).toBe(pa);
    expect(r.totals.faults.demandZero).toBeGreaterThan(0);
    expect(r.totals.faults.cowCopy).toBeGreaterThan(0);
    expect(r.totals.staleTranslations).toBe(0);
    expect(r.totals.target13Violations).toBe(0);
    expect(r.totals.outcomes.target13).toBe(0);
    expect(allViolations(k)).toEqual([]);
  });

  it('is deterministic: the same seed gives the same events, totals and TLB counters', () => {
    const a = onKspace(false).r;
    const b = onKspace(false).r;
    expect(b.events).toEqual(a.events);
    expect(b.totals).toEqual(a.totals);
    expect(b.cpus).toEqual(a.cpus);
  });

  it('does what the bare environment does on the user side (page-table pages counted from the run\'s start)', () => {
    const bare = (): MappingResult => runMapping(spec, mappingEnv(bootKernel(MBI), 3));
    const a = onKspace(false).r;
    const b = bare();
    // The workload never touches the kernel half, so only the CPUs' setup differs.
    expect(a.events).toEqual(b.events);
    expect(a.totals).toEqual(b.totals);
    expect(a.totals.ptPagesPeak).toBeLessThan(200); // not the kernel table's ~1300 nodes
  });

  it('still counts Target 13 violations with 232e62b\'s free-then-flush order (the check is live)', () => {
    const { r } = onKspace(true, { ...spec, ops: { ...spec.ops, munmap: 4 } }, 'free-then-flush');
    expect(r.totals.target13Violations).toBeGreaterThan(0);
    expect(r.totals.outcomes.target13).toBeGreaterThan(0);
  });

  it('runs from a workload file with "kernelPageTable": "kspace": the same JSON twice, zero stale and Target 13', () => {
    const path = writeFile({ machine: MBI, check: true, kernelPageTable: 'kspace', workload: { kind: 'mapping', ...spec, steps: 250 } });
    const a = JSON.parse(JSON.stringify(workloadRunJson(runWorkloadFile(path)), (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
    const b = JSON.parse(JSON.stringify(workloadRunJson(runWorkloadFile(path)), (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
    expect(b).toEqual(a);
    expect(a.kernelPageTable).toBe('kspace');
    expect(a.totals.staleTranslations).toBe(0);
    expect(a.totals.target13Violations).toBe(0);
    expect(a.cpus).toHaveLength(3);
    // The kernel page table's frames are allocated: fewer frames free after than in a bare run.
    const bare = writeFile({ machine: MBI, workload: { kind: 'mapping', ...spec, steps: 250 } });
    const c = workloadRunJson(runWorkloadFile(bare)) as { after: { freeFrames: number }; kernelPageTable?: string };
    expect('kernelPageTable' in c).toBe(false);
    expect(a.after.freeFrames).toBeLessThan(c.after.freeFrames - 1000);
  });
});
