/**
 * Which CPUs' TLBs still hold a translation onto a physical frame: the Target 13 question
 * asked when a frame goes back to the allocator.
 * @module
 */
import { PERM_G, type CpuState } from '../../machine/index.js';

const _PERM_G = PERM_G;

/** Which entries count: all, or only non-global ones (a VmSpace's mappings are never global). */
export interface HoldOptions {
  /** Skip global entries, e.g. the kernel's linear map, which covers all RAM by design. */
  readonly nonGlobalOnly?: boolean;
}

/** True when a valid entry of `cpu`'s TLB translates to a page containing physical `paddr`. */
export function tlbHoldsFrame(cpu: CpuState, paddr: number, opts: HoldOptions = {}): boolean {
  const t = cpu.tlb;
  const skipGlobal = opts.nonGlobalOnly === true;
  for (let i = 0; i < t.tag.length; i++) {
    if (t.tag[i] === -1 || (skipGlobal && (t.perms[i]! & _PERM_G) !== 0)) continue;
    const base = t.base[i]!;
    if (paddr >= base && paddr < base + t.pageSize(i)) return true;
  }
  return false;
}

/** The ids of the CPUs among `cpus` whose TLB holds a translation onto frame `paddr`. */
export function cpusHoldingFrame(cpus: readonly CpuState[], paddr: number, opts: HoldOptions = {}): number[] {
  return cpus.filter((c) => tlbHoldsFrame(c, paddr, opts)).map((c) => c.id);
}
