/**
 * Faults of the emulated hardware.
 * @module
 */
import { KernelSimError } from '../util/errors.js';
import { hex } from './address.js';

/** The direction of a memory access. */
export type AccessKind = 'read' | 'write';

/**
 * An access to physical addresses that are not RAM (a hole in the memory map, or beyond it).
 * On hardware this would read all-ones or raise a machine check; the model refuses it so that a
 * kernel bug touching a hole is seen at once.
 */
export class PhysicalMemoryFault extends KernelSimError {
  constructor(readonly addr: number, readonly size: number, readonly access: AccessKind) {
    super(`physical memory fault: ${access} of ${size} byte${size === 1 ? '' : 's'} at ${hex(addr)} is not in RAM`);
  }
}

/** A value that does not fit the width of the store (e.g. 256 written as a u8). */
export class StoreValueError extends KernelSimError {
  constructor(readonly fn: string, readonly value: number | bigint, readonly bits: number) {
    super(`${fn}: ${String(value)} is not an unsigned ${bits}-bit integer`);
  }
}
