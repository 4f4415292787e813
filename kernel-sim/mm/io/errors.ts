/**
 * Typed errors of the I/O layer: bad Pod descriptions and values, VmIo accesses out of range,
 * reader/writer construction outside the linear mapping, bad arguments, and broken
 * Verification Target 6 invariants. Every error leaves the simulated memory unchanged.
 * @module
 */
import { KernelSimError } from '../../util/errors.js';

/** A Pod description that cannot describe a plain-old-data layout (e.g. overlapping fields). */
export class PodSpecError extends KernelSimError {
  constructor(readonly reason: string) {
    super(`bad Pod description: ${reason}`);
  }
}

/** A JS value that does not fit its Pod type (e.g. 256 as a u8); `path` names the field. */
export class PodValueError extends KernelSimError {
  constructor(readonly path: string, readonly kind: string, readonly value: unknown) {
    super(`${path === '' ? 'value' : path}: ${formatValue(value)} is not a valid ${kind}`);
  }
}

/**
 * A VmIo access of `length` bytes at `offset` that does not fit an object of `size` bytes:
 * Rust's `Error::InvalidArgs` (or `Error::Overflow` when offset + length overflows usize).
 * Nothing was read or written.
 */
export class VmIoRangeError extends KernelSimError {
  constructor(
    /** The Rust function, e.g. `VmIo::write_bytes`. */
    readonly fn: string,
    readonly offset: number,
    readonly length: number,
    readonly size: number,
    /** The Rust error this stands for. */
    readonly code: 'InvalidArgs' | 'Overflow' = 'InvalidArgs',
  ) {
    super(`${fn}: offset ${offset} + length ${length} exceeds the object's size ${size} (${code}); nothing was accessed`);
  }
}

/**
 * `VmReader::from_raw_parts` / `VmWriter::from_raw_parts_mut` given a range [cursor, end) that is
 * not inside the kernel's linear mapping, or whose end lies below its cursor.
 */
export class RawPartsError extends KernelSimError {
  constructor(readonly fn: string, readonly cursor: bigint, readonly end: bigint, readonly reason: string) {
    super(`${fn}: [0x${hex(cursor)}, 0x${hex(end)}): ${reason}`);
  }
}

/** An argument no Rust caller could pass: a negative or fractional usize, a number for a pointer. */
export class IoArgumentError extends KernelSimError {
  constructor(readonly fn: string, readonly what: string, readonly value: unknown, readonly expected = 'a whole number in [0, 2^53)') {
    super(`${fn}: ${what} ${formatValue(value)} is not ${expected}`);
  }
}

/** The three properties of Verification Target 6, as the seed names them. */
export type Target6Property = 'monotonic range reduction' | 'cursor boundary' | 'memory access confinement';

/** A VmReader or VmWriter broke a property of Verification Target 6 (checking mode). */
export class Target6Violation extends KernelSimError {
  /** The verification target: always 6. */
  readonly target = 6;
  constructor(readonly property: Target6Property, readonly detail: string) {
    super(`Verification Target 6 (${property}) violated: ${detail}`);
  }
}

function hex(v: bigint): string {
  return v < 0n ? `-${(-v).toString(16)}` : v.toString(16);
}

function formatValue(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `array of ${v.length}`;
  return String(v);
}
