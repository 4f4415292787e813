/**
 * HEP-02 (not a concurrency bug): heap size over a burst of allocations and frees, audited
 * (the heap never shrinks) vs fixed (rescued chunks go back above the release threshold).
 * @module
 */
import { bugSet } from '../../bugs/index.js';
import { FrameAllocator } from '../../mm/frame/frame-allocator.js';
import { heapAllocatorInit } from '../../mm/heap/index.js';

/** One row of the HEP-02 chart. */
export interface HeapSizeRow {
  /** 0 before the burst, then one per alloc and one per dealloc. */
  readonly step: number;
  /** 'alloc', 'dealloc' or 'start'. */
  readonly op: 'start' | 'alloc' | 'dealloc';
  /** Bytes the heap owns (static space plus rescued chunks). */
  readonly heapBytes: number;
  /** Bytes in allocated blocks. */
  readonly allocatedBytes: number;
  /** Frames the frame allocator has handed out (to the heap). */
  readonly framesInUse: number;
}

/** Options of {@link hep02HeapSizeOverBurst}. */
export interface Hep02Options {
  /** Audited behaviours: include 'HEP-02' for 232e62b's never-shrinking heap. */
  readonly bugs?: readonly string[];
  /** Allocations in the burst (default 40). */
  readonly count?: number;
  /** Bytes per allocation (default 16 MiB). */
  readonly size?: number;
}

/**
 * Allocates `count` blocks of `size` bytes from a heap on a 1 GiB frame allocator, then frees
 * them all, recording the heap's size after each step (the data of the HEP-02 chart).
 */
export function hep02HeapSizeOverBurst(opts: Hep02Options = {}): HeapSizeRow[] {
  const bugs = bugSet(opts.bugs ?? []);
  const fa = new FrameAllocator([{ start: 0x10000, end: 0x50000 }], { bugs });
  const heap = heapAllocatorInit({ frameAllocator: fa, bugs });
  const layout = { size: opts.size ?? 16 << 20, align: 8 };
  const rows: HeapSizeRow[] = [];
  const row = (op: HeapSizeRow['op']): void => {
    const s = heap.stats();
    rows.push({ step: rows.length, op, heapBytes: s.totalBytes, allocatedBytes: s.allocatedBytes, framesInUse: fa.framesInUse });
  };
  row('start');
  const ps: number[] = [];
  for (let i = 0; i < (opts.count ?? 40); i++) {
    const p = heap.alloc(layout);
    if (p === null) break;
    ps.push(p);
    row('alloc');
  }
  for (const p of ps) {
    heap.dealloc(p, layout);
    row('dealloc');
  }
  return rows;
}
