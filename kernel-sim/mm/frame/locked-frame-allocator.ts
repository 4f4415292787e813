/**
 * `FRAME_ALLOCATOR: Once<SpinLock<FrameAllocator>>` of `mm::page::allocator` at 232e62b: the
 * page allocator's functions as coroutines that take the frame allocator's spin lock, so the
 * scheduler can interleave them with interrupts and other CPUs.
 *
 * ALO-01 audited: 232e62b takes the lock with `lock()` (allocator.rs lines 28, 44, 56, 78),
 * leaving interrupts enabled; an interrupt handler that allocates on the same CPU then spins on
 * a lock its interrupted context holds. Fixed: `lock_irq_disabled()`.
 *
 * Every critical section has one IRQ window after the buddy operation: the point where an
 * interrupt can arrive while the lock is held (with IF clear, under the fix, it stays pending).
 * The {@link lock} can be shared with the heap (`HeapOptions.frameLock`), whose rescue takes it.
 *
 * Simplification: the buddy operation itself is one step; the window stands for the whole time
 * the lock is held.
 * @module
 */
import { type BugSet, NO_BUGS } from '../../bugs/index.js';
import { irqWindow, runToCompletion, SpinLock, type Co } from '../../sync/index.js';
import type { AllocOptions } from './alloc-options.js';
import type { FrameAllocator } from './frame-allocator.js';
import type { FrameVec, SegmentRange } from './frame-vec.js';

/** Options of a {@link LockedFrameAllocator}. */
export interface LockedFrameAllocatorOptions {
  /** Audited behaviours; `ALO-01` selects `lock()`. Default: the allocator's own bug set. */
  readonly bugs?: BugSet;
  /** The lock to use (default: a new one named `FRAME_ALLOCATOR`). */
  readonly lock?: SpinLock;
}

/** The frame allocator behind its spin lock. */
export class LockedFrameAllocator {
  /** `FRAME_ALLOCATOR`'s spin lock. */
  readonly lock: SpinLock;
  /** Audited behaviours switched on. */
  readonly bugs: BugSet;

  constructor(
    /** The wrapped allocator. */
    readonly allocator: FrameAllocator,
    opts: LockedFrameAllocatorOptions = {},
  ) {
    this.bugs = opts.bugs ?? allocator.bugs ?? NO_BUGS;
    this.lock = opts.lock ?? new SpinLock('FRAME_ALLOCATOR');
  }

  /** True when the audited `lock()` is used (ALO-01). */
  get usesPlainLock(): boolean {
    return this.bugs.has('ALO-01');
  }

  /** Runs `fn` on the allocator under the lock, with an IRQ window while it is held. */
  *withAllocator<R>(fn: (fa: FrameAllocator) => R): Co<R> {
    return yield* this.lock.locked(() => withIrqWindow(fn, this.allocator), { irqDisabled: !this.usesPlainLock });
  }

  /** FG2.2 `alloc(nframes)` under the lock. */
  allocCo(nframes: number, options: AllocOptions = {}): Co<FrameVec | null> {
    return this.withAllocator((fa) => fa.alloc(nframes, options));
  }

  /** FG2.3 `alloc_single()` under the lock: a frame number or null. */
  allocSingleCo(options: AllocOptions = {}): Co<number | null> {
    return this.withAllocator((fa) => fa.allocSingle(options));
  }

  /** FG2.4 `alloc_contiguous(nframes)` under the lock. */
  allocContiguousCo(nframes: number, options: AllocOptions = {}): Co<SegmentRange | null> {
    return this.withAllocator((fa) => fa.allocContiguous(nframes, options));
  }

  /** FG2.5 `dealloc(start, nframes)` under the lock. */
  deallocCo(start: number, nframes: number): Co<void> {
    return this.withAllocator((fa) => fa.dealloc(start, nframes));
  }

  /** Synchronous {@link allocSingleCo}. */
  allocSingle(options: AllocOptions = {}): number | null {
    return runToCompletion(this.allocSingleCo(options));
  }

  /** Synchronous {@link deallocCo}. */
  dealloc(start: number, nframes: number): void {
    runToCompletion(this.deallocCo(start, nframes));
  }
}

// withAllocator's body: an interrupt may arrive while the lock is held.
function* withIrqWindow<R>(fn: (fa: FrameAllocator) => R, fa: FrameAllocator): Co<R> {
  const r = fn(fa);
  yield* irqWindow();
  return r;
}
