/**
 * Frame handles (seed FG4.5-4.7): `Frame`, `Segment` and `FrameVec`, each a VmIo object over
 * machine memory with explicit ownership (`clone`, `drop`, `[Symbol.dispose]`), and the
 * allocator functions that hand them out.
 * @module
 */
export * from './frame.js';
export * from './segment.js';
export * from './frame-vec.js';
export * from './frame-handle-allocator.js';
export * from './io-handle.js';
