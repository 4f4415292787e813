/**
 * What a VmSpace needs of the kernel and machine.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import type { CpuState, Mmu } from '../../machine/index.js';
import type { FrameHandleAllocator } from '../handles/index.js';
import type { PageTable, PageTableContext } from '../page-table/index.js';

/** The kernel and machine a VmSpace lives in. */
export interface VmSpaceEnv {
  readonly ctx: PageTableContext;
  /** The MMU the CPUs translate through (its stale detector labels table writes). */
  readonly mmu: Mmu;
  readonly frames: FrameHandleAllocator;
  /** Every CPU of the machine (the Target 13 check looks in all their TLBs). */
  readonly cpus: readonly CpuState[];
  /** The kernel page table to share the kernel half from; absent: an empty user root. */
  readonly kernelPageTable?: PageTable;
}

/** Options of a VmSpace. */
export interface VmSpaceOptions {
  /** Audited behaviours: SPA-01, MOM-01, MOM-02. Default: the context's bug set. */
  readonly bugs?: BugSet;
  /** Checking mode (Target 13 at every frame release). Default: the context's. */
  readonly check?: boolean;
  /** Fixed SPA-01's recovery: undo the changed entries (default) or keep them and flush. */
  readonly protectRecovery?: 'rollback' | 'flush';
  /**
   * The order in `unmap`: `'flush-then-free'` (Target 13, the default), or `'free-then-flush'`,
   * 232e62b's order (the cursor drops the frame in `replace_child` before
   * `tlb_flush_addr_range`), kept as a test double for the Target 13 check. Not a finding ID:
   * the audit states it as a target, not as a finding.
   */
  readonly unmapOrder?: 'flush-then-free' | 'free-then-flush';
}
