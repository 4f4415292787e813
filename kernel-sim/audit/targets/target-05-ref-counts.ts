/**
 * Verification Target 5 (ref_count equals the owners of a page) over a page layer: the
 * invariant for every touched page (the sweep), and a probe of raising a count for a forgotten
 * handle step by step (`incRefCountSteps`), checking ref_count >= owners between the steps:
 * with MOP-02 audited the first step breaks it, fixed it holds. The per-operation form runs
 * after every page operation in checking mode.
 * @module
 */
import { PAGE_SIZE } from '../../machine/index.js';
import {
  FrameMeta,
  incRefCountSteps,
  InvariantViolation,
  Page,
  pageStateViolationsOf,
  refCountLowerBoundViolations,
  type PageSystem,
} from '../../mm/page/index.js';
import { property, targetReport, type PropertyResult, type TargetReport } from './property-result.js';

/** Checks Target 5 on `sys`; the probe allocates one frame and frees it again. */
export function checkRefCounts(sys: PageSystem): TargetReport {
  return targetReport(5, [property('invariant: ref_count equals owners', pageStateViolationsOf(sys, 5)), incRefProbe(sys)]);
}

function incRefProbe(sys: PageSystem): PropertyResult {
  const name = 'consistency through inc_ref_count (MOP-02)';
  const frame = sys.frames.allocSingle({ zeroed: false });
  if (frame === null) return property(name, [], ['not probed: memory exhausted']);
  const pa = frame * PAGE_SIZE;
  const raw = Page.fromUnused(sys, pa, FrameMeta).intoRaw();
  const v: string[] = [];
  try {
    const steps = incRefCountSteps(sys, raw, FrameMeta);
    for (let r = steps.next(); !r.done; r = steps.next()) {
      for (const line of refCountLowerBoundViolations(sys, frame)) v.push(`after ${r.value}: ${line}`);
    }
    Page.fromRaw(sys, pa, FrameMeta).drop(); // the reference inc_ref_count added
  } catch (e) {
    if (!(e instanceof InvariantViolation)) throw e;
    v.push(...e.violations.map((l) => `checking mode caught: ${l}`));
  }
  Page.fromRaw(sys, pa, FrameMeta).drop();
  return property(name, v, [sys.bugs.has('MOP-02') ? 'MOP-02 audited: from_raw before clone' : 'fixed: one fetch_add']);
}
