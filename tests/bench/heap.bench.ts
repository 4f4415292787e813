import { bench, describe } from './bench-api.js';
import { heapAllocatorInit, type Layout } from '../../kernel-sim/mm/heap/index.js';

// A fixed churn: deterministic sizes, LIFO and interleaved frees, on the 1 MiB static heap.
const SIZES = [8, 24, 64, 100, 256, 512, 1000, 4096];

describe('heap allocator (1 MiB HEAP_SPACE, 1,000 allocs + frees per iteration)', () => {
  const heap = heapAllocatorInit();
  bench('alloc/dealloc churn (synchronous API)', () => {
    const live: Array<[number, Layout]> = [];
    for (let i = 0; i < 1000; i++) {
      const l = { size: SIZES[i % SIZES.length]!, align: 8 };
      const p = heap.alloc(l);
      if (p !== null) live.push([p, l]);
      if (i % 3 === 2) {
        const [q, m] = live.splice((i * 7) % live.length, 1)[0]!;
        heap.dealloc(q, m);
      }
    }
    for (const [p, l] of live) heap.dealloc(p, l);
  });
  bench('checkHeap on a heap with 500 live blocks', () => {
    const live: Array<[number, Layout]> = [];
    for (let i = 0; i < 500; i++) {
      const l = { size: SIZES[i % SIZES.length]!, align: 8 };
      live.push([heap.alloc(l)!, l]);
    }
    heap.checkHeap();
    for (const [p, l] of live) heap.dealloc(p, l);
  });
});
