import { beforeAll, describe, expect, it } from 'vitest';
import { bootKernel, type Kernel } from '../../../kernel-sim/kernel/index.js';
import { CpuState, PageFault } from '../../../kernel-sim/machine/index.js';
import {
  buildKernelAddressSpace, kspaceVmSpaceEnv, paddrToVaddr, type KernelAddressSpace,
} from '../../../kernel-sim/mm/kspace/index.js';
import { PAGE_USAGE } from '../../../kernel-sim/mm/page/index.js';
import { PageFlags } from '../../../kernel-sim/mm/page-table/index.js';
import { VmSpace, type VmSpaceEnv } from '../../../kernel-sim/mm/vm-space/index.js';

const MBI = 'datasets/mbi/q35-1G.mbi';
const UA = 0x0000_1000_0000n;
const PAGE = 4096n;
// A/D bits of a PTE: the MMU sets A in whichever root it walked, so roots walked by different
// CPUs may differ there and nowhere else.
const AD = 0x60n;

/** The 512 entries of the table at `root`, as 64-bit values. */
const entries = (env: VmSpaceEnv, root: number): bigint[] => Array.from({ length: 512 }, (_, i) => env.ctx.memory.readU64(root + i * 8));
/** Physical addresses of the kernel half's level-3 nodes (root entries 256..511). */
const kernelHalfNodes = (env: VmSpaceEnv, root: number): number[] => entries(env, root).slice(256).map((e) => Number(e & 0x000f_ffff_ffff_f000n));

