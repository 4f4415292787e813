import { smallKernel, allViolations } from '../page-test-kernel.js';
import type { Kernel } from '../../../kernel-sim/kernel/index.js';
import { expect } from 'vitest';
import { lockByte, PageTable, PageTableContext, UserMode, type PageTableContextOptions, type PageTableMode } from '../../../kernel-sim/mm/page-table/index.js';
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

/** The three-view refinement's findings (tree_to_path, path_to_flat, tree_to_flat). */
export function viewViolations(pt: PageTable): string[] {
  const v = pt.refinement();
  return [...v.treeToPath, ...v.pathToFlat, ...v.treeToFlat];
}

// After a refusal: no node locked, tree and page layer consistent, the three views agree.
export function consistent(t: PtKernel, pt: PageTable): void {
  expect(pt.treeViolations()).toEqual([]);
  expect(viewViolations(pt)).toEqual([]);
  expect(t.violations()).toEqual([]);
  expect(lockByte(t.ctx, pt.rootPaddr())).toBe(0);
  const c = pt.cursorMut(UserMode === pt.mode ? 0n : pt.mode.start, (UserMode === pt.mode ? 0n : pt.mode.start) + 0x1000n);
  c.drop();
}
