import { smallKernel, allViolations } from '../page-test-kernel.js';
import type { Kernel } from '../../../kernel-sim/kernel.js';
import { PageTable, PageTableContext, UserMode, type PageTableContextOptions, type PageTableMode } from '../../../kernel-sim/mm/page-table/index.js';
import type { FrameMetaFields, Page } from '../../../kernel-sim/mm/page/index.js';

/** A small kernel with a page-table context. */
export interface PtKernel {
  readonly k: Kernel;
  readonly ctx: PageTableContext;
  /** A fresh page table of `mode`. */
  table(mode?: PageTableMode): PageTable;
  /** A fresh Frame page handle. */
  frame(): Page<FrameMetaFields>;
  /** Page-layer violations (Targets 2-5) of the whole state. */
  violations(): string[];
}

/** Boots the small machine (checking mode on by default) with a page-table context. */
export function ptKernel(opts: { bugs?: string[]; check?: boolean } & Omit<PageTableContextOptions, 'bugs' | 'check'> = {}): PtKernel {
  const k = smallKernel({ bugs: opts.bugs, check: opts.check ?? true });
  const ctx = new PageTableContext(k.machine.memory, k.pages, { consts: opts.consts, tdx: opts.tdx, pat: opts.pat, vmallocRange: opts.vmallocRange, unmapSkipsRest: opts.unmapSkipsRest });
  return {
    k,
    ctx,
    table: (mode = UserMode) => PageTable.empty(ctx, mode),
    frame: () => {
      const p = k.pageAllocator.allocSingle<FrameMetaFields>();
      if (p === null) throw new Error('out of memory');
      return p;
    },
    violations: () => allViolations(k),
  };
}
