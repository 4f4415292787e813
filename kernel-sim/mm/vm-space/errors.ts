/**
 * `aster_frame::Error` as VmSpace returns it, plus the unhandled page fault.
 * @module
 */
import { hex, type StaleTranslation } from '../../machine/index.js';
import { KernelSimError } from '../../util/errors.js';

/** The error kinds VmSpace returns at 232e62b. */
export type VmSpaceErrorKind = 'InvalidArgs' | 'MapAlreadyMappedVaddr' | 'AccessDenied' | 'NoMemory';

/** A VmSpace operation refused its input; the space is unchanged. */
export class VmSpaceError extends KernelSimError {
  constructor(readonly kind: VmSpaceErrorKind, readonly fn: string, detail: string) {
    super(`${fn}: ${kind}: ${detail}`);
  }
}

/** A page fault the VmSpace fault hook cannot resolve (a SIGSEGV for the process). */
export class SegmentationFault extends KernelSimError {
  constructor(readonly va: bigint, readonly reason: string) {
    // The process's signal, not the simulator's error: no JavaScript stack (see KernelSimErrorOptions).
    super(`segmentation fault at ${hex(va)}: ${reason}`, { stack: false });
  }
}

/**
 * Checking mode: a user access was served by a TLB entry the page tables no longer allow
 * (unmapped, remapped or with reduced rights): a flush was missing.
 */
export class StaleTranslationError extends KernelSimError {
  constructor(readonly record: StaleTranslation) {
    super(`stale TLB entry used on CPU ${record.cpu} at ${hex(record.vaddr)} (${record.kind}; last table write: ${record.lastTableWrite ?? 'none'}): a flush is missing`);
  }
}
