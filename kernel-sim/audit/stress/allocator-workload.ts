/**
 * Random allocations on bare frame allocators (no page metadata), against a conservation
 * model: every frame is free or held, and `alloc(n)` succeeds whenever n frames are free.
 *
 * Two allocators: a small one (512 frames, so fragmentation is common) and one over
 * [2^32, 2^33) frames, two top-order (2^31-frame) buddies, whose merge crate 0.9.0 loses.
 * Allocations ask random usages; the free lists are checked at checkpoints.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import { FrameAllocator, PAGE_USAGES, type FrameVec } from '../../mm/frame/index.js';
import type { SeededRng } from '../../util/seeded-rng.js';
import { expectModel, type StressRun, type StressWorkload } from './workload.js';

const NAME = 'allocator';

interface Pool {
  readonly fa: FrameAllocator;
  readonly total: number;
  held: number;
  readonly blocks: { start: number; count: number; vec: FrameVec | null }[];
}

function pool(spans: { start: number; end: number }[], bugs: BugSet): Pool {
  const fa = new FrameAllocator(spans, { bugs });
  return { fa, total: fa.buddy.free, held: 0, blocks: [] };
}

/** The bare-allocator workload. */
export const allocatorWorkload: StressWorkload = {
  name: NAME,
  covers: 'FrameAllocator alloc / alloc_contiguous / dealloc with usages, conservation and free lists',
  start(bugs: BugSet, rng: SeededRng): StressRun {
    const pools = [pool([{ start: 0x1000, end: 0x1200 }], bugs), pool([{ start: 2 ** 32, end: 2 ** 33 }], bugs)];
    const conserve = (p: Pool): void => {
      const free = p.fa.buddy.free;
      expectModel(NAME, free + p.held === p.total, () => `${free} free + ${p.held} held != ${p.total} frames (lost ${p.total - free - p.held})`);
    };
    return {
      step() {
        const p = pools[rng.below(8) === 0 ? 1 : 0]!;
        if (p.blocks.length > 0 && (rng.below(2) === 0 || p.blocks.length > 40)) {
          const b = p.blocks.splice(rng.below(p.blocks.length), 1)[0]!;
          if (b.vec !== null) p.fa.deallocVec(b.vec);
          else if (rng.below(2) === 0) p.fa.dealloc(b.start, b.count);
          else for (let i = 0; i < b.count; i++) p.fa.dealloc(b.start + i, 1);
          p.held -= b.count;
        } else {
          const n = 1 + rng.below(rng.below(4) === 0 ? 40 : 6);
          const usage = PAGE_USAGES[rng.below(3) === 0 ? rng.below(PAGE_USAGES.length) : 0]!;
          const free = p.total - p.held;
          if (rng.below(2) === 0) {
            const v = p.fa.alloc(n, { usage });
            expectModel(NAME, v !== null || free < n, () => `alloc(${n}, ${usage}) failed with ${free} frames free`);
            if (v !== null) {
              p.blocks.push({ start: v.ranges[0]!.start, count: n, vec: v });
              p.held += n;
            }
          } else {
            const s = p.fa.allocContiguous(n, { usage });
            if (s !== null) {
              p.blocks.push({ start: s.start, count: n, vec: null });
              p.held += n;
            }
          }
        }
        conserve(p);
      },
      checkpoint() {
        for (const p of pools) {
          p.fa.checkFreeLists();
          conserve(p);
        }
      },
    };
  },
};
