import { bugSet } from '../../../kernel-sim/bugs/index.js';
import { FrameAllocator } from '../../../kernel-sim/mm/frame/index.js';
import { heapAllocatorInit, type LockedHeapWithRescue, type ReleasePolicy } from '../../../kernel-sim/mm/heap/index.js';

/** A frame allocator over `frames` frames starting at frame 0x10000 (256 MiB). */
export function frames(count: number): FrameAllocator {
  return new FrameAllocator([{ start: 0x10000, end: 0x10000 + count }]);
}

/** A heap on HEAP_SPACE with the given bugs and frames. */
export function heapWith(opts: { bugs?: string[]; frames?: number | FrameAllocator; releasePolicy?: ReleasePolicy } = {}): { heap: LockedHeapWithRescue; fa: FrameAllocator } {
  const fa = typeof opts.frames === 'object' ? opts.frames : frames(opts.frames ?? 0x10000);
  const heap = heapAllocatorInit({ frameAllocator: fa, bugs: bugSet(opts.bugs ?? []), releasePolicy: opts.releasePolicy });
  return { heap, fa };
}

export const MiB = 1 << 20;

/** Allocates every free block of order >= `minOrder`, largest first (no rescue needed). */
export function drain(heap: LockedHeapWithRescue, minOrder: number): void {
  for (let k = 31; k >= minOrder; k--) while (heap.freeList(k).length > 0) heap.alloc({ size: 2 ** k, align: 8 });
}
