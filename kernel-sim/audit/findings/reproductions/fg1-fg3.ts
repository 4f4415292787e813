/**
 * Reproductions of FG1 (memory layout), FG2 (frame allocation) and FG3 (heap) findings that are
 * not concurrency scenarios: MEM-01, ALO-02, ALO-04, BSA-01, RTL-01, HEP-02.
 * @module
 */
import { nonOverlappingRegionsFrom, regionsFromJson, isUsableType } from '../../../boot/index.js';
import { bugSet } from '../../../bugs/index.js';
import { FrameAllocator, FrameAllocatorError } from '../../../mm/frame/index.js';
import { BuddyHeap } from '../../../mm/heap/buddy-heap.js';
import { KernelPanic } from '../../../util/errors.js';
import { unionOf } from '../../../util/bigint-ranges.js';
import { hep02HeapSizeOverBurst } from '../../scenarios/index.js';
import { smallKernel } from '../fixtures.js';
import type { Observed, Reproduction } from '../types.js';

// The audit's MEM-01 proof of concept.
const MEM01_POC = [
  { base: 4, end: 9, type: 'Usable' },
  { base: 5, end: 9, type: 'Usable' },
  { base: 1, end: 2, type: 'Reserved' },
  { base: 3, end: 5, type: 'Reserved' },
  { base: 8, end: 10, type: 'Reserved' },
  { base: 11, end: 12, type: 'Reserved' },
];

const mem01: Reproduction = {
  id: 'MEM-01',
  input: "the audit's proof of concept: Usable [4,9) and [5,9), Reserved [1,2) [3,5) [8,10) [11,12)",
  run() {
    const side = (ids: string[]): Observed => {
      const out = nonOverlappingRegionsFrom(regionsFromJson(MEM01_POC), { bugs: bugSet(ids) });
      const usable = out.filter((r) => isUsableType(r.type));
      const handed = usable.reduce((a, r) => a + Number(r.len), 0);
      const distinct = unionOf(usable.map((r) => ({ start: r.base, end: r.base + r.len }))).reduce((a, r) => a + Number(r.end - r.start), 0);
      return { usable: usable.map((r) => `[${r.base},${r.base + r.len})`), bytesHanded: handed, distinctBytes: distinct };
    };
    const audited = side(['MEM-01']);
    const fixed = side([]);
    return {
      differs: audited.bytesHanded !== audited.distinctBytes && fixed.bytesHanded === fixed.distinctBytes,
      summary: `usable bytes handed to the allocator: audited ${audited.bytesHanded} for ${audited.distinctBytes} distinct, fixed ${fixed.bytesHanded}`,
      audited,
      fixed,
    };
  },
};

// Frames 64..127 with every other frame still allocated: 32 free frames, no two adjacent.
function checkerboard(ids: string[]): FrameAllocator {
  const fa = new FrameAllocator([{ start: 64, end: 128 }], { bugs: bugSet(ids) });
  const all = Array.from({ length: 64 }, () => fa.allocSingle()!);
  for (const f of all) if (f % 2 === 0) fa.dealloc(f, 1);
  return fa;
}

const alo02: Reproduction = {
  id: 'ALO-02',
  input: 'alloc(10) from 32 free frames of which no two are adjacent',
  run() {
    const side = (ids: string[]): Observed => {
      const fa = checkerboard(ids);
      const free = fa.buddy.free;
      const v = fa.alloc(10);
      return { freeFrames: free, allocated: v === null ? 0 : v.nframes, ranges: v === null ? 0 : v.ranges.length };
    };
    const audited = side(['ALO-02']);
    const fixed = side([]);
    return { differs: audited.allocated === 0 && fixed.allocated === 10, summary: `alloc(10): audited got ${audited.allocated} frames, fixed ${fixed.allocated}`, audited, fixed };
  },
};

