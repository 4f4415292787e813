import { hugePageMachine, KERNEL_VA } from '../../../kernel-sim/audit/findings/fixtures.js';
import { PrivilegedPageFlags, pageProperty, PageFlags } from '../../../kernel-sim/mm/page-table/index.js';

/** Kernel linear-map address used by the tests (untracked, outside VMALLOC). */
export const KA = KERNEL_VA;
export const MiB2 = 0x20_0000n;

/** A kernel page table mapping [KA, KA + 2 MiB) with one global 2 MiB page and 16 global 4 KiB pages after it, on a CPU in long mode. */
export function tlbSetup(la57 = false) {
  const m = hugePageMachine(la57);
  m.pt.map({ start: KA + MiB2, end: KA + MiB2 + 0x1_0000n }, { start: 0x40_0000, end: 0x41_0000 }, pageProperty(PageFlags.RW, 'Writeback', PrivilegedPageFlags.GLOBAL));
  return m;
}
