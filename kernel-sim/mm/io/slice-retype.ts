/**
 * IOV-01: `VmIo::read_slice` and `VmIo::write_slice` at 232e62b turn `&mut [T]` / `&[T]` into a
 * byte slice with `core::mem::transmute(slice)` (`mm/io.rs` lines 43 and 68). A slice reference
 * is (pointer, length in elements); transmute keeps both, so the byte slice has `len` bytes
 * instead of `len * size_of::<T>()`: only the first `len` bytes are read or written, the rest of
 * the slice is left as it was, and the bounds check covers only those `len` bytes. The fix
 * (commit 8e32124's approach, "Fix the undefined behavior of transmute slices in VmIo") builds the byte slice with `from_raw_parts(ptr, len * size)`.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';

/**
 * The byte length of a `[T]` of `len` elements of `elementSize` bytes after the retype:
 * `len * elementSize` when fixed, `len` (the element count, in the wrong unit) with IOV-01.
 */
export function retypedByteLength(len: number, elementSize: number, bugs: BugSet): number {
  return bugs.has('IOV-01') ? len : len * elementSize;
}
