/**
 * Verification Target 3 (page acquisition by `from_unused`) over a page layer: state
 * consistency of every typed page (the sweep), and loop termination — `from_unused` on a page
 * in use reports the would-be endless spin (`FromUnusedSpinError`) instead of hanging, leaving
 * the page as it was. The per-operation form runs inside `Page.fromUnused` in checking mode.
 * @module
 */
import { PAGE_SIZE } from '../../machine/index.js';
import { FrameMeta, FromUnusedSpinError, Page, pageStateViolationsOf, type PageSystem } from '../../mm/page/index.js';
import { property, targetReport, type PropertyResult, type TargetReport } from './property-result.js';

/** Checks Target 3 on `sys`; the probe allocates one frame and frees it again. */
export function checkFromUnused(sys: PageSystem): TargetReport {
  return targetReport(3, [property('state consistency', pageStateViolationsOf(sys, 3)), loopTermination(sys)]);
}

function loopTermination(sys: PageSystem): PropertyResult {
  const frame = sys.frames.allocSingle({ zeroed: false });
  if (frame === null) return property('loop termination', [], ['not probed: memory exhausted']);
  const page = Page.fromUnused(sys, frame * PAGE_SIZE, FrameMeta);
  const v: string[] = [];
  try {
    Page.fromUnused(sys, frame * PAGE_SIZE, FrameMeta);
    v.push(`from_unused of in-use page ${frame * PAGE_SIZE} succeeded`);
  } catch (e) {
    if (!(e instanceof FromUnusedSpinError)) v.push(`from_unused of an in-use page threw ${String(e)}`);
  }
  if (page.count() !== 1) v.push(`the in-use page's ref_count became ${page.count()}`);
  page.drop();
  return property('loop termination', v, ['232e62b spins forever here on one CPU; the model reports the hang']);
}
