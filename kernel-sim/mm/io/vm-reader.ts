/**
 * `VmReader` (FG4.8.1, FG4.8.2): reads a contiguous range [cursor, end) of kernel memory (the
 * linear mapping of the machine's physical memory) or of a byte array. Rust's `limit` and
 * `skip` consume the reader and return it; here they shrink it in place and return it.
 * @module
 */
import type { PhysicalMemory } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { LinearMappedSpace, SliceSpace } from './byte-space.js';
import type { IoOptions } from './io-options.js';
import type { Pod, PodValue } from './pod.js';
import { linearRawParts, VmCursor } from './vm-cursor.js';
import type { VmWriter } from './vm-writer.js';

/** A reader of a contiguous range of memory. */
export class VmReader extends VmCursor {
  protected readonly side = 'VmReader' as const;

  /**
   * `VmReader::from_raw_parts(ptr, len)` over the machine's memory through the linear mapping.
   * The kernel trusts its caller here; the model refuses what the caller must not pass.
   * @param ptr a kernel virtual address in the linear mapping (LINEAR_MAPPING_BASE_VADDR + paddr).
   * @throws RawPartsError when [ptr, ptr + len) leaves the linear mapping or len < 0.
   */
  static fromRawParts(memory: PhysicalMemory, ptr: bigint, len: number | bigint, options: IoOptions = {}): VmReader {
    const r = linearRawParts('VmReader::from_raw_parts', ptr, len);
    return new VmReader(new LinearMappedSpace(memory), r.cursor, r.end, options);
  }

  /**
   * A reader of physical bytes [paddr, paddr + len) whose range the caller has already checked
   * to lie in the linear mapping (as `fromRawParts(paddrToVaddr(paddr), len)`, without the
   * bigint arithmetic): what Frame/Segment's `reader()` use.
   */
  static ofLinearRange(space: LinearMappedSpace, paddr: number, len: number, options: IoOptions = {}): VmReader {
    return new VmReader(space, paddr, paddr + len, options);
  }

  /** `From<&[u8]>`: a reader of the whole array (not a copy: later changes to it are seen). */
  static fromBytes(bytes: Uint8Array, options: IoOptions = {}): VmReader {
    return new VmReader(new SliceSpace(bytes), 0, bytes.length, options);
  }

  /** Bytes left to read. */
  remain(): number {
    return this.length();
  }

  /** True when bytes are left to read. */
  hasRemain(): boolean {
    return this.length() > 0;
  }

  /** Shrinks the range so that `remain() <= maxRemain`; never grows it. */
  limit(maxRemain: number): this {
    this.limitTo(maxRemain);
    return this;
  }

  /**
   * Skips `nbytes`.
   * @throws KernelPanic (`VmReader::skip`) when nbytes > remain().
   */
  skip(nbytes: number): this {
    this.skipBy(nbytes);
    return this;
  }

  /** Copies min(remain(), writer.avail()) bytes into `writer`, moving both; returns the count. */
  read(writer: VmWriter): number {
    return VmCursor.transfer('read', this, writer);
  }

  /**
   * Reads a value of `pod`'s type and moves past it.
   * @throws KernelPanic (`VmReader::read_val`) when remain() < pod.size, as the kernel asserts.
   */
  readVal<P extends Pod>(pod: P): PodValue<P> {
    if (this.length() < pod.size) throw new KernelPanic('VmReader::read_val', `${pod.size}-byte value but only ${this.length()} bytes remain`);
    return this.takeVal('read_val', pod);
  }
}
