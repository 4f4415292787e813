/**
 * `Page::<M>::from_unused(paddr).into_raw()` over a run of frames at once, as `meta::init` does
 * for its metadata pages: the same slots (usage, ref_count 1, `M::default()`), the same ledger
 * (one forgotten handle per frame, no live one) and the same operation count as the per-page
 * calls, written as whole-chunk values so the cost grows with chunks, not frames.
 *
 * Falls back to the per-page calls (and so to their checks and errors, at the page they name)
 * in checking mode, for a type without a bulk `initRange`, past MAX_PADDR, when a frame of the
 * run is not Unused with count 0, or (allocator usages) not allocated in the frame allocator.
 * @module
 */
import { PAGE_SIZE } from '../../../machine/index.js';
import { isAllocatorUsage } from '../invariants.js';
import { Page } from '../page.js';
import type { PageSystem } from '../page-system.js';
import type { PageMeta } from './usage-metas.js';

/** Types frames [start, start + n) as `kind` and forgets their handles. */
export function fromUnusedIntoRawRange<M>(sys: PageSystem, start: number, n: number, kind: PageMeta<M>): void {
  const store = sys.meta;
  const bulk = !sys.check && kind.initRange !== undefined && start + n <= store.slotCount && store.isUnusedRange(start, n)
    && (!isAllocatorUsage(kind.code) || sys.frames.buddy.isRangeAllocated(start, n));
  if (!bulk) {
    for (let i = 0; i < n; i++) Page.fromUnused(sys, (start + i) * PAGE_SIZE, kind).intoRaw();
    return;
  }
  store.setUsageRange(start, n, kind.code);
  store.addRefCountRange(start, n, 1);
  kind.initRange!(store, start, n);
  sys.ledger.addRawRange(start, n, 1);
  sys.ops += 2 * n; // from_unused and into_raw per page
}
