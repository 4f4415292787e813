/**
 * What VmReader and VmWriter share (FG4.8): a range [cursor, end) of one {@link ByteSpace}
 * that only ever shrinks, the copy between a reader and a writer, and the Target 6 step check.
 * @module
 */
import { KernelPanic } from '../../util/errors.js';
import { IoArgumentError, RawPartsError } from './errors.js';
import type { IoOptions } from './io-options.js';
import { inLinearMapping, LINEAR_MAPPING_BASE_VADDR } from './linear-mapping.js';
import type { ByteSpace } from './byte-space.js';
import type { Pod, PodValue } from './pod.js';
import { checkReaderWriterStep, type ReaderWriterSide } from './reader-writer-invariants.js';

/** The state of a reader or writer, as positions in its space. */
export interface CursorRange {
  readonly space: ByteSpace;
  readonly cursor: number;
  readonly end: number;
}

/** A reader's or writer's bounds and their checked movement. */
export abstract class VmCursor {
  protected abstract readonly side: ReaderWriterSide;
  // The hot state is two numbers; addresses are made (as bigint) only when asked for.
  protected pos: number;
  protected stop: number;
  private readonly watched: boolean;
  // The borrow of the handle this cursor reads or writes: throws once the handle is gone.
  private lender: (() => void) | undefined = undefined;

  protected constructor(protected readonly space: ByteSpace, cursor: number, end: number, protected readonly options: IoOptions) {
    this.pos = cursor;
    this.stop = end;
    this.watched = options.check === true || options.onStep !== undefined;
  }

  /**
   * Ties this cursor to the handle it came from (Rust's lifetime `'a` of `VmReader<'a>`): every
   * access first calls `check`, which throws once the handle was dropped, so a reader or writer
   * never touches a frame that went back to the allocator (and maybe to a new owner).
   * @internal the handles' `reader()` / `writer()` call it.
   */
  borrowFrom(check: () => void): this {
    this.lender = check;
    return this;
  }

  /** The address of the next byte (a kernel linear-mapping address for physical memory). */
  cursor(): bigint {
    return this.space.base + BigInt(this.pos);
  }

  /** The address one past the last byte (not a Rust getter; the model shows it for inspection). */
  end(): bigint {
    return this.space.base + BigInt(this.stop);
  }

  /** The memory this cursor walks. */
  get byteSpace(): ByteSpace {
    return this.space;
  }

  /** Bytes between cursor and end. */
  protected length(): number {
    return this.stop - this.pos;
  }

  /** `limit`: end = min(end, cursor + max). */
  protected limitTo(max: number): void {
    requireCount(`${this.side}::limit`, 'max', max);
    const c0 = this.pos;
    const e0 = this.stop;
    if (max < e0 - c0) this.stop = c0 + max;
    if (this.watched) this.step('limit', c0, e0, 0, 0);
  }

  /** `skip`: cursor += n; the kernel asserts n <= remaining. */
  protected skipBy(n: number): void {
    const fn = `${this.side}::skip`;
    requireCount(fn, 'nbytes', n);
    if (n > this.stop - this.pos) throw new KernelPanic(fn, `nbytes ${n} exceeds the ${this.stop - this.pos} bytes left (assert!(nbytes <= self.${this.side === 'VmReader' ? 'remain' : 'avail'}()))`);
    const c0 = this.pos;
    this.pos += n;
    if (this.watched) this.step('skip', c0, this.stop, 0, 0);
  }

  /** Reads the value at the cursor and moves past it (pod.size <= length, checked by the caller). */
  protected takeVal<P extends Pod>(op: string, pod: P): PodValue<P> {
    if (this.lender !== undefined) this.lender();
    const c0 = this.pos;
    const value = this.space.getVal(c0, pod);
    this.pos += pod.size;
    if (this.watched) this.step(op, c0, this.stop, c0, pod.size);
    return value;
  }

  /** Stores a value at the cursor and moves past it (pod.size <= length, checked by the caller). */
  protected putVal<P extends Pod>(op: string, pod: P, value: PodValue<P>): void {
    if (this.lender !== undefined) this.lender();
    const c0 = this.pos;
    this.space.putVal(c0, pod, value);
    this.pos += pod.size;
    if (this.watched) this.step(op, c0, this.stop, c0, pod.size);
  }

  /** Stores `data` at the cursor and moves past it (data.length <= length, checked by the caller). */
  protected putNext(op: string, data: Uint8Array): void {
    if (this.lender !== undefined) this.lender();
    const c0 = this.pos;
    this.space.put(c0, data);
    this.pos += data.length;
    if (this.watched) this.step(op, c0, this.stop, c0, data.length);
  }

  /**
   * Copies min(src remaining, dst available) bytes from `src`'s cursor to `dst`'s and moves both
   * cursors (`ptr::copy`: overlapping ranges behave as memmove). Returns the bytes copied.
   */
  protected static transfer(op: string, src: VmCursor, dst: VmCursor): number {
    const n = Math.min(src.stop - src.pos, dst.stop - dst.pos);
    if (n === 0) return 0;
    if (src.lender !== undefined) src.lender();
    if (dst.lender !== undefined) dst.lender();
    const s0 = src.pos;
    const d0 = dst.pos;
    // Both cursors move only after the store succeeded: a fault leaves them where they were.
    dst.space.put(d0, src.space.get(s0, n));
    src.pos = s0 + n;
    dst.pos = d0 + n;
    if (src.watched) src.step(op, s0, src.stop, s0, n);
    if (dst.watched) dst.step(op, d0, dst.stop, d0, n);
    return n;
  }

  // Reports and checks a step whose range before was [c0, e0) and whose access was [a, a+n).
  private step(op: string, c0: number, e0: number, a: number, n: number): void {
    const step = { side: this.side, op, base: this.space.base, cursorBefore: c0, endBefore: e0, cursorAfter: this.pos, endAfter: this.stop, accessStart: a, accessLen: n };
    if (this.options.check === true) checkReaderWriterStep(step);
    const onStep = this.options.onStep;
    if (onStep !== undefined) onStep(step);
  }
}

/**
 * Validates `from_raw_parts(ptr, len)`: [ptr, ptr + len) must lie inside the linear mapping and
 * end must not lie below ptr. Returns the range as physical positions.
 */
export function linearRawParts(fn: string, ptr: bigint, len: number | bigint): { cursor: number; end: number } {
  if (typeof ptr !== 'bigint') throw new IoArgumentError(fn, 'ptr', ptr, 'a bigint kernel virtual address');
  let n: bigint;
  if (typeof len === 'bigint') n = len;
  else if (typeof len === 'number' && Number.isInteger(len)) n = BigInt(len);
  else throw new IoArgumentError(fn, 'len', len, 'an integer');
  const end = ptr + n;
  if (end < ptr) throw new RawPartsError(fn, ptr, end, 'end lies below cursor');
  if (!inLinearMapping(ptr, n)) throw new RawPartsError(fn, ptr, end, 'not inside the linear mapping [0xffff800000000000, 0xffffc00000000000)');
  return { cursor: Number(ptr - LINEAR_MAPPING_BASE_VADDR), end: Number(end - LINEAR_MAPPING_BASE_VADDR) };
}

/** Throws IoArgumentError unless `n` is a whole number in [0, 2^53). */
export function requireCount(fn: string, what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new IoArgumentError(fn, what, n);
}
