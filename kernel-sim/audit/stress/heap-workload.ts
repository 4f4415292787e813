/**
 * Random kernel-heap allocations (`LockedHeapWithRescue` with rescue from a frame allocator),
 * against a model of the live blocks: each aligned, none overlapping, and after everything is
 * freed the rescued memory goes back (a release policy of 1 MiB threshold, nothing retained), so
 * the heap's size is a counter HEP-02's never-shrinking heap exceeds. `checkHeap` at checkpoints.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import { FrameAllocator } from '../../mm/frame/index.js';
import { heapAllocatorInit, INIT_KERNEL_HEAP_SIZE, type Layout } from '../../mm/heap/index.js';
import type { SeededRng } from '../../util/seeded-rng.js';
import { CostCounterExceeded, expectClean, expectModel, type StressRun, type StressWorkload } from './workload.js';

const NAME = 'heap';

/** The heap workload. */
export const heapWorkload: StressWorkload = {
  name: NAME,
  covers: 'LockedHeapWithRescue alloc / dealloc with rescue and release, live blocks disjoint and aligned, heap size after a drain',
  start(bugs: BugSet, rng: SeededRng): StressRun {
    const fa = new FrameAllocator([{ start: 0x10000, end: 0x10000 + 0x20000 }], { bugs });
    const heap = heapAllocatorInit({ frameAllocator: fa, bugs, releasePolicy: { threshold: 0x10_0000, retain: 0 } });
    const live: { ptr: number; layout: Layout }[] = [];
    const drain = (): void => {
      while (live.length > 0) {
        const b = live.pop()!;
        heap.dealloc(b.ptr, b.layout);
      }
      const total = heap.stats().totalBytes;
      if (total > INIT_KERNEL_HEAP_SIZE) throw new CostCounterExceeded('heap bytes with nothing live', `${total} bytes held after every block was freed (${INIT_KERNEL_HEAP_SIZE} static); rescued frames never go back`);
    };
    return {
      step() {
        if (live.length > 0 && (rng.below(2) === 0 || live.length > 200)) {
          const b = live.splice(rng.below(live.length), 1)[0]!;
          heap.dealloc(b.ptr, b.layout);
          return;
        }
        if (rng.below(200) === 0) return drain();
        const big = rng.below(20) === 0;
        const size = big ? (1 + rng.below(64)) * 0x10_0000 : 1 + rng.below(rng.below(3) === 0 ? 65536 : 256);
        const layout = { size, align: 2 ** rng.below(big ? 13 : 7) };
        const ptr = heap.alloc(layout);
        if (ptr === null) return;
        expectModel(NAME, ptr % layout.align === 0, () => `alloc(${size}, align ${layout.align}) returned ${ptr}, not aligned`);
        for (const b of live) {
          expectModel(NAME, ptr + size <= b.ptr || b.ptr + b.layout.size <= ptr, () => `alloc(${size}) at ${ptr} overlaps the live block at ${b.ptr} (+${b.layout.size})`);
        }
        live.push({ ptr, layout });
      },
      checkpoint() {
        expectClean('checkHeap', heap.checkHeap());
      },
    };
  },
};
