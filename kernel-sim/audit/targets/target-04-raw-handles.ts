/**
 * Verification Target 4 (page handle lifecycle: `into_raw` / `from_raw`) over a page layer:
 * forgotten handles never outnumber the count and stay on pages in use (the sweep), a
 * forget/restore cycle keeps count and usage, and restoring a page that was never forgotten is
 * refused. The per-operation form runs inside `intoRaw` / `fromRaw` in checking mode.
 * @module
 */
import { PAGE_SIZE } from '../../machine/index.js';
import { FrameMeta, FromRawError, Page, pageStateViolationsOf, type PageSystem } from '../../mm/page/index.js';
import { property, targetReport, type PropertyResult, type TargetReport } from './property-result.js';

/** Checks Target 4 on `sys`; the probe allocates one frame and frees it again. */
export function checkRawHandles(sys: PageSystem): TargetReport {
  return targetReport(4, [property('reference counting integrity', pageStateViolationsOf(sys, 4)), ...cycle(sys)]);
}

function cycle(sys: PageSystem): PropertyResult[] {
  const frame = sys.frames.allocSingle({ zeroed: false });
  if (frame === null) return [property('forget and restore', [], ['not probed: memory exhausted'])];
  const pa = frame * PAGE_SIZE;
  const page = Page.fromUnused(sys, pa, FrameMeta);
  const dup: string[] = [];
  try {
    Page.fromRaw(sys, pa, FrameMeta);
    dup.push(`from_raw of never-forgotten page ${pa} was accepted`);
  } catch (e) {
    if (!(e instanceof FromRawError)) dup.push(`from_raw of a never-forgotten page threw ${String(e)}`);
  }
  const v: string[] = [];
  const raw = page.intoRaw();
  const back = Page.fromRaw(sys, raw, FrameMeta);
  if (back.count() !== 1) v.push(`ref_count ${back.count()} after into_raw/from_raw, expected 1`);
  if (sys.meta.usage(frame) !== FrameMeta.code) v.push('usage changed through into_raw/from_raw');
  back.drop();
  return [property('forget and restore (usage and count kept)', v), property('double-free prevention (uniqueness of restoration)', dup)];
}
