/**
 * The mapping half of the seed's Initialization Sequence on a booted kernel: boot.S's page table
 * and long mode on CPU 0, `enable_common_cpu_features` (CR4.PGE, EFER.NXE), `BootPageTable::from_current_pt`, `meta::init`'s mapping of the
 * metadata pages through `map_base_page`, then {@link initKernelPageTable} with activation and
 * the boot table's retirement.
 *
 * Simplification: boot.S's six pages live in the kernel image's `.boot` section at 232e62b; the
 * captures' Kernel region is 3 pages, so the model takes them from `FRAME_ALLOCATOR` (one
 * contiguous block, below 4 GiB) and leaves them allocated, as image memory stays.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import { CpuState, CR4_PGE, EFER_NXE, hex, Mmu, PAGE_SIZE, type Machine } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { FrameAllocator } from '../frame/index.js';
import { pageToMeta, type MetaInitResult } from '../page/index.js';
import { PageFlags, PageTableContext, PrivilegedPageFlags, X86_64_PAGING, type PagingConsts } from '../page-table/index.js';
import { BootPageTable } from '../page-table/boot-pt.js';
import { BOOT_PT_PAGES, multibootHandoff, type BootSPageTable } from '../page-table/boot-s.js';
import { runBootS, type BootSRegisters } from '../page-table/boot-s-steps.js';
import { initKernelPageTable, type KernelPageTableResult, type KspaceKernel } from './init-kernel-page-table.js';

/** The parts of a booted kernel this needs (a `Kernel` from `bootKernel` fits). */
export interface BootedKernel extends KspaceKernel {
  readonly machine: Machine;
  readonly frameAllocator: FrameAllocator;
  readonly metaInit: MetaInitResult;
}

/** Options of {@link buildKernelAddressSpace}. */
export interface KernelAddressSpaceOptions {
  /** Paging constants for the page-table layer (default x86-64 4-level of 232e62b). */
  readonly consts?: PagingConsts;
  /** Map the metadata pages in the boot page table as `meta::init` does (default true). */
  readonly bootMetaMap?: boolean;
  /** Bug set override (default the kernel's). */
  readonly bugs?: BugSet;
}

/** The kernel address space after `init_kernel_page_table`. */
export interface KernelAddressSpace extends KernelPageTableResult {
  /** CPU 0, in long mode on the kernel page table. */
  readonly cpu: CpuState;
  /** An MMU over the machine's memory. */
  readonly mmu: Mmu;
  readonly ctx: PageTableContext;
  /** Where boot.S's table was written. */
  readonly bootS: BootSPageTable;
  /** What boot.S's steps left in the registers machine/ does not model (GDTR, selectors, RSP, RIP). */
  readonly bootRegs: BootSRegisters;
  /** Page-table frames the boot page table allocated for the metadata mapping. */
  readonly bootPtFrames: number;
}

/**
 * Runs boot.S's paging setup and `init_kernel_page_table` on `kernel`.
 * @throws KernelPanic when no frames below 4 GiB hold boot.S's table; the errors of the steps
 */
export function buildKernelAddressSpace(kernel: BootedKernel, opts: KernelAddressSpaceOptions = {}): KernelAddressSpace {
  const bugs = opts.bugs ?? kernel.bugs;
  const memory = kernel.machine.memory;
  const ctx = new PageTableContext(memory, kernel.pages, { consts: opts.consts ?? X86_64_PAGING, bugs });
  const seg = kernel.frameAllocator.allocContiguous(BOOT_PT_PAGES, { zeroed: true });
  if (seg === null || (seg.start + BOOT_PT_PAGES) * PAGE_SIZE > 2 ** 32) {
    throw new KernelPanic('boot.S', `no ${BOOT_PT_PAGES} contiguous frames below 4 GiB for the boot page table${seg === null ? '' : ` (got ${hex(seg.start * PAGE_SIZE)})`}`);
  }
  const cpu = new CpuState({ id: 0 });
  multibootHandoff(cpu);
  // boot.S's GDT lives in the image's .boot section: the start of the Kernel region here.
  const image = kernel.regions.find((r) => r.type === 'Kernel');
  if (image === undefined) throw new KernelPanic('boot.S', 'no Kernel region for the .boot section (boot_gdt)');
  const { table: bootS, regs: bootRegs } = runBootS(memory, cpu, seg.start * PAGE_SIZE, Number(image.base), { bugs });
  // arch::before_all_init's enable_common_cpu_features: CR4.PGE and EFER.NXE (the kernel's PTEs set NX).
  cpu.writeCr4(cpu.cr4 | CR4_PGE);
  cpu.writeEfer(cpu.efer | EFER_NXE);

  const bootPt = BootPageTable.fromCurrentPt({ memory, frames: kernel.frameAllocator, enc: ctx.enc, consts: ctx.consts }, cpu);
  if (opts.bootMetaMap !== false) {
    const rw = { flags: PageFlags.RW, cache: 'Writeback' as const, privFlags: PrivilegedPageFlags.GLOBAL };
    // One map_base_page per metadata page, a range's pages at a time (mapBasePages is equivalent).
    let va = pageToMeta(0);
    for (const r of kernel.metaInit.ranges) {
      const count = Math.max(0, Math.ceil((r.end - r.start) / PAGE_SIZE));
      bootPt.mapBasePages(va, r.start / PAGE_SIZE, count, rw);
      va += BigInt(count * PAGE_SIZE);
    }
  }
  const bootPtFrames = bootPt.frames.length;
  const res = initKernelPageTable(kernel, bootPt, kernel.metaInit.ranges, { ctx, cpu });
  return { ...res, cpu, mmu: new Mmu(memory), ctx, bootS, bootRegs, bootPtFrames };
}
