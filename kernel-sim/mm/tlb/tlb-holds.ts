/**
 * Which CPUs' TLBs still hold a translation onto a physical frame: the Target 13 question
 * asked when a frame goes back to the allocator.
 * @module
 */
import type { CpuState } from '../../machine/index.js';

/** True when a valid entry of `cpu`'s TLB translates to a page containing physical `paddr`. */
export function tlbHoldsFrame(cpu: CpuState, paddr: number): boolean {
  const t = cpu.tlb;
  for (let i = 0; i < t.tag.length; i++) {
    if (t.tag[i] === -1) continue;
    const base = t.base[i]!;
    if (paddr >= base && paddr < base + t.pageSize(i)) return true;
  }
  return false;
}

/** The ids of the CPUs among `cpus` whose TLB holds a translation onto frame `paddr`. */
export function cpusHoldingFrame(cpus: readonly CpuState[], paddr: number): number[] {
  return cpus.filter((c) => tlbHoldsFrame(c, paddr)).map((c) => c.id);
}