const alo04: Reproduction = {
  id: 'ALO-04',
  input: "allocSingle({ usage: 'PageTable' }) on 64 free frames",
  run() {
    const side = (ids: string[]): Observed => {
      const fa = new FrameAllocator([{ start: 0, end: 64 }], { bugs: bugSet(ids) });
      try {
        const f = fa.allocSingle({ usage: 'PageTable' });
        return { result: f === null ? 'None' : `frame ${f}`, error: null };
      } catch (e) {
        if (!(e instanceof FrameAllocatorError)) throw e;
        return { result: 'refused', error: e.message };
      }
    };
    const audited = side(['ALO-04']);
    const fixed = side([]);
    return { differs: audited.result === 'refused' && fixed.result !== 'refused', summary: `a PageTable-usage allocation: audited ${audited.result}, fixed ${fixed.result}`, audited, fixed };
  },
};

const bsa01: Reproduction = {
  id: 'BSA-01',
  input: 'frames [16,32) with 4 free lists (two top-order blocks); alloc 8, dealloc 8; and the heap of order 4 with [0x40,0x48) and [0x48,0x50)',
  run() {
    const frames = (ids: string[]): { freeFrames: number; lostFrames: number } => {
      const fa = new FrameAllocator([{ start: 16, end: 32 }], { bugs: bugSet(ids), order: 4 });
      const seg = fa.allocContiguous(8)!;
      fa.dealloc(seg.start, 8);
      return { freeFrames: fa.buddy.free, lostFrames: fa.buddy.lostFrames };
    };
    const heap = (legacy: boolean): string => {
      const h = new BuddyHeap(4, legacy);
      h.addToHeap(0x40, 0x48);
      h.addToHeap(0x48, 0x50);
      const p = h.alloc({ size: 8, align: 8 })!;
      try {
        h.dealloc(p, { size: 8, align: 8 });
        return `free blocks per order ${h.freeBlockCounts().join(',')}`;
      } catch (e) {
        if (!(e instanceof KernelPanic)) throw e;
        return `panic: ${e.reason}`;
      }
    };
    const audited = { ...frames(['BSA-01']), heap: heap(true) };
    const fixed = { ...frames([]), heap: heap(false) };
    return {
      differs: audited.lostFrames === 16 && fixed.lostFrames === 0 && fixed.freeFrames === 16,
      summary: `after a top-order merge: audited loses ${audited.lostFrames} frames (heap: ${audited.heap}), fixed keeps ${fixed.freeFrames} free`,
      audited,
      fixed,
    };
  },
};

const rtl01: Reproduction = {
  id: 'RTL-01',
  input: '100 rounds of alloc(5) and alloc_contiguous(3), each dropped, on the 64 MiB machine',
  run() {
    const side = (ids: string[]): Observed => {
      const k = smallKernel(ids, false);
      const free = k.stats().freeFrames;
      for (let i = 0; i < 100; i++) {
        k.frames.alloc(5)!.drop();
        k.frames.allocContiguous(3)!.drop();
      }
      return { framesLost: free - k.stats().freeFrames, strandedFrames: k.frameAllocator.strandedFrames };
    };
    const audited = side(['RTL-01']);
    const fixed = side([]);
    return { differs: (audited.framesLost as number) > 0 && fixed.framesLost === 0, summary: `frames lost to rounding tails: audited ${audited.framesLost}, fixed ${fixed.framesLost}`, audited, fixed };
  },
};

const hep02: Reproduction = {
  id: 'HEP-02',
  input: '40 allocations of 16 MiB from the heap on a 1 GiB frame allocator, then 40 frees',
  run() {
    const side = (ids: string[]): Observed => {
      const rows = hep02HeapSizeOverBurst({ bugs: ids });
      const peak = Math.max(...rows.map((r) => r.heapBytes));
      const last = rows[rows.length - 1]!;
      return { peakHeapBytes: peak, finalHeapBytes: last.heapBytes, finalFramesInUse: last.framesInUse };
    };
    const audited = side(['HEP-02']);
    const fixed = side([]);
    return {
      differs: audited.finalHeapBytes === audited.peakHeapBytes && (fixed.finalHeapBytes as number) < (fixed.peakHeapBytes as number),
      summary: `heap after the burst is freed: audited ${audited.finalHeapBytes} bytes (its peak), fixed ${fixed.finalHeapBytes} (peak ${fixed.peakHeapBytes})`,
      audited,
      fixed,
    };
  },
};

/** FG1-FG3 reproductions that are not scenarios. */
export const FG1_FG3_REPRODUCTIONS: readonly Reproduction[] = [mem01, alo02, alo04, bsa01, rtl01, hep02];
