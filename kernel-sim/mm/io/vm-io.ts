/**
 * `VmIo` (FG4.9): byte access at an offset of a VM object (Frame, Segment, FrameVec, ...) and,
 * built on it, typed access with {@link Pod} values. {@link VmIoBase} holds the trait's default
 * methods, with IOV-01's slice retype as a switch.
 * @module
 */
import { NO_BUGS } from '../../bugs/index.js';
import { KernelPanic } from '../../util/errors.js';
import { IoArgumentError, Target6Violation, VmIoRangeError } from './errors.js';
import type { IoOptions } from './io-options.js';
import type { Pod, PodValue } from './pod.js';
import { decodePod, encodePod, podBytes, podFromBytes } from './pod-codec.js';
import { retypedByteLength } from './slice-retype.js';

/** Reading and writing a VM object at byte offsets; every method is all or nothing. */
export interface VmIo {
  /**
   * Fills `buf` with the bytes at [offset, offset + buf.length).
   * @throws VmIoRangeError when that range does not fit the object (nothing is read).
   */
  readBytes(offset: number, buf: Uint8Array): void;
  /**
   * Writes `buf` at [offset, offset + buf.length).
   * @throws VmIoRangeError when that range does not fit the object (nothing is written).
   */
  writeBytes(offset: number, buf: Uint8Array): void;
  /** The value of `pod`'s type at `offset`. */
  readVal<P extends Pod>(offset: number, pod: P): PodValue<P>;
  /** Fills `slice` (in place, as Rust's `&mut [T]`) with consecutive values from `offset`. */
  readSlice<P extends Pod>(offset: number, pod: P, slice: PodValue<P>[]): void;
  /** Writes `value` at `offset`. */
  writeVal<P extends Pod>(offset: number, pod: P, value: PodValue<P>): void;
  /** Writes the values of `slice` consecutively from `offset`. */
  writeSlice<P extends Pod>(offset: number, pod: P, slice: readonly PodValue<P>[]): void;
  /**
   * Writes values from `values` until it ends or the object is full; each value at an offset
   * aligned to `align` (0 or 1: packed). Returns how many were written.
   */
  writeVals<P extends Pod>(offset: number, pod: P, values: Iterable<PodValue<P>>, align: number): number;
}

/**
 * The trait's default methods over an object's `readBytes` / `writeBytes` and its size.
 * Subclasses (physical ranges; Frame, Segment, FrameVec delegate to those) provide the bytes.
 */
export abstract class VmIoBase implements VmIo {
  protected constructor(protected readonly ioOptions: IoOptions = {}) {}

  /** The object's size in bytes. */
  abstract get size(): number;
  /** The kernel type this object stands for in messages, e.g. `Frame`. */
  protected abstract get typeName(): string;
  abstract readBytes(offset: number, buf: Uint8Array): void;
  abstract writeBytes(offset: number, buf: Uint8Array): void;

  readVal<P extends Pod>(offset: number, pod: P): PodValue<P> {
    const buf = new Uint8Array(pod.size);
    this.readBytes(offset, buf);
    return podFromBytes(pod, buf);
  }

  readSlice<P extends Pod>(offset: number, pod: P, slice: PodValue<P>[]): void {
    const n = slice.length;
    const size = pod.size;
    const byteLen = retypedByteLength(n, size, this.bugs);
    const buf = new Uint8Array(n * size);
    const view = new DataView(buf.buffer);
    if (byteLen < buf.length) {
      // IOV-01: only the first byteLen bytes are read; the rest of the slice keeps its bytes.
      // (An empty hole in the JS array stands for zero bytes.)
      for (let i = 0; i < n; i++) if (slice[i] !== undefined) encodePod(pod, slice[i]!, view, i * size);
    }
    this.readBytes(offset, buf.subarray(0, byteLen));
    for (let i = 0; i < n; i++) slice[i] = decodePod(pod, view, i * size);
    this.checkSliceAccess('read_slice', offset, byteLen, n * size);
  }

  // Target 6 in checking mode, observed after the access: the bytes moved must be the slice's
  // own extent, len * size_of::<T>() (IOV-01's transmute moves len bytes).
  private checkSliceAccess(op: string, offset: number, moved: number, extent: number): void {
    if (this.ioOptions.check !== true || moved === extent) return;
    throw new Target6Violation('memory access confinement', `${this.typeName}::${op} at offset ${offset} moved ${moved} bytes of a ${extent}-byte slice: the byte view of the slice is not the slice (IOV-01)`);
  }

  writeVal<P extends Pod>(offset: number, pod: P, value: PodValue<P>): void {
    this.writeBytes(offset, podBytes(pod, value));
  }

  writeSlice<P extends Pod>(offset: number, pod: P, slice: readonly PodValue<P>[]): void {
    const n = slice.length;
    const buf = new Uint8Array(n * pod.size);
    const view = new DataView(buf.buffer);
    // Every value is checked before any byte is written.
    for (let i = 0; i < n; i++) encodePod(pod, slice[i]!, view, i * pod.size);
    const byteLen = retypedByteLength(n, pod.size, this.bugs);
    this.writeBytes(offset, buf.subarray(0, byteLen));
    this.checkSliceAccess('write_slice', offset, byteLen, n * pod.size);
  }

  writeVals<P extends Pod>(offset: number, pod: P, values: Iterable<PodValue<P>>, align: number): number {
    const fn = `${this.typeName}::write_vals`;
    requireOffset(fn, offset);
    if (!Number.isSafeInteger(align) || align < 0) throw new IoArgumentError(fn, 'align', align);
    let at = offset;
    let step = pod.size;
    if (align >> 1 !== 0) {
      // align_up is only defined for powers of two; the kernel's doc says it panics otherwise.
      if ((align & (align - 1)) !== 0) throw new KernelPanic(fn, `align ${align} is not a power of two`);
      at = Math.ceil(offset / align) * align;
      step = Math.ceil(pod.size / align) * align;
    }
    let written = 0;
    for (const value of values) {
      try {
        this.writeVal(at, pod, value);
      } catch (e) {
        // Running out of room ends the sequence; any other error is the caller's to see.
        if (!(e instanceof VmIoRangeError)) throw e;
        if (written > 0) return written;
        throw e;
      }
      at += step;
      written++;
    }
    return written;
  }

  /** The audited bugs switched on. */
  protected get bugs(): NonNullable<IoOptions['bugs']> {
    const b = this.ioOptions.bugs;
    return b === undefined ? NO_BUGS : b;
  }

  /**
   * Rust's bound check: `offset.checked_add(len)` then `> size`.
   * @throws IoArgumentError for a bad offset; VmIoRangeError when the access does not fit.
   */
  protected checkAccess(fn: string, offset: number, len: number): void {
    requireOffset(fn, offset);
    // Past 2^53 a number no longer adds exactly: the model's stand-in for usize overflow.
    if (offset + len > Number.MAX_SAFE_INTEGER) throw new VmIoRangeError(fn, offset, len, this.size, 'Overflow');
    if (offset + len > this.size) throw new VmIoRangeError(fn, offset, len, this.size);
  }
}

/** Throws IoArgumentError unless `offset` is a whole number in [0, 2^53). */
export function requireOffset(fn: string, offset: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new IoArgumentError(fn, 'offset', offset);
}
