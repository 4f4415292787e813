/**
 * `VmWriter` (FG4.8.3, FG4.8.4): writes a contiguous range [cursor, end) of kernel memory (the
 * linear mapping of the machine's physical memory) or of a byte array. `writeVal` is not in
 * 232e62b's VmWriter (later Asterinas has it); it is the mirror of `VmReader::read_val`.
 * @module
 */
import type { PhysicalMemory } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { LinearMappedSpace, SliceSpace } from './byte-space.js';
import type { IoOptions } from './io-options.js';
import type { Pod, PodValue } from './pod.js';
import { podBytes } from './pod-codec.js';
import { linearRawParts, VmCursor } from './vm-cursor.js';
import type { VmReader } from './vm-reader.js';

/** A writer of a contiguous range of memory. */
export class VmWriter extends VmCursor {
  protected readonly side = 'VmWriter' as const;

  /**
   * `VmWriter::from_raw_parts_mut(ptr, len)` over the machine's memory through the linear mapping.
   * @param ptr a kernel virtual address in the linear mapping (LINEAR_MAPPING_BASE_VADDR + paddr).
   * @throws RawPartsError when [ptr, ptr + len) leaves the linear mapping or len < 0.
   */
  static fromRawPartsMut(memory: PhysicalMemory, ptr: bigint, len: number | bigint, options: IoOptions = {}): VmWriter {
    const r = linearRawParts('VmWriter::from_raw_parts_mut', ptr, len);
    return new VmWriter(new LinearMappedSpace(memory), r.cursor, r.end, options);
  }

  /**
   * A writer of physical bytes [paddr, paddr + len) whose range the caller has already checked
   * to lie in the linear mapping (as `fromRawPartsMut(paddrToVaddr(paddr), len)`, without the
   * bigint arithmetic): what Frame/Segment's `writer()` use.
   */
  static ofLinearRange(space: LinearMappedSpace, paddr: number, len: number, options: IoOptions = {}): VmWriter {
    return new VmWriter(space, paddr, paddr + len, options);
  }

  /** `From<&mut [u8]>`: a writer into the whole array. */
  static fromBytes(bytes: Uint8Array, options: IoOptions = {}): VmWriter {
    return new VmWriter(new SliceSpace(bytes), 0, bytes.length, options);
  }

  /** Bytes of space left. */
  avail(): number {
    return this.length();
  }

  /** True when space is left. */
  hasAvail(): boolean {
    return this.length() > 0;
  }

  /** Shrinks the range so that `avail() <= maxAvail`; never grows it. */
  limit(maxAvail: number): this {
    this.limitTo(maxAvail);
    return this;
  }

  /**
   * Skips `nbytes`.
   * @throws KernelPanic (`VmWriter::skip`) when nbytes > avail().
   */
  skip(nbytes: number): this {
    this.skipBy(nbytes);
    return this;
  }

  /** Copies min(avail(), reader.remain()) bytes from `reader`, moving both; returns the count. */
  write(reader: VmReader): number {
    return VmCursor.transfer('write', reader, this);
  }

  /**
   * Writes a value of `pod`'s type and moves past it (model addition, see the module doc).
   * @throws KernelPanic (`VmWriter::write_val`) when avail() < pod.size; PodValueError when the
   *   value does not fit its type. Either way nothing is written and the cursor stays.
   */
  writeVal<P extends Pod>(pod: P, value: PodValue<P>): void {
    if (this.length() < pod.size) throw new KernelPanic('VmWriter::write_val', `${pod.size}-byte value but only ${this.length()} bytes available`);
    this.putVal('write_val', pod, value);
  }

  /**
   * `fill`: writes `value` repeatedly over all the available space and moves to the end.
   * Returns how many values were written.
   * @throws KernelPanic (`VmWriter::fill`) when the cursor is not aligned to the type or the
   *   space is not a whole number of values, as the kernel asserts.
   */
  fill<P extends Pod>(pod: P, value: PodValue<P>): number {
    const one = podBytes(pod, value);
    const avail = this.length();
    if (this.pos % pod.align !== 0) throw new KernelPanic('VmWriter::fill', `cursor 0x${this.cursor().toString(16)} is not aligned to ${pod.align}`);
    if (avail % pod.size !== 0) throw new KernelPanic('VmWriter::fill', `${avail} bytes available is not a multiple of the ${pod.size}-byte value`);
    const count = avail / pod.size;
    if (count === 0) return 0;
    const all = new Uint8Array(avail);
    for (let i = 0; i < count; i++) all.set(one, i * pod.size);
    this.putNext('fill', all);
    return count;
  }
}
