/**
 * Verification Target 2 (page deallocation safety) over a page layer's current state: buddy
 * system integrity and no frame both free and in use (the sweep of `mm/page/invariants.ts`),
 * and a probe that a second release of a freed frame is refused with the state unchanged.
 * The per-operation form of this target runs inside `Page.drop` in checking mode.
 * @module
 */
import { FrameAllocatorError, freeListProblems } from '../../mm/frame/index.js';
import { PAGE_SIZE } from '../../machine/index.js';
import { FrameMeta, Page, pageStateViolationsOf, type PageSystem } from '../../mm/page/index.js';
import { property, targetReport, type PropertyResult, type TargetReport } from './property-result.js';

/** Checks Target 2 on `sys`; the probe allocates and frees one frame (state restored). */
export function checkPageDeallocation(sys: PageSystem): TargetReport {
  const lists = freeListProblems(sys.frames.buddy);
  const sweep = pageStateViolationsOf(sys, 2).filter((v) => !lists.includes(v));
  const results: PropertyResult[] = [
    property('buddy system integrity', lists),
    property('metadata consistency (no frame both free and in use)', sweep),
    noDoubleFree(sys),
  ];
  return targetReport(2, results);
}

function noDoubleFree(sys: PageSystem): PropertyResult {
  const frame = sys.frames.allocSingle({ zeroed: false });
  if (frame === null) return property('no double free', [], ['not probed: memory exhausted']);
  try {
    Page.fromUnused(sys, frame * PAGE_SIZE, FrameMeta).drop();
  } catch (e) {
    // The allocator handed out a frame whose metadata says it is in use: a frame both free and owned.
    // Give the probe's frame back past the page layer's guard (which would refuse: it is a page).
    const guard = sys.frames.deallocGuard;
    sys.frames.deallocGuard = null;
    try {
      sys.frames.dealloc(frame, 1);
    } finally {
      sys.frames.deallocGuard = guard;
    }
    return property('no double free', [`the allocator handed out frame ${frame} while its page is in use: ${(e as Error).message}`]);
  }
  const before = sys.frames.buddy.freeBlockCounts().join(',');
  try {
    sys.frames.dealloc(frame, 1);
    return property('no double free', [`a second dealloc of frame ${frame} was accepted`]);
  } catch (e) {
    const v: string[] = [];
    if (!(e instanceof FrameAllocatorError)) v.push(`second dealloc threw ${String(e)}, not FrameAllocatorError`);
    if (sys.frames.buddy.freeBlockCounts().join(',') !== before) v.push('the refused dealloc changed the free lists');
    return property('no double free', v);
  }
}
