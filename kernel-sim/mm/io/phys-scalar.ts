/**
 * Scalar Pod values read and written straight from physical memory with its u8..u64 accessors:
 * the same bytes as a bulk copy plus decoding, without the intermediate buffers. Structs and
 * arrays take the general path.
 * @module
 */
import type { PhysicalMemory } from '../../machine/index.js';
import type { Pod, PodScalar, PodValue } from './pod.js';
import { decodePod, encodePod } from './pod-codec.js';

const scratch = new DataView(new ArrayBuffer(8));

/** True for the scalar kinds (not arrays or structs). */
export function isScalarPod(pod: Pod): pod is PodScalar {
  return pod.kind !== 'array' && pod.kind !== 'struct';
}

/** Reads a scalar of `pod`'s type at physical address `addr` (faults like the accessors do). */
export function readPhysScalar<P extends PodScalar>(memory: PhysicalMemory, addr: number, pod: P): PodValue<P> {
  switch (pod.size) {
    case 1: scratch.setUint8(0, memory.readU8(addr)); break;
    case 2: scratch.setUint16(0, memory.readU16(addr), true); break;
    case 4: scratch.setUint32(0, memory.readU32(addr), true); break;
    default: scratch.setBigUint64(0, memory.readU64(addr), true);
  }
  return decodePod(pod, scratch, 0);
}

/**
 * Writes a scalar of `pod`'s type at physical address `addr`.
 * @throws PodValueError (before any store) when the value does not fit the type.
 */
export function writePhysScalar<P extends PodScalar>(memory: PhysicalMemory, addr: number, pod: P, value: PodValue<P>): void {
  encodePod(pod, value, scratch, 0);
  switch (pod.size) {
    case 1: memory.writeU8(addr, scratch.getUint8(0)); break;
    case 2: memory.writeU16(addr, scratch.getUint16(0, true)); break;
    case 4: memory.writeU32(addr, scratch.getUint32(0, true)); break;
    default: memory.writeU64(addr, scratch.getBigUint64(0, true));
  }
}
