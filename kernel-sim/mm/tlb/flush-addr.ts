/**
 * `tlb_flush_addr` (FG4.2.1): INVLPG of one address, with MOM-01 as a switch.
 *
 * MOM-01 audited: 232e62b passes the address through the x86_64 crate's `VirtAddr::new`, which
 * panics unless it is canonical for 48 bits — so flushing a 57-bit address (5-level paging)
 * panics even on a CPU with CR4.LA57. Fixed: the address is checked against the CPU's own width
 * (48 or 57 bits) and a non-canonical one is a typed {@link NonCanonicalVaddrError}, not a panic.
 * @module
 */
import { hex, isCanonical, type CpuState } from '../../machine/index.js';
import type { BugSet } from '../../bugs/index.js';
import { NonCanonicalVaddrError } from '../page-table/index.js';
import { KernelPanic } from '../../util/errors.js';
import { markFlush, reportSince, type FlushReport } from './flush-report.js';

/** Options shared by the flush functions. */
export interface TlbFlushOptions {
  /** Audited behaviours: MOM-01, MOM-02. Default: none (fixed). */
  readonly bugs?: BugSet;
}

/**
 * The address check before INVLPG.
 * @throws KernelPanic (MOM-01 audited, `VirtAddr::new`) or NonCanonicalVaddrError (fixed).
 */
export function checkFlushVaddr(cpu: CpuState, va: bigint, bugs: BugSet | undefined): void {
  if (bugs !== undefined && bugs.has('MOM-01')) {
    if (!isCanonical(va, false)) throw new KernelPanic('VirtAddr::new', `address ${hex(va)} is not a canonical 48-bit virtual address (MOM-01 audited: fixed 48-bit width)`);
    return;
  }
  if (!isCanonical(va, cpu.la57)) throw new NonCanonicalVaddrError(va, cpu.la57 ? 57 : 48);
}

/**
 * `tlb_flush_addr(vaddr)`: invalidates the TLB entries of the page holding `va` on `cpu`.
 * @throws KernelPanic / NonCanonicalVaddrError, see {@link checkFlushVaddr}.
 */
export function tlbFlushAddr(cpu: CpuState, va: bigint, opts: TlbFlushOptions = {}): FlushReport {
  checkFlushVaddr(cpu, va, opts.bugs);
  const m = markFlush(cpu);
  cpu.invlpg(va);
  return reportSince(cpu, m, 'per-4k');
}
