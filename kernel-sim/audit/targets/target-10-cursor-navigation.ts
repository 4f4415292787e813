/**
 * Verification Target 10 (safety of cursor navigation, FG4.11): a probe walks a cursor over a
 * range with `next()` and checks after every step that `va` stays within `barrier_va` (or at its
 * end) and strictly increases until the end (progress).
 * @module
 */
import { cursorViolations, type PageTable } from '../../mm/page-table/index.js';
import { property, targetReport, type TargetReport } from './property-result.js';

/** Checks Target 10 with a cursor over `[start, end)` of `pt` (at most `maxSteps` steps). */
export function checkCursorNavigation(pt: PageTable, start: bigint, end: bigint, maxSteps = 1 << 16): TargetReport {
  const bound: string[] = [];
  const progress: string[] = [];
  const c = pt.cursor(start, end);
  try {
    for (let i = 0; i < maxSteps; i++) {
      const before = c.vpn;
      const r = c.next();
      bound.push(...cursorViolations(c).t10);
      if (r === null) break;
      if (c.vpn <= before) progress.push(`move_forward made no progress at page ${before}`);
    }
  } finally {
    c.drop();
  }
  return targetReport(10, [property('boundary enforcement', bound), property('progress of move_forward', progress)]);
}
