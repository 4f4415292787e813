/**
 * Errors of DMAR decoding and encoding, each naming the byte offset and field.
 * @module
 */
import { KernelSimError } from '../../util/errors.js';

/** A malformed DMAR table: what was wrong, in which field, at which byte offset. */
export class DmarDecodeError extends KernelSimError {
  constructor(readonly offset: number, readonly field: string, readonly reason: string) {
    super(`DMAR table, byte offset ${offset} (${field}): ${reason}`);
  }
}

/** A machine description the encoder cannot express as a DMAR table. */
export class DmarEncodeError extends KernelSimError {
  constructor(readonly field: string, readonly reason: string) {
    super(`DMAR encoding, ${field}: ${reason}`);
  }
}
