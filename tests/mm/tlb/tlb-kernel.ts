import { CpuState, Mmu } from '../../../kernel-sim/machine/index.js';
import { KernelMode, PageTable, PageTableContext, PrivilegedPageFlags, pageProperty, PageFlags } from '../../../kernel-sim/mm/page-table/index.js';
import { smallKernel } from '../page-test-kernel.js';

/** Kernel linear-map address used by the tests (untracked, outside VMALLOC). */
export const KA = 0xffff_8000_0000_0000n;
export const MiB2 = 0x20_0000n;

/** A kernel page table mapping [KA, KA + 2 MiB) with one global 2 MiB page and 16 global 4 KiB pages after it, on a CPU in long mode. */
export function tlbSetup(la57 = false) {
  const k = smallKernel();
  const ctx = new PageTableContext(k.machine.memory, k.pages);
  const pt = PageTable.empty(ctx, KernelMode);
  const prop = pageProperty(PageFlags.RW, 'Writeback', PrivilegedPageFlags.GLOBAL);
  pt.map({ start: KA, end: KA + MiB2 }, { start: 0x20_0000, end: 0x40_0000 }, prop);
  pt.map({ start: KA + MiB2, end: KA + MiB2 + 0x1_0000n }, { start: 0x40_0000, end: 0x41_0000 }, prop);
  const cpu = new CpuState({ id: 0 });
  cpu.enterLongMode({ root: pt.rootPaddr(), pge: true, nxe: true, la57 });
  const mmu = new Mmu(k.machine.memory, { checkStale: true });
  const pageSizeAt = (va: bigint): number => {
    const w = pt.query(va);
    return w === null ? 4096 : w.level === 2 ? 0x20_0000 : w.level === 3 ? 0x4000_0000 : 4096;
  };
  return { k, pt, cpu, mmu, pageSizeAt };
}
