/**
 * Verification Target 9 (`PageTableNode::overwrite_pte`, FG4.10.10) over a page table: the
 * whole-tree form (every node's `nr_children` equals its present PTEs, every child reference is
 * backed by a ref_count) and a probe of the reference-count rule on a scratch node — a tracked
 * frame overwritten by `set_child_untracked` in a tracked slot must lose its reference (with
 * NOE-03 audited it does not: the leak). The per-operation form runs inside `overwrite_pte` in
 * checking mode (`mm/page-table/invariants.ts`).
 * @module
 */
import { PAGE_SIZE } from '../../machine/index.js';
import { FrameMeta, Page } from '../../mm/page/index.js';
import { PageFlags, pageProperty, PageTableNode, type PageTable } from '../../mm/page-table/index.js';
import { property, targetReport, type PropertyResult, type TargetReport } from './property-result.js';

/** Checks Target 9 on `pt`; the probe allocates a node and a frame and frees them again. */
export function checkOverwritePte(pt: PageTable): TargetReport {
  return targetReport(9, [property('invariant: nr_children and child references (whole tree)', pt.treeViolations()), refCountProbe(pt)]);
}

function refCountProbe(pt: PageTable): PropertyResult {
  const name = 'reference count: an overwritten tracked frame loses its reference (NOE-03)';
  const ctx = pt.ctx;
  if (ctx.check) return property(name, [], ['not probed: checking mode checks every overwrite_pte already']);
  const frame = ctx.pages.frames.allocSingle({ zeroed: false });
  if (frame === null) return property(name, [], ['not probed: memory exhausted']);
  const pa = frame * PAGE_SIZE;
  const keep = Page.fromUnused(ctx.pages, pa, FrameMeta);
  const node = PageTableNode.alloc(ctx, 1);
  const v: string[] = [];
  node.setChildFrame(0, keep.clone(), pageProperty(PageFlags.RW));
  node.setChildUntracked(0, pa, pageProperty(PageFlags.RW), false); // the slot is in a tracked range
  const rc = ctx.pages.meta.refCount(frame);
  if (rc !== 1) {
    v.push(`frame ${pa.toString(16)}: ref_count ${rc} after its PTE was overwritten, expected 1 (the PTE's reference leaked)`);
    Page.fromRaw(ctx.pages, pa, FrameMeta).drop(); // release the leaked reference
  }
  node.unsetChild(0, true);
  node.drop();
  keep.drop();
  return property(name, v, [ctx.bugs.has('NOE-03') ? 'NOE-03 audited: the flag follows the new entry' : 'fixed: the flag follows the slot']);
}
