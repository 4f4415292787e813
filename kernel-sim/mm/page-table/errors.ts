/**
 * `PageTableError` of 232e62b as typed errors (`InvalidVaddrRange`, `UnalignedVaddr`,
 * `ProtectingAbsent`, `ProtectingPartial`), plus the model's refusals of properties the x86 PTE
 * cannot encode. Where 232e62b panics the model throws `KernelPanic` (from `util/errors`).
 * Every one is thrown before the page table changes, or — for `protect`, as at 232e62b —
 * after the PTEs before the failing one were changed (the table stays consistent).
 * @module
 */
import { hex } from '../../machine/index.js';
import { KernelSimError } from '../../util/errors.js';

/** The `PageTableError` variant names. */
export type PageTableErrorKind = 'InvalidVaddrRange' | 'UnalignedVaddr' | 'ProtectingAbsent' | 'ProtectingPartial';

/** Base class of the `PageTableError` variants. */
export class PageTableError extends KernelSimError {
  constructor(readonly kind: PageTableErrorKind, message: string) {
    super(message);
  }
}

/** `PageTableError::InvalidVaddrRange(start, end)`: outside the mode's space, or empty/reversed. */
export class InvalidVaddrRangeError extends PageTableError {
  constructor(readonly start: bigint, readonly end: bigint, readonly mode: string, detail: string) {
    super('InvalidVaddrRange', `InvalidVaddrRange(${hex(start)}, ${hex(end)}): ${detail} (${mode})`);
  }
}

/** `PageTableError::UnalignedVaddr`. */
export class UnalignedVaddrError extends PageTableError {
  constructor(readonly va: bigint, readonly align: number) {
    super('UnalignedVaddr', `UnalignedVaddr: ${hex(va)} is not aligned to ${hex(align)}`);
  }
}

/** `PageTableError::ProtectingAbsent`. */
export class ProtectingAbsentError extends PageTableError {
  constructor(readonly va: bigint) {
    super('ProtectingAbsent', `ProtectingAbsent: no mapping at ${hex(va)} and allow_protect_absent is false`);
  }
}

/** `PageTableError::ProtectingPartial`. */
export class ProtectingPartialError extends PageTableError {
  constructor(readonly va: bigint, readonly pageSize: number) {
    super('ProtectingPartial', `ProtectingPartial: the range covers only part of the ${hex(pageSize)}-byte page at ${hex(va)}`);
  }
}

/** Why a property cannot be put in an x86-64 PTE. */
export type UnencodableReason = 'not-readable' | 'cache-policy' | 'shared-without-tdx';

/** A `PageProperty` that the x86-64 PTE cannot express (the model's fixed behaviour). */
export class UnencodablePropertyError extends KernelSimError {
  constructor(readonly reason: UnencodableReason, detail: string) {
    super(`page property cannot be encoded in an x86-64 PTE: ${detail}`);
  }
}

/** A virtual address that is not canonical for the paging mode. */
export class NonCanonicalVaddrError extends KernelSimError {
  constructor(readonly va: bigint, readonly addressWidth: number) {
    super(`${hex(va)} is not a canonical ${addressWidth}-bit virtual address`);
  }
}

/** A length passed to `CursorMut::unmap` / `protect` that is no `usize`: negative, fractional or too large. */
export class CursorLengthError extends KernelSimError {
  constructor(readonly fn: string, readonly len: number | bigint) {
    super(`${fn}: length ${String(len)} is not a byte count (a whole number in [0, 2^53))`);
  }
}