describe('kspaceVmSpaceEnv on q35-1G', () => {
  let kernel: Kernel;
  let ks: KernelAddressSpace;
  let env: VmSpaceEnv;
  // A frame with a known place in the kernel's layout: the first metadata page.
  let metaPa: number;
  beforeAll(() => {
    kernel = bootKernel(MBI);
    ks = buildKernelAddressSpace(kernel);
    env = kspaceVmSpaceEnv(ks, kernel.frames, 3);
    metaPa = kernel.metaInit.ranges[0]!.start;
  });

  it('is the kernel address space\'s context, kernel page table, CPU 0 and frames, with a stale-checking MMU', () => {
    expect(env.ctx).toBe(ks.ctx);
    expect(env.kernelPageTable).toBe(ks.pageTable);
    expect(env.frames).toBe(kernel.frames);
    expect(env.cpus[0]).toBe(ks.cpu);
    expect(env.cpus.map((c) => c.id)).toEqual([0, 1, 2]);
    expect(env.mmu).not.toBe(ks.mmu);
    expect(env.mmu.stale.enabled).toBe(true);
    expect(() => kspaceVmSpaceEnv(ks, kernel.frames, 0)).toThrow(RangeError);
  });

  it('brings every further CPU into CPU 0\'s paging state, on the kernel page table', () => {
    const root = ks.pageTable.rootPaddr();
    for (const c of env.cpus) {
      expect([c.cr0, c.cr3, c.cr4, c.efer]).toEqual([ks.cpu.cr0, ks.cpu.cr3, ks.cpu.cr4, ks.cpu.efer]);
      expect([c.paging, c.root, c.pge, c.nxe]).toEqual([true, root, true, true]);
    }
    // An AP translates a kernel address before any user space exists (a walk: its TLB is new).
    const t = env.mmu.translate(env.cpus[2]!, paddrToVaddr(metaPa + 0x18));
    expect(t.paddr).toBe(metaPa + 0x18);
    expect(env.cpus[2]!.tlb.stats.walks).toBeGreaterThan(0);
  });

  it('gives a new VmSpace a root of its own whose entries 256..511 are the kernel root\'s (0..255 empty)', () => {
    const vs = VmSpace.new(env);
    try {
      const kroot = ks.pageTable.rootPaddr();
      const uroot = vs.pt.rootPaddr();
      expect(uroot).not.toBe(kroot);
      expect(kernel.meta.usage(uroot / 4096)).toBe(PAGE_USAGE.PageTable);
      const k = entries(env, kroot);
      const u = entries(env, uroot);
      expect(u.slice(0, 256).every((e) => e === 0n)).toBe(true);
      expect(u.slice(256).map((e) => e & ~AD)).toEqual(k.slice(256).map((e) => e & ~AD));
      expect(u.slice(256).every((e) => (e & 1n) === 1n)).toBe(true); // all present (make_shared_tables)
    } finally {
      vs.drop();
    }
  });

  it('after activate, translates kernel addresses from the user root as the kernel root does, and refuses them to user mode', () => {
    const vs = VmSpace.new(env);
    const cpu = env.cpus[1]!;
    try {
      vs.activate(cpu);
      expect(cpu.root).toBe(vs.pt.rootPaddr());
      const code = ks.report.mapped.find((m) => m.kind === 'kernel-code')!;
      const vas = [paddrToVaddr(metaPa + 0x40), paddrToVaddr(0x3000_0123), code.va.start + 0x10n];
      // A fresh CPU on the kernel root walks the kernel's table; `cpu` walks the user root.
      const kcpu = new CpuState({ id: 7 });
      kcpu.enterLongMode({ root: ks.pageTable.rootPaddr(), pge: true, nxe: true });
      for (const va of vas) {
        const viaUser = env.mmu.translate(cpu, va);
        const viaKernel = env.mmu.translate(kcpu, va);
        expect(viaUser.paddr).toBe(viaKernel.paddr);
        expect(viaUser.flags).toMatchObject({ user: false, global: true });
        expect(() => env.mmu.translate(cpu, va, { user: true })).toThrow(PageFault);
      }
      expect(env.mmu.translate(cpu, vas[0]!).paddr).toBe(metaPa + 0x40);
      expect(env.mmu.translate(cpu, vas[1]!).paddr).toBe(0x3000_0123);
      expect(env.mmu.translate(cpu, vas[2]!).paddr).toBe(code.pa.start + 0x10);
      // The kernel's entries are global: switching CR3 to another space keeps them cached.
      const other = VmSpace.new(env);
      const misses = cpu.tlb.stats.misses;
      other.activate(cpu);
      env.mmu.translate(cpu, vas[0]!);
      expect(cpu.tlb.stats.misses).toBe(misses);
      other.drop();
    } finally {
      vs.drop();
    }
  });

  it('serves a demand-paging fault and a copy-on-write fault; the linear map sees the user frames', () => {
    const parent = VmSpace.new(env);
    const [c1, c2] = [env.cpus[1]!, env.cpus[2]!];
    try {
      parent.activate(c1);
      parent.declareArea({ start: UA, end: UA + 4n * PAGE, flags: PageFlags.RW });
      parent.writeBytes(c1, UA + 8n, Uint8Array.of(1, 2, 3));
      expect(parent.faults.demandZero).toBe(1);
      const pa = env.mmu.translate(c1, UA, { user: true }).paddr;
      // The kernel reaches the same frame through its linear map, from the user root.
      expect(env.mmu.translate(c1, paddrToVaddr(pa)).paddr).toBe(pa);
      expect([...env.ctx.memory.readBytes(pa + 8, 3)]).toEqual([1, 2, 3]);

      const child = parent.forkCopyOnWrite();
      try {
        expect(entries(env, child.pt.rootPaddr()).slice(256).map((e) => e & ~AD))
          .toEqual(entries(env, ks.pageTable.rootPaddr()).slice(256).map((e) => e & ~AD));
        child.activate(c2);
        child.writeBytes(c2, UA + 8n, Uint8Array.of(9));
        expect(child.faults.cowCopy).toBe(1);
        const cpa = env.mmu.translate(c2, UA, { user: true }).paddr;
        expect(cpa).not.toBe(pa);
        expect([...child.readBytes(c2, UA + 8n, 3)]).toEqual([9, 2, 3]);
        expect([...parent.readBytes(c1, UA + 8n, 3)]).toEqual([1, 2, 3]);
        parent.writeBytes(c1, UA + 8n, Uint8Array.of(5)); // now the only owner: made writable in place
        expect(parent.faults.cowReuse).toBe(1);
        expect(env.mmu.translate(c1, UA, { user: true }).paddr).toBe(pa);
      } finally {
        child.drop();
      }
    } finally {
      parent.drop();
    }
  });

  it('dropping VmSpaces frees their own nodes only: the kernel half keeps its nodes and reference counts, and still walks', () => {
    const kroot = ks.pageTable.rootPaddr();
    // Every CPU's CR3 on the kernel table first: spaces dropped by earlier tests are released.
    for (const cpu of env.cpus) ks.pageTable.activate(cpu);
    const nodes = kernelHalfNodes(env, kroot);
    const refs = (): number[] => nodes.map((pa) => kernel.meta.refCount(pa / 4096));
    const before = refs();
    const inUse = (): number => env.ctx.stats.nodesAllocated - env.ctx.stats.nodesFreed;
    const used = inUse();
    const kEntries = entries(env, kroot).map((e) => e & ~AD);

    const vs = VmSpace.new(env);
    vs.activate(env.cpus[1]!);
    vs.declareArea({ start: UA, end: UA + 2n * PAGE, flags: PageFlags.RW });
    vs.access(env.cpus[1]!, UA, { write: true, user: true });
    const child = vs.forkCopyOnWrite();
    // Each user root holds one reference on every shared node.
    expect(refs()).toEqual(before.map((r) => r + 2));
    expect(inUse()).toBeGreaterThan(used);
    child.drop();
    vs.drop();
    // CPU 1's CR3 still holds vs's root (RawPageTableNode::activate's reference) until it moves away.
    expect(inUse()).toBeGreaterThan(used);
    ks.pageTable.activate(env.cpus[1]!);

    expect(refs()).toEqual(before);
    expect(nodes.every((pa) => kernel.meta.usage(pa / 4096) === PAGE_USAGE.PageTable)).toBe(true);
    expect(inUse()).toBe(used); // the user roots and their user-half nodes were freed, nothing else
    expect(entries(env, kroot).map((e) => e & ~AD)).toEqual(kEntries);
    // A CPU with an empty TLB walks the kernel page table to the right frames.
    const kcpu = new CpuState({ id: 8 });
    kcpu.enterLongMode({ root: kroot, pge: true, nxe: true });
    expect(env.mmu.translate(kcpu, paddrToVaddr(metaPa)).paddr).toBe(metaPa);
    expect(env.mmu.translate(kcpu, paddrToVaddr(0x2000_0000)).paddr).toBe(0x2000_0000);
    expect(kcpu.tlb.stats.walks).toBe(2);
    expect(ks.pageTable.query(paddrToVaddr(0x1234_5000))?.paddr).toBe(0x1234_5000);
    expect(env.mmu.stale.count).toBe(0);
  });

  it('starts further CPUs on the kernel root even when CPU 0 has since switched to a user space', () => {
    const vs = VmSpace.new(env);
    try {
      vs.activate(ks.cpu);
      expect(ks.cpu.root).toBe(vs.pt.rootPaddr());
      const env2 = kspaceVmSpaceEnv(ks, kernel.frames, 2);
      expect(env2.cpus[0]).toBe(ks.cpu);
      expect(env2.cpus[1]!.root).toBe(ks.pageTable.rootPaddr());
      expect(env2.cpus[1]!.cr4).toBe(ks.cpu.cr4);
    } finally {
      vs.drop();
    }
  });
});

describe('Target 13 on the kspace env (checking mode)', () => {
  it('a global linear-map entry onto a freed user frame is not a stale user translation; the user entry still is', () => {
    const kernel = bootKernel(MBI, { check: true });
    const ks = buildKernelAddressSpace(kernel);
    const env = kspaceVmSpaceEnv(ks, kernel.frames, 1);
    const cpu = env.cpus[0]!;
    for (const order of ['flush-then-free', 'free-then-flush'] as const) {
      const vs = VmSpace.new(env, { unmapOrder: order });
      vs.activate(cpu);
      vs.declareArea({ start: UA, end: UA + PAGE, flags: PageFlags.RW });
      vs.writeBytes(cpu, UA, Uint8Array.of(1));
      const pa = env.mmu.translate(cpu, UA, { user: true }).paddr;
      env.mmu.translate(cpu, paddrToVaddr(pa)); // the kernel's global linear-map entry onto the frame
      const unmap = (): void => vs.unmap({ start: UA, end: UA + PAGE });
      if (order === 'flush-then-free') expect(unmap).not.toThrow();
      else expect(unmap).toThrow(/Verification Target 13/);
      vs.drop();
    }
  });
});
