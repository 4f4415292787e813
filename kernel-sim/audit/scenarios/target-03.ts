/**
 * Verification Target 3: `Page::from_unused`'s wait loop (FG4.4.1, "block until the page is
 * released") when the allocator hands out a frame whose previous page is still being dropped,
 * or — with a duplicated memory region — a frame another CPU still holds.
 * @module
 */
import { bugSet } from '../../bugs/index.js';
import { nonOverlappingRegionsFrom, type MemoryRegion } from '../../boot/index.js';
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { FrameAllocator } from '../../mm/frame/frame-allocator.js';
import { LockedFrameAllocator } from '../../mm/frame/locked-frame-allocator.js';
import { FrameMeta, Page, PAGE_USAGE, pageStateViolations, type FrameMetaFields } from '../../mm/page/index.js';
import { spinUntil, type SimThread } from '../../sync/index.js';
import { defineScenario, steps } from './common.js';
import { pageMachine } from './page-machine.js';

const X = 0x100;
const P = BigInt(PAGE_SIZE);
/** Two usable regions that overlap by one frame: [X, X+2) and [X+1, X+2). */
const REGIONS: MemoryRegion[] = [
  { base: BigInt(X) * P, len: 2n * P, type: 'Usable' },
  { base: BigInt(X + 1) * P, len: P, type: 'Usable' },
];

/** The Target 3 scenario. */
export const target03 = defineScenario({
  id: 'target-03',
  findings: [],
  title: 'Target 3: from_unused waits for a page that is released — or, with a frame handed out twice, forever',
  description:
    'Two usable regions overlap by one frame. CPU 1 holds page A (kept for the whole run) and drops page B; CPU 0 ' +
    'allocates a frame (waiting until one is free) and calls Page::from_unused on it, which at 232e62b spins while ' +
    'the page is in use. Page::drop returns the frame to the allocator (on_drop) before it resets the usage to ' +
    'Unused, so CPU 0 can get B\'s frame inside that window and must wait. Fixed (MEM-01 fixed, the regions merged): ' +
    'the wait ends when CPU 1 stores Unused; every schedule is clean and the page state (Targets 2-5) is consistent. ' +
    'Audited (MEM-01: the overlapping regions reach the buddy allocator unmerged, so frame X+1 is in a free list ' +
    'while A holds it): if CPU 0 allocates before B is dropped it gets A\'s frame, and from_unused waits for a release ' +
    'that never comes: a liveness failure. In the other schedules the page-state check at the end finds frame X+1 both ' +
    'owned by A and in a buddy free list (Target 2): an invariant failure. Simplification: CPU 0 waits for a free frame instead of failing the ' +
    'allocation, and calls from_unused after releasing the frame lock.',
  expect: { audited: ['liveness', 'invariant'], fixed: 'clean' },
  setup(w, variant) {
    const bugs = bugSet(variant === 'audited' ? ['MEM-01'] : []);
    const fa = FrameAllocator.init(nonOverlappingRegionsFrom(REGIONS, { bugs }), { bugs });
    const lfa = new LockedFrameAllocator(fa, { bugs });
    const m = pageMachine(bugs, fa);
    const take = (): Page<FrameMetaFields> => {
      const f = fa.allocSingle();
      if (f === null) throw new KernelPanic('target-03 setup', 'the scenario ran out of frames');
      return Page.fromUnused(m.sys, f * PAGE_SIZE, FrameMeta);
    };
    const a = take(); // held by CPU 1 for the whole run
    const b = take();
    let holder: SimThread | null = null;
    let got: number | null = null;
    w.addCpus(2);
    w.spawn(0, 'from_unused', function* () {
      yield* spinUntil(() => fa.buddy.free > 0, 'a free frame');
      const f = yield* lfa.allocSingleCo();
      if (f === null) return;
      // Page::from_unused: try_from_unused until the usage is Unused (the CAS is in the same step).
      yield* spinUntil(() => m.sys.meta.usage(f) === PAGE_USAGE.Unused, `from_unused: page ${hex(f * PAGE_SIZE)} to be released`, () => holder);
      got = f;
      Page.fromUnused(m.sys, f * PAGE_SIZE, FrameMeta).drop();
    });
    holder = w.spawn(1, 'holder', function* () {
      yield* steps(b.dropSteps(), 'page usage', 'store');
      void a; // A stays owned (e.g. by a page table) beyond the run
    });
    w.atEnd(() => got !== null || 'CPU 0 got no page', 'from_unused served');
    w.atEnd(() => {
      const v = pageStateViolations(m.sys).flatMap((t) => t.violations.map((x) => `T${t.target}: ${x}`));
      return v.length === 0 || v.join('; ');
    }, 'page state (Targets 2-5)');
  },
});
