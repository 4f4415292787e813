/**
 * The page-fault exception (#PF) with the x86 error code (SDM Vol. 3A §4.7; Linux
 * `arch/x86/include/asm/trap_pf.h`) and CR2. Bits: P 0 (0 not-present, 1 protection or reserved
 * bit), W/R 1, U/S 2, RSVD 3, I/D 4 (only reported when EFER.NXE or CR4.SMEP is set), PK 5
 * (protection keys: not modelled, never set).
 * @module
 */
import { KernelSimError } from '../util/errors.js';
import { hex } from './address.js';

/** Error-code bit 0: the fault was a protection violation (or a reserved bit), not a non-present entry. */
export const PF_P = 1;
/** Error-code bit 1: the access was a write. */
export const PF_W = 2;
/** Error-code bit 2: the access was made in user mode (CPL 3). */
export const PF_U = 4;
/** Error-code bit 3: a paging-structure entry had a reserved bit set. */
export const PF_RSVD = 8;
/** Error-code bit 4: the access was an instruction fetch. */
export const PF_I = 16;
/** Error-code bit 5: a protection key blocked the access (never set: PKE is not modelled). */
export const PF_PK = 32;

/** A page fault: `linearAddress` is what the CPU loads into CR2. */
export class PageFault extends KernelSimError {
  constructor(
    /** The CPU that faulted. */
    readonly cpu: number,
    /** The faulting linear address (CR2). */
    readonly linearAddress: bigint,
    /** The x86 error code pushed on the stack. */
    readonly errorCode: number,
  ) {
    // The machine's exception, not the simulator's: no JavaScript stack (see KernelSimErrorOptions).
    super(`#PF on CPU ${cpu} at ${hex(linearAddress)}: error code ${hex(errorCode)} (${describeErrorCode(errorCode)})`, { stack: false });
  }

  /** True for a protection or reserved-bit fault, false for a not-present page. */
  get present(): boolean { return (this.errorCode & PF_P) !== 0; }
  /** True when the access was a write. */
  get write(): boolean { return (this.errorCode & PF_W) !== 0; }
  /** True when the access came from user mode. */
  get user(): boolean { return (this.errorCode & PF_U) !== 0; }
  /** True when a reserved bit was set in a paging-structure entry. */
  get reserved(): boolean { return (this.errorCode & PF_RSVD) !== 0; }
  /** True for an instruction fetch. */
  get instructionFetch(): boolean { return (this.errorCode & PF_I) !== 0; }
}

/** Spells an error code out, e.g. `protection, write, user`. */
export function describeErrorCode(code: number): string {
  const parts = [code & PF_P ? 'protection' : 'not-present', code & PF_W ? 'write' : 'read', code & PF_U ? 'user' : 'supervisor'];
  if (code & PF_RSVD) parts.push('reserved-bit');
  if (code & PF_I) parts.push('instruction-fetch');
  if (code & PF_PK) parts.push('protection-key');
  return parts.join(', ');
}
