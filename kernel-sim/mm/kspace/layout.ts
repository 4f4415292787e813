/**
 * The kernel address-space layout of 232e62b (`mm/kspace.rs`, seed FG4.14): the literal
 * 48-bit values shifted by `ADDR_WIDTH_SHIFT = ADDRESS_WIDTH - 48`.
 *
 * KSP-01 (switch): audited, `ADDR_WIDTH_SHIFT` is negative (-9) for a 39-bit width and the
 * constants are `value << -9`. rustc's const evaluation rejects that; the model takes what an
 * unchecked x86 SHL does (the count masked to 6 bits, 55), which clears every constant to 0 and
 * collapses the layout (reported in {@link KernelLayout.undefinedShift}). Fixed: a negative shift
 * becomes an arithmetic right shift, so the layout adjusts proportionally (39 bits:
 * `0xffff_ffc0_0000_0000` ...). 48 bits (shift 0) and 57 bits (shift 9) agree in both.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import { KernelSimError } from '../../util/errors.js';

const MASK64 = (1n << 64n) - 1n;

/** An address width the layout cannot be built for. */
export class AddressWidthError extends KernelSimError {
  constructor(readonly width: number) {
    super(`address width ${width} is not one of 39, 48, 57`);
  }
}

/** A half-open virtual range. */
export interface VaRange {
  readonly start: bigint;
  readonly end: bigint;
}

/** The layout constants for one address width. */
export interface KernelLayout {
  readonly addressWidth: number;
  /** `ADDR_WIDTH_SHIFT`. */
  readonly addrWidthShift: number;
  /** True when a constant was shifted by a negative amount (KSP-01 audited). */
  readonly undefinedShift: boolean;
  /** `KERNEL_BASE_VADDR .. KERNEL_END_VADDR`. */
  readonly kernel: VaRange;
  /** `KERNEL_CODE_BASE_VADDR` (`kernel_loaded_offset()`). */
  readonly kernelCodeBase: bigint;
  /** `FRAME_METADATA_RANGE`. */
  readonly frameMetadata: VaRange;
  /** `VMALLOC_VADDR_RANGE`. */
  readonly vmalloc: VaRange;
  /** `LINEAR_MAPPING_VADDR_RANGE` (its start is `LINEAR_MAPPING_BASE_VADDR`). */
  readonly linearMapping: VaRange;
}

/** `value << ADDR_WIDTH_SHIFT` as a usize: audited wraps like SHL, fixed shifts arithmetically. */
export function shiftLiteral(value: bigint, shift: number, audited: boolean): bigint {
  if (shift >= 0) return (value << BigInt(shift)) & MASK64;
  if (audited) return (value << BigInt(shift & 63)) & MASK64;
  return BigInt.asUintN(64, BigInt.asIntN(64, value) >> BigInt(-shift));
}

/**
 * The layout for `addressWidth` (KSP-01 audited when in `bugs`).
 * @throws AddressWidthError for a width other than 39, 48, 57
 */
export function kernelLayout(addressWidth: number, bugs: BugSet): KernelLayout {
  if (addressWidth !== 39 && addressWidth !== 48 && addressWidth !== 57) throw new AddressWidthError(addressWidth);
  const shift = addressWidth - 48;
  const audited = bugs.has('KSP-01');
  const s = (v: bigint): bigint => shiftLiteral(v, shift, audited);
  return Object.freeze({
    addressWidth,
    addrWidthShift: shift,
    undefinedShift: audited && shift < 0,
    kernel: { start: s(0xffff_8000_0000_0000n), end: s(0xffff_ffff_ffff_0000n) },
    kernelCodeBase: s(0xffff_ffff_8000_0000n),
    frameMetadata: { start: s(0xffff_e000_0000_0000n), end: s(0xffff_e100_0000_0000n) },
    vmalloc: { start: s(0xffff_c000_0000_0000n), end: s(0xffff_e000_0000_0000n) },
    linearMapping: { start: s(0xffff_8000_0000_0000n), end: s(0xffff_c000_0000_0000n) },
  });
}

/** `LINEAR_MAPPING_BASE_VADDR` (48-bit). */
export const LINEAR_MAPPING_BASE_VADDR = 0xffff_8000_0000_0000n;
/** `LINEAR_MAPPING_VADDR_RANGE` (48-bit). */
export const LINEAR_MAPPING_VADDR_RANGE: VaRange = Object.freeze({ start: LINEAR_MAPPING_BASE_VADDR, end: 0xffff_c000_0000_0000n });
/** `VMALLOC_VADDR_RANGE` (48-bit). */
export const KSPACE_VMALLOC_VADDR_RANGE: VaRange = Object.freeze({ start: 0xffff_c000_0000_0000n, end: 0xffff_e000_0000_0000n });
/** `FRAME_METADATA_RANGE` (48-bit). */
export const FRAME_METADATA_RANGE: VaRange = Object.freeze({ start: 0xffff_e000_0000_0000n, end: 0xffff_e100_0000_0000n });
/** `KERNEL_CODE_BASE_VADDR` (48-bit). */
export const KERNEL_CODE_BASE_VADDR = 0xffff_ffff_8000_0000n;
/** `KERNEL_BASE_VADDR .. KERNEL_END_VADDR` (48-bit). */
export const KERNEL_VADDR_SPACE: VaRange = Object.freeze({ start: 0xffff_8000_0000_0000n, end: 0xffff_ffff_ffff_0000n });

/** `paddr_to_vaddr(pa)`: the linear-mapping address of `pa` (48-bit). */
export function paddrToVaddr(pa: number): bigint {
  return LINEAR_MAPPING_BASE_VADDR + BigInt(pa);
}
