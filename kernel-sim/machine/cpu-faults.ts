/**
 * Exceptions of the emulated CPU other than page faults: #GP raised by control-register writes,
 * INVPCID and non-canonical accesses, and a typed refusal for modes the model does not cover.
 * @module
 */
import { KernelSimError } from '../util/errors.js';
import { hex } from './address.js';

/**
 * A general-protection fault (#GP(0)) the hardware would raise: `instruction` names what was
 * executed (e.g. `MOV CR4`), `reason` the architectural rule it broke (SDM Vol. 3A / Vol. 2).
 */
export class GeneralProtectionFault extends KernelSimError {
  constructor(
    /** The CPU that faulted. */
    readonly cpu: number,
    /** The instruction or access, e.g. `MOV CR0`, `INVPCID`, `read`. */
    readonly instruction: string,
    /** The rule that was broken, with the offending value. */
    readonly reason: string,
    /** The offending operand (a register value or linear address). */
    readonly value: number | bigint,
  ) {
    super(`#GP(0) on CPU ${cpu}: ${instruction} ${hex(value)}: ${reason}`);
  }
}

/** A CPU mode the model does not emulate (e.g. 32-bit legacy paging); the hardware would accept it. */
export class UnsupportedCpuMode extends KernelSimError {
  constructor(readonly cpu: number, readonly what: string) {
    super(`CPU ${cpu}: ${what} is not modelled (only IA-32e 4- and 5-level paging is)`);
  }
}

/** A linear address outside [0, 2^64): bad input to the model, not a CPU exception. */
export class LinearAddressError extends KernelSimError {
  constructor(readonly value: bigint) {
    super(`${hex(value)} is not a 64-bit linear address (expected 0 <= address < 2^64)`);
  }
}
