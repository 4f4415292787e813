/**
 * Memory I/O of the kernel model (seed FG4.8, FG4.9): typed plain-old-data values ({@link Pod}),
 * `VmReader` / `VmWriter` over the kernel's linear mapping of the machine's memory or over byte
 * arrays, the `VmIo` trait with its default methods (IOV-01 as a switch) and its implementation
 * over physical byte ranges, contiguous (Frame, Segment) or not (FrameVec), and Verification
 * Target 6 as O(1) checks of every reader/writer step (`check: true`).
 *
 * Simplifications: a byte array's addresses are its indices; RAM is checked when accessed, not
 * when a reader is made; zero-sized Pod types are not modelled.
 * @module
 */
export * from './errors.js';
export * from './pod.js';
export { decodePod, encodePod, podBytes, podFromBytes } from './pod-codec.js';
export * from './linear-mapping.js';
export type { IoOptions } from './io-options.js';
export * from './reader-writer-invariants.js';
export { LinearMappedSpace, SliceSpace, type ByteSpace } from './byte-space.js';
export { VmCursor } from './vm-cursor.js';
export { VmReader } from './vm-reader.js';
export { VmWriter } from './vm-writer.js';
export { retypedByteLength } from './slice-retype.js';
export { VmIoBase, type VmIo } from './vm-io.js';
export { PhysRangeIo, type PhysRangeIoOptions } from './phys-range-io.js';
export { PhysRangeListIo, type PhysPiece, type PhysRangeListIoOptions } from './phys-range-list-io.js';
