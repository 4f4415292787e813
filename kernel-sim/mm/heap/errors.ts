/**
 * Typed errors of the heap allocator for bad input. Each leaves the heap unchanged.
 * @module
 */
import { KernelSimError } from '../../util/errors.js';
import type { Layout } from './layout.js';

/** A layout the heap refuses: non-power-of-two alignment, zero or non-integer size. */
export class HeapLayoutError extends KernelSimError {
  constructor(
    /** The heap operation, e.g. `alloc`. */
    readonly fn: string,
    /** The layout given. */
    readonly layout: Layout,
    /** Why it is refused. */
    readonly reason: string,
  ) {
    super(`heap ${fn}: bad layout { size: ${String(layout.size)}, align: ${String(layout.align)} }: ${reason}`);
  }
}

/** Why a dealloc was refused. */
export type HeapDeallocProblem = 'not-allocated' | 'double-free' | 'interior-pointer' | 'wrong-layout';

/** A dealloc the heap refuses (in the kernel it would corrupt the free lists silently). */
export class HeapDeallocError extends KernelSimError {
  constructor(
    /** Which rule was broken. */
    readonly problem: HeapDeallocProblem,
    /** The pointer given (a heap address). */
    readonly ptr: number,
    /** The layout given. */
    readonly layout: Layout,
    /** What was found instead. */
    readonly detail: string,
  ) {
    super(`heap dealloc(0x${ptr.toString(16)}, { size: ${layout.size}, align: ${layout.align} }) refused (${problem}): ${detail}`);
  }
}

/** A heap region that `init` or `add_to_heap` cannot take. */
export class HeapRegionError extends KernelSimError {
  constructor(
    /** Start address given. */
    readonly start: number,
    /** Size given. */
    readonly size: number,
    /** Why. */
    readonly reason: string,
  ) {
    super(`heap region [0x${start.toString(16)}, +0x${size.toString(16)}) refused: ${reason}`);
  }
}
