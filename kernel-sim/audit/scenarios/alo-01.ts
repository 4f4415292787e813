/**
 * ALO-01: the frame allocator under `lock()` while an interrupt handler on the same CPU
 * allocates frames.
 * @module
 */
import { bugSet } from '../../bugs/index.js';
import { FrameAllocator } from '../../mm/frame/frame-allocator.js';
import { LockedFrameAllocator } from '../../mm/frame/locked-frame-allocator.js';
import type { Co } from '../../sync/index.js';
import { defineScenario } from './common.js';

/** Frames of the allocator (small: the scenario needs a handful). */
const FRAMES = { start: 0x100, end: 0x200 };

// Allocates a frame and frees it, then calls `done` (a top-level generator: see `coOf` on generator closures).
function* allocAndFree(lfa: LockedFrameAllocator, done?: () => void): Co<void> {
  const f = yield* lfa.allocSingleCo();
  if (f !== null) yield* lfa.deallocCo(f, 1);
  done?.();
}

/** The ALO-01 scenario. */
export const alo01 = defineScenario({
  id: 'alo-01',
  findings: ['ALO-01'],
  title: 'Frame allocator lock taken with lock(): an allocating IRQ handler self-deadlocks',
  description:
    'One CPU. Its thread allocates a frame with alloc_single and frees it; a timer interrupt is pending on the same ' +
    'CPU whose handler also allocates and frees a frame. Audited (232e62b, allocator.rs): FRAME_ALLOCATOR is taken ' +
    'with lock(), interrupts stay enabled, so the interrupt can arrive while the thread holds the lock and the handler ' +
    'spins on a lock its own interrupted context holds: the scheduler reports a self-deadlock on CPU 0. Fixed: ' +
    'lock_irq_disabled() keeps the interrupt pending until the guard is dropped; every schedule is clean. ' +
    'Simplification: the critical section is the buddy operation plus one IRQ window.',
  expect: { audited: ['deadlock'], fixed: 'clean' },
  setup(w, variant) {
    const bugs = bugSet(variant === 'audited' ? ['ALO-01'] : []);
    const fa = new FrameAllocator([FRAMES], { bugs });
    const lfa = new LockedFrameAllocator(fa, { bugs });
    const cpu = w.addCpu();
    let handled = 0;
    w.spawn(cpu, 'alloc_single', () => allocAndFree(lfa));
    // The handler allocates too, e.g. a driver refilling its DMA ring.
    w.raiseIrq(cpu, 32, () => allocAndFree(lfa, () => handled++), 'timer-irq (allocates)');
    w.atEnd(() => handled === 1 || 'the allocating interrupt was never handled', 'irq handled');
    w.atEnd(() => {
      fa.checkFreeLists();
      return fa.framesInUse === 0 || `${fa.framesInUse} frames still in use`;
    }, 'frame allocator consistent');
  },
});
