/**
 * The frame allocator (seed FG2): the buddy allocator Asterinas wraps
 * (`buddy_system_allocator::FrameAllocator<32>`) and the page allocator's kernel-facing API.
 * @module
 */
export * from './bits.js';
export * from './buddy.js';
export * from './errors.js';
export * from './alloc-options.js';
export * from './frame-vec.js';
export * from './frame-allocator.js';
export * from './usable-frames.js';
export { checkFreeLists, freeListProblems, mergeSpans } from './check-free-lists.js';
export { FrameBitmap } from './frame-bitmap.js';
export * from './locked-frame-allocator.js';
