/**
 * Verification Target 12 (`CursorMut::map` creates exactly the mapping asked): maps a frame at
 * `va` with `prop` through a new `CursorMut`, then checks by a walk from the root that the frame
 * is mapped there as a 4 KiB page with that property (MOM-04 audited: R added) and that the
 * cursor moved to the next page. The mapping stays; the caller may unmap it.
 * @module
 */
import { PAGE_SIZE } from '../../machine/index.js';
import type { FrameMetaFields, Page } from '../../mm/page/index.js';
import { mapViolations, vpnOf, type PageProperty, type PageTable } from '../../mm/page-table/index.js';
import { property, targetReport, type TargetReport } from './property-result.js';

/** Maps `frame` at `va` in `pt` and checks Target 12. */
export function checkMap(pt: PageTable, va: bigint, frame: Page<FrameMetaFields>, prop: PageProperty): TargetReport {
  const pa = frame.paddr();
  const c = pt.cursorMut(va, va + BigInt(PAGE_SIZE));
  let v: string[];
  try {
    c.map(frame, prop);
    v = mapViolations(pt.ctx, pt.rootPaddr(), vpnOf(pt.ctx.consts, va), pa, prop, c.vpn);
  } finally {
    c.drop();
  }
  return targetReport(12, [property('correct frame mapping, page size and cursor integrity', v)]);
}
