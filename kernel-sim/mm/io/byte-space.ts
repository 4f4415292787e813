/**
 * The memory a reader or writer walks: the machine's physical memory seen through the kernel's
 * linear mapping, or a JS byte array (Rust's `From<&[u8]>`). Positions are numbers: physical
 * addresses for the first, indices for the second.
 *
 * Simplification: a byte array lives outside the emulated machine, so its "addresses" are its
 * indices (base 0), not kernel heap addresses.
 * @module
 */
import type { PhysicalMemory } from '../../machine/index.js';
import { LINEAR_MAPPING_BASE_VADDR } from './linear-mapping.js';
import type { Pod, PodValue } from './pod.js';
import { decodePod, podBytes, podFromBytes } from './pod-codec.js';
import { isScalarPod, readPhysScalar, writePhysScalar } from './phys-scalar.js';

/** Where a reader's or writer's bytes are. */
export interface ByteSpace {
  /** The address of position 0. */
  readonly base: bigint;
  /** `len` bytes from `pos`: a copy, or a view that the caller uses at once. */
  get(pos: number, len: number): Uint8Array;
  /** Stores `data` at `pos`, all or nothing (memmove semantics for overlapping views). */
  put(pos: number, data: Uint8Array): void;
  /** The value of `pod`'s type at `pos` (the bytes of `get`, decoded). */
  getVal<P extends Pod>(pos: number, pod: P): PodValue<P>;
  /**
   * Stores `value` as `pod` at `pos` (the bytes of `podBytes`, put).
   * @throws PodValueError, storing nothing, when the value does not fit.
   */
  putVal<P extends Pod>(pos: number, pod: P, value: PodValue<P>): void;
}

/** Physical memory through the linear mapping: position = physical address. */
export class LinearMappedSpace implements ByteSpace {
  readonly base = LINEAR_MAPPING_BASE_VADDR;
  constructor(readonly memory: PhysicalMemory) {}
  get(pos: number, len: number): Uint8Array {
    return this.memory.readBytes(pos, len);
  }
  put(pos: number, data: Uint8Array): void {
    this.memory.writeBytes(pos, data);
  }
  getVal<P extends Pod>(pos: number, pod: P): PodValue<P> {
    // Scalars use the u8..u64 accessors: same bytes, no intermediate buffer.
    return isScalarPod(pod) ? (readPhysScalar(this.memory, pos, pod) as PodValue<P>) : podFromBytes(pod, this.get(pos, pod.size));
  }
  putVal<P extends Pod>(pos: number, pod: P, value: PodValue<P>): void {
    if (isScalarPod(pod)) writePhysScalar(this.memory, pos, pod, value as PodValue<typeof pod>);
    else this.put(pos, podBytes(pod, value));
  }
}

/** A JS byte array: position = index. */
export class SliceSpace implements ByteSpace {
  readonly base = 0n;
  // Made on first typed access: most slices only take part in bulk copies.
  private view: DataView | undefined = undefined;
  constructor(readonly bytes: Uint8Array) {}
  get(pos: number, len: number): Uint8Array {
    return this.bytes.subarray(pos, pos + len);
  }
  put(pos: number, data: Uint8Array): void {
    // TypedArray#set copies through a temporary when both share a buffer: memmove, as ptr::copy.
    this.bytes.set(data, pos);
  }
  getVal<P extends Pod>(pos: number, pod: P): PodValue<P> {
    if (this.view === undefined) this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return decodePod(pod, this.view, pos);
  }
  putVal<P extends Pod>(pos: number, pod: P, value: PodValue<P>): void {
    // Encoded aside first: a bad field must not leave half a struct in the array.
    this.bytes.set(podBytes(pod, value), pos);
  }
}
