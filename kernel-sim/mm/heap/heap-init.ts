/**
 * `heap_allocator::init()` at 232e62b: the global heap on the static `HEAP_SPACE`.
 * @module
 */
import { DEFAULT_HEAP_SPACE_PADDR, imageHeapAddr, INIT_KERNEL_HEAP_SIZE } from './constants.js';
import { LockedHeapWithRescue, type HeapOptions } from './locked-heap.js';

/** Options of {@link heapAllocatorInit}. */
export interface HeapInitOptions extends HeapOptions {
  /** Physical address of `HEAP_SPACE` in the kernel image (default a representative `.bss` spot). */
  readonly heapSpacePaddr?: number;
}

/** Builds `HEAP_ALLOCATOR` and runs `init(HEAP_SPACE, INIT_KERNEL_HEAP_SIZE)`. */
export function heapAllocatorInit(opts: HeapInitOptions = {}): LockedHeapWithRescue {
  const heap = new LockedHeapWithRescue(opts);
  heap.init(imageHeapAddr(opts.heapSpacePaddr ?? DEFAULT_HEAP_SPACE_PADDR), INIT_KERNEL_HEAP_SIZE);
  return heap;
}
