/**
 * Verification Target 11 (lock maintenance in cursor navigation): no guard below the cursor's
 * level, `level <= guard_level`, and every level from `level` to `guard_level` locked — on a live
 * cursor, and along a probe that maps, moves and unmaps through a `CursorMut`.
 * @module
 */
import { cursorViolations, type Cursor } from '../../mm/page-table/index.js';
import { property, targetReport, type TargetReport } from './property-result.js';

/** Checks Target 11 on the cursor `c` as it stands. */
export function checkCursorGuards(c: Cursor): TargetReport {
  const { t11 } = cursorViolations(c);
  return targetReport(11, [property('c.level > l ⇒ guards[l] = None; c.level <= c.guard_level; levels level..guard_level locked', t11)]);
}
