/**
 * The page layer's own invariants — Verification Targets 2-5 of the seed — as functions that
 * return what broke (one line per violation, empty when all hold). The per-operation checks
 * look at one frame and cost O(1) (the free-list check is one set lookup per buddy order);
 * {@link pageStateViolations} sweeps every touched slot and the buddy free lists, for
 * checkpoints.
 *
 * - Target 2 (deallocation): a freed frame is Unused with ref_count 0, has no owners, and sits
 *   in exactly one buddy free block; no frame is both free and owned; no frame is allocated
 *   without a holder (a leak, RTL-01).
 * - Target 3 (from_unused): only Unused frames the allocator handed out become pages, and
 *   leave with the usage set and ref_count 1.
 * - Target 4 (into_raw / from_raw): forgotten handles never outnumber the count, and a page
 *   with forgotten handles keeps its usage.
 * - Target 5 (reference counts): ref_count equals the owners (live + forgotten handles); inside
 *   a multi-step operation it must at least not fall below them (MOP-02).
 * @module
 */
import { freeListProblems } from '../frame/index.js';
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { CHUNK_FRAMES } from './meta/lazy-chunks.js';
import { PAGE_USAGE, usageName } from './meta/page-usage.js';
import type { PageSystem } from './page-system.js';

const at = (frame: number): string => `page ${hex(frame * PAGE_SIZE)}`;

/** Usages whose frames come from the frame allocator (so must be allocated in the buddy). */
export function isAllocatorUsage(code: number): boolean {
  return code === PAGE_USAGE.Frame || code === PAGE_USAGE.PageTable || code === PAGE_USAGE.Meta;
}

/** Target 5: ref_count equals live + forgotten handles of `frame`. */
export function refCountViolations(sys: PageSystem, frame: number): string[] {
  const rc = sys.meta.refCount(frame);
  const live = sys.ledger.live(frame);
  const raw = sys.ledger.raw(frame);
  return rc === live + raw ? [] : [`${at(frame)}: ref_count ${rc} != owners ${live + raw} (${live} live, ${raw} forgotten)`];
}

/** Target 5 inside a multi-step operation: ref_count >= owners (the invariant MOP-02 breaks). */
export function refCountLowerBoundViolations(sys: PageSystem, frame: number): string[] {
  const rc = sys.meta.refCount(frame);
  const owners = sys.ledger.owners(frame);
  return rc >= owners ? [] : [`${at(frame)}: ref_count ${rc} < owners ${owners} (a handle exists that the count does not cover)`];
}

/** Target 3, before `from_unused` with usage `code`: the frame is Unused and, if allocatable, allocated. */
export function fromUnusedPreViolations(sys: PageSystem, frame: number, code: number): string[] {
  const v: string[] = [];
  if (isAllocatorUsage(code) && !sys.frames.buddy.isAllocated(frame)) {
    v.push(`${at(frame)}: from_unused(${usageName(code)}) of a frame the allocator did not hand out (it would be both free and owned)`);
  }
  return v;
}

/** Target 3, after `from_unused` with usage `code`: usage set, ref_count 1, one live owner. */
export function fromUnusedViolations(sys: PageSystem, frame: number, code: number): string[] {
  const v: string[] = [];
  const u = sys.meta.usage(frame);
  if (u !== code) v.push(`${at(frame)}: usage ${usageName(u)} after from_unused, expected ${usageName(code)}`);
  const rc = sys.meta.refCount(frame);
  if (rc !== 1) v.push(`${at(frame)}: ref_count ${rc} after from_unused, expected 1`);
  if (sys.ledger.live(frame) !== 1 || sys.ledger.raw(frame) !== 0) {
    v.push(`${at(frame)}: ${sys.ledger.live(frame)} live and ${sys.ledger.raw(frame)} forgotten handles after from_unused, expected 1 and 0`);
  }
  // "Not also free" is the allocated bit checked before (fromUnusedPreViolations); the bit and
  // the free lists agreeing is the sweep's free-list check.
  return v;
}

