/**
 * HEP-03: rescue re-enters the heap through the frame allocator's own allocation (a B-tree
 * node of its free-list sets) while holding the frame allocator's lock.
 * @module
 */
import { bugSet } from '../../bugs/index.js';
import { FrameAllocator } from '../../mm/frame/frame-allocator.js';
import { LockedFrameAllocator } from '../../mm/frame/locked-frame-allocator.js';
import { LockedHeapWithRescue } from '../../mm/heap/index.js';
import { defineScenario } from './common.js';

/** 128 MiB in one order-15 block: rescue's 64 MiB request splits it (a B-tree insertion). */
const FRAMES = { start: 0x10000, end: 0x18000 };

/** The HEP-03 scenario. */
export const hep03 = defineScenario({
  id: 'hep-03',
  findings: ['HEP-03'],
  title: 'Rescue allocates a B-tree node from the dry heap while holding FRAME_ALLOCATOR: deadlock',
  description:
    'Two CPUs share FRAME_ALLOCATOR (128 MiB, one free block) and an empty heap. CPU 0 allocates 64 bytes from the ' +
    'heap, which rescues: under the frame lock its 64 MiB request splits the free block, and at 232e62b the frame ' +
    'allocator\'s free-list BTreeSet takes its new node from the heap (HEP-03 audited, with HEP-01 as at 232e62b). The ' +
    'heap is dry, so that nested alloc rescues again and spins on the frame lock CPU 0 already holds; CPU 1, ' +
    'allocating a page frame, then waits on the same lock: the scheduler reports the deadlock. If CPU 1 allocates ' +
    'first the block is already split and no node is needed, so only some schedules deadlock. Fixed: the nodes come ' +
    'from a dedicated pool; every schedule completes with the allocation served and the heap consistent. ' +
    'Simplification: one B-tree node per splitting request.',
  expect: { audited: ['deadlock'], fixed: 'clean' },
  setup(w, variant) {
    const bugs = bugSet(variant === 'audited' ? ['HEP-03', 'HEP-01'] : []);
    const fa = new FrameAllocator([FRAMES], { bugs });
    const lfa = new LockedFrameAllocator(fa, { bugs });
    const heap = new LockedHeapWithRescue({ frameAllocator: fa, frameLock: lfa.lock, bugs });
    w.addCpus(2);
    // Bodies as arrows, their results kept by the threads (see `coOf` on generator closures).
    const heapAlloc = w.spawn(0, 'heap-alloc', () => heap.allocCo({ size: 64, align: 8 }));
    const frameAlloc = w.spawn(1, 'frame-alloc', () => lfa.allocSingleCo());
    w.atEnd(() => {
      const p = heapAlloc.result as number | null | undefined;
      const frame = frameAlloc.result as number | null | undefined;
      return (p != null && frame != null) || `heap alloc got ${String(p)}, frame alloc got ${String(frame)}`;
    }, 'both served');
    w.atEnd(() => {
      const v = heap.checkHeap();
      return v.length === 0 || `heap inconsistent: ${v.map((x) => x.message).join('; ')}`;
    }, 'checkHeap');
  },
});
