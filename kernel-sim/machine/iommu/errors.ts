/**
 * Typed errors of the remapping unit's register interface: accesses and writes the VT-d
 * specification forbids. A refused access changes no register.
 * @module
 */
import { KernelSimError } from '../../util/errors.js';
import { hex } from '../address.js';

/** An access of a size or alignment the unit does not decode (registers take aligned 32/64-bit accesses). */
export class RegisterAccessError extends KernelSimError {
  constructor(readonly unit: string, readonly offset: number, readonly size: number, readonly reason: string) {
    super(`${unit}: ${size}-byte access at register offset ${hex(offset)}: ${reason}`);
  }
}

/** A register write the specification forbids (e.g. two GCMD commands in one write). */
export class RegisterWriteError extends KernelSimError {
  constructor(readonly unit: string, readonly register: string, readonly value: bigint, readonly reason: string) {
    super(`${unit}: write of ${hex(value)} to ${register}: ${reason}`);
  }
}
