/**
 * Small machines the reproductions run on: a 64 MiB kernel, page tables, VmSpaces on two CPUs,
 * a kernel table with one global 2 MiB page. Each call makes a fresh state, so the audited and
 * the fixed side of a reproduction share nothing but their input.
 * @module
 */
import type { MemoryRegion } from '../../boot/index.js';
import { bootKernel, type Kernel } from '../../kernel/index.js';
import { CpuState, Mmu } from '../../machine/index.js';
import type { Frame } from '../../mm/handles/index.js';
import type { FrameMetaFields, Page } from '../../mm/page/index.js';
import { KernelMode, PageFlags, PageTable, PageTableContext, pageProperty, PrivilegedPageFlags, UserMode, type PageTableContextOptions, type PageTableMode } from '../../mm/page-table/index.js';
import { VmSpace, type VmSpaceEnv, type VmSpaceOptions } from '../../mm/vm-space/index.js';

/** 64 MiB: usable from 0 and from 2 MiB, a reserved hole, a kernel region at 1 MiB. */
export const SMALL_REGIONS: readonly MemoryRegion[] = Object.freeze([
  { base: 0n, len: 0x9f000n, type: 'Usable' },
  { base: 0x9f000n, len: 0x61000n, type: 'Reserved' },
  { base: 0x100000n, len: 0x100000n, type: 'Kernel' },
  { base: 0x200000n, len: 0x4000000n - 0x200000n, type: 'Usable' },
]);

/** A user address the reproductions map at. */
export const USER_VA = 0x0000_1000_0000n;
/** The kernel linear map's base (untracked, outside VMALLOC). */
export const KERNEL_VA = 0xffff_8000_0000_0000n;

/** Boots the small machine with `bugs` (checking mode unless `check` is false). */
export function smallKernel(bugs: readonly string[], check = true): Kernel {
  return bootKernel(SMALL_REGIONS, { bugs, check });
}

/** A small kernel with a page-table context. */
export function ptMachine(bugs: readonly string[], opts: Omit<PageTableContextOptions, 'bugs' | 'check'> = {}, check = true) {
  const k = smallKernel(bugs, check);
  const ctx = new PageTableContext(k.machine.memory, k.pages, opts);
  return {
    k,
    ctx,
    table: (mode: PageTableMode = UserMode): PageTable => PageTable.empty(ctx, mode),
    frame: (): Page<FrameMetaFields> => {
      const p = k.pageAllocator.allocSingle<FrameMetaFields>();
      if (p === null) throw new Error('the small machine is out of frames');
      return p;
    },
  };
}

/** A small kernel, an MMU with the stale-translation detector, two CPUs and a VmSpace factory. */
export function vmMachine(bugs: readonly string[], check = true) {
  const k = smallKernel(bugs, check);
  const ctx = new PageTableContext(k.machine.memory, k.pages);
  const mmu = new Mmu(k.machine.memory, { checkStale: true });
  const cpus = [new CpuState({ id: 0 }), new CpuState({ id: 1 })];
  const env: VmSpaceEnv = { ctx, mmu, frames: k.frames, cpus };
  return {
    k,
    env,
    mmu,
    cpus,
    space: (o: VmSpaceOptions = {}): VmSpace => VmSpace.new(env, o),
    frames: (n: number): Frame[] => {
      const v = k.frames.alloc(n, { zeroed: true });
      if (v === null) throw new Error('the small machine is out of frames');
      return [...v.frames];
    },
  };
}

/** A kernel table mapping [KERNEL_VA, +2 MiB) as one global 2 MiB page, on a CPU in long mode. */
export function hugePageMachine(la57 = false) {
  const k = smallKernel([]);
  const ctx = new PageTableContext(k.machine.memory, k.pages);
  const pt = PageTable.empty(ctx, KernelMode);
  pt.map({ start: KERNEL_VA, end: KERNEL_VA + 0x20_0000n }, { start: 0x20_0000, end: 0x40_0000 }, pageProperty(PageFlags.RW, 'Writeback', PrivilegedPageFlags.GLOBAL));
  const cpu = new CpuState({ id: 0 });
  cpu.enterLongMode({ root: pt.rootPaddr(), pge: true, nxe: true, la57 });
  const mmu = new Mmu(k.machine.memory, { checkStale: true });
  const pageSizeAt = (va: bigint): number => {
    const w = pt.query(va);
    return w === null ? 4096 : w.level === 2 ? 0x20_0000 : w.level === 3 ? 0x4000_0000 : 4096;
  };
  return { k, pt, cpu, mmu, pageSizeAt };
}
