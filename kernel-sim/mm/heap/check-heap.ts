/**
 * Consistency check of the heap's free lists against its regions and live blocks.
 * @module
 */
import { mergeNumberRanges } from '../../util/number-ranges.js';
import type { FreeBlock } from './buddy-heap.js';
import type { LiveBlock } from './live-allocations.js';

/** A region of memory the heap owns. */
export interface HeapRegion {
  /** Heap address of its first byte. */
  readonly start: number;
  readonly bytes: number;
  /** The static `HEAP_SPACE` (or another `init`/`add_to_heap` range), or frames from a rescue. */
  readonly kind: 'static' | 'rescued';
  /** For rescued regions: the frames. */
  readonly frames?: { readonly start: number; readonly count: number };
}

/** Rules {@link checkHeap} enforces. */
export type HeapRule = 'misaligned' | 'bad-order' | 'overlap' | 'outside-heap' | 'accounting';

/** One broken rule. */
export interface HeapViolation {
  readonly rule: HeapRule;
  readonly message: string;
}

/** What the check looks at. */
export interface HeapSnapshot {
  readonly order: number;
  readonly free: readonly FreeBlock[];
  readonly live: readonly LiveBlock[];
  readonly regions: readonly HeapRegion[];
  readonly total: number;
  readonly allocated: number;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * Lists violations: free blocks unaligned to their size or of an order without a list, free or
 * live blocks overlapping each other or lying outside the heap's regions, and byte counts that
 * do not add up (free + allocated = total, allocated = sum of live blocks).
 */
export function checkHeap(s: HeapSnapshot): HeapViolation[] {
  const out: HeapViolation[] = [];
  // Adjacent regions (e.g. rescues of neighbouring frames) merge buddies across their edge.
  const cover = mergeNumberRanges(s.regions.map((r) => ({ start: r.start, end: r.start + r.bytes })));
  const spans: Array<{ start: number; end: number; what: string }> = [];
  for (const b of s.free) {
    const size = 2 ** b.order;
    if (b.order < 0 || b.order >= s.order) out.push({ rule: 'bad-order', message: `free block ${hex(b.addr)} has order ${b.order}, lists are 0..${s.order - 1}` });
    if (b.addr % size !== 0) out.push({ rule: 'misaligned', message: `free block ${hex(b.addr)} of ${size} bytes is not aligned to its size` });
    spans.push({ start: b.addr, end: b.addr + size, what: `free block ${hex(b.addr)} (order ${b.order})` });
  }
  for (const l of s.live) spans.push({ start: l.addr, end: l.addr + l.blockSize, what: `live block ${hex(l.addr)} (${l.blockSize} bytes)` });
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  let reach = -1;
  let reachWhat = '';
  for (const sp of spans) {
    if (sp.start < reach) out.push({ rule: 'overlap', message: `${sp.what} overlaps ${reachWhat}` });
    if (sp.end > reach) {
      reach = sp.end;
      reachWhat = sp.what;
    }
    if (!cover.some((r) => sp.start >= r.start && sp.end <= r.end)) {
      out.push({ rule: 'outside-heap', message: `${sp.what} is not inside a heap region` });
    }
  }
  const freeBytes = s.free.reduce((n, b) => n + 2 ** b.order, 0);
  const liveBytes = s.live.reduce((n, b) => n + b.blockSize, 0);
  if (freeBytes + s.allocated !== s.total) out.push({ rule: 'accounting', message: `free ${freeBytes} + allocated ${s.allocated} != total ${s.total}` });
  if (liveBytes !== s.allocated) out.push({ rule: 'accounting', message: `live blocks ${liveBytes} bytes != allocated ${s.allocated}` });
  return out;
}

