/**
 * The kernel heap (seed FG3, "Heap Allocator"): `LockedHeapWithRescue<32>` over
 * `buddy_system_allocator` 0.9.0's byte-granular buddy `Heap<32>`, initialised on the static
 * 1 MiB `HEAP_SPACE` and refilled from the frame allocator by `rescue`.
 *
 * ```ts
 * const heap = heapAllocatorInit({ frameAllocator: kernel.frameAllocator, bugs: kernel.bugs });
 * const p = heap.alloc({ size: 100, align: 8 });   // heap address, or null
 * heap.dealloc(p!, { size: 100, align: 8 });
 * heap.checkHeap();                                // [] when the free lists are consistent
 * ```
 *
 * Simplifications (each also at its place): heap addresses are offsets from
 * LINEAR_MAPPING_BASE_VADDR (exact low 47 bits); the default HEAP_SPACE placement is
 * representative, not from a link map; no heap bytes are written to machine memory; HEP-03
 * counts one B-tree node per splitting frame request; rescue's frames are taken with the frame
 * allocator's `allocContiguous` (the rounding tail stays allocated, as at 232e62b).
 * @module
 */
export * from './constants.js';
export * from './errors.js';
export * from './layout.js';
export { BuddyHeap, splitIntoBlocks, type FreeBlock } from './buddy-heap.js';
export { checkHeap, type HeapRegion, type HeapRule, type HeapSnapshot, type HeapViolation } from './check-heap.js';
export type { HeapOwner, LiveBlock } from './live-allocations.js';
export { chooseReleases, DEFAULT_RELEASE_POLICY, type ReleaseCandidate, type ReleasePolicy } from './release-policy.js';
export { rescueFrameCount, rescueRequests, type RescuedFrames } from './rescue.js';
export { LockedHeapWithRescue, heapBlockOrder, type HeapOptions, type HeapStats } from './locked-heap.js';
export { heapAllocatorInit, type HeapInitOptions } from './heap-init.js';
