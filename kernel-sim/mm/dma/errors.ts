/**
 * `DmaError` (InvalidArgs, AlreadyMapped) and the `Error::AccessDenied` / `Error::InvalidArgs`
 * of `DmaStream`'s VmIo and `sync` at 232e62b, as typed errors naming the function and value.
 * @module
 */
import { hex } from '../../machine/index.js';
import { KernelSimError } from '../../util/errors.js';

/** Why a DMA call failed. */
export type DmaErrorKind = 'InvalidArgs' | 'AlreadyMapped' | 'AccessDenied';

/** A DMA call refused. */
export class DmaError extends KernelSimError {
  constructor(
    readonly kind: DmaErrorKind,
    /** The function, e.g. `DmaCoherent::map`. */
    readonly fn: string,
    detail: string,
    /** The physical address concerned, when there is one. */
    readonly paddr?: number,
  ) {
    super(`${fn}: ${kind}: ${detail}${paddr === undefined ? '' : ` (paddr ${hex(paddr)})`}`);
  }
}