/** Target 2, after the last handle of an allocator page dropped: Unused, count 0, free exactly once. */
export function freedFrameViolations(sys: PageSystem, frame: number): string[] {
  const v: string[] = [];
  const u = sys.meta.usage(frame);
  if (u !== PAGE_USAGE.Unused) v.push(`${at(frame)}: usage ${usageName(u)} after release, expected Unused`);
  const rc = sys.meta.refCount(frame);
  if (rc !== 0) v.push(`${at(frame)}: ref_count ${rc} after release, expected 0`);
  const owners = sys.ledger.owners(frame);
  if (owners !== 0) v.push(`${at(frame)}: freed with ${owners} owners left`);
  const n = sys.frames.buddy.freeBlocksHolding(frame);
  if (n !== 1) v.push(`${at(frame)}: in ${n} buddy free blocks after release, expected exactly 1`);
  if (sys.frames.buddy.isAllocated(frame)) v.push(`${at(frame)}: still marked allocated in the buddy after release`);
  return v;
}

/** Target 4, after `into_raw` / `from_raw`: forgotten handles <= ref_count; usage kept. */
export function rawHandleViolations(sys: PageSystem, frame: number, code: number): string[] {
  const v: string[] = [];
  const raw = sys.ledger.raw(frame);
  const rc = sys.meta.refCount(frame);
  if (raw > rc) v.push(`${at(frame)}: ${raw} forgotten handles but ref_count ${rc}`);
  const u = sys.meta.usage(frame);
  if (sys.ledger.owners(frame) > 0 && u !== code) v.push(`${at(frame)}: usage ${usageName(u)} while handles of usage ${usageName(code)} exist`);
  return v;
}

/** Violations of the whole page state, by target. */
export interface TargetViolations {
  readonly target: number;
  readonly violations: string[];
}

/**
 * Sweeps every touched slot and ledger entry and the buddy free lists, by target: 2 (no in-use
 * allocator page free in the buddy; free-list consistency), 3 (a typed page has ref_count >= 1),
 * 4 (forgotten handles <= ref_count, and only on pages in use), 5 (ref_count equals owners;
 * Unused pages have count 0). O(touched chunks · 2^16 + free blocks).
 */
export function pageStateViolations(sys: PageSystem): TargetViolations[] {
  const t2: string[] = [];
  const t3: string[] = [];
  const t4: string[] = [];
  const t5: string[] = [];
  const buddy = sys.frames.buddy;
  const ledger = sys.ledger;
  sys.meta.forEachUsedSlot((frame, usage, rc) => {
    t5.push(...refCountViolations(sys, frame));
    if (usage === PAGE_USAGE.Unused && rc !== 0) t5.push(`${at(frame)}: Unused with ref_count ${rc}`);
    if (usage !== PAGE_USAGE.Unused && rc === 0) t3.push(`${at(frame)}: usage ${usageName(usage)} with ref_count 0 (released but not reset)`);
    if (isAllocatorUsage(usage) && (!buddy.isAllocated(frame) || buddy.freeBlocksHolding(frame) !== 0)) t2.push(`${at(frame)}: in use (${usageName(usage)}) but free in the buddy`);
    const raw = ledger.raw(frame);
    if (raw > rc) t4.push(`${at(frame)}: ${raw} forgotten handles but ref_count ${rc}`);
    if (raw > 0 && usage === PAGE_USAGE.Unused) t4.push(`${at(frame)}: ${raw} forgotten handles of an Unused page`);
  });
  for (const no of ledger.chunkNumbers()) {
    for (let i = 0; i < CHUNK_FRAMES; i++) {
      const frame = no * CHUNK_FRAMES + i;
      // Slots with a usage or count were checked above; here, owners of all-zero slots.
      if (ledger.owners(frame) !== 0 && sys.meta.usage(frame) === 0 && sys.meta.refCount(frame) === 0) {
        t5.push(...refCountViolations(sys, frame));
        if (ledger.raw(frame) > 0) t4.push(`${at(frame)}: ${ledger.raw(frame)} forgotten handles of a released page`);
      }
    }
  }
  t2.push(...freeListProblems(buddy));
  const stranded = sys.frames.strandedFrames;
  if (stranded > 0) t2.push(`${stranded} frames are allocated in the buddy but held by no caller (rounding tails never freed, RTL-01): leaked`);
  return [
    { target: 2, violations: t2 },
    { target: 3, violations: t3 },
    { target: 4, violations: t4 },
    { target: 5, violations: t5 },
  ];
}

/** The sweep's violations for one target (2-5). */
export function pageStateViolationsOf(sys: PageSystem, target: number): string[] {
  const found = pageStateViolations(sys).find((t) => t.target === target);
  return found ? found.violations : [];
}
