/**
 * Physical addresses as JS numbers: exact below 2^53, and x86-64 physical addresses stop at
 * 2^52 (MAXPHYADDR), so a number holds every one. Values arriving as bigint (the boot layer's
 * exact u64 fields) are converted here, once, with a check.
 * @module
 */
import { KernelSimError } from '../util/errors.js';

/** The base page size of x86-64: 4 KiB. */
export const PAGE_SIZE = 4096;

/** log2 of {@link PAGE_SIZE}. */
export const PAGE_SHIFT = 12;

/** One past the highest physical address x86-64 can name (MAXPHYADDR = 52 bits). */
export const MAX_PHYS_ADDR = 2 ** 52;

/** A physical address or size that is not a whole number in [0, 2^52]. */
export class BadAddressError extends KernelSimError {
  constructor(readonly what: string, readonly value: number | bigint) {
    super(`${what}: ${formatValue(value)} is not a physical address (a whole number in [0, 2^52])`);
  }
}

/** Formats an address as 0x-prefixed hex (falls back to String for non-integers). */
export function hex(value: number | bigint): string {
  if (typeof value === 'bigint') return (value < 0n ? '-0x' + (-value).toString(16) : '0x' + value.toString(16));
  if (!Number.isInteger(value)) return String(value);
  return value < 0 ? '-0x' + (-value).toString(16) : '0x' + value.toString(16);
}

function formatValue(value: number | bigint): string {
  return typeof value === 'number' && !Number.isInteger(value) ? String(value) : hex(value);
}

/** True when `v` is a whole number in [0, 2^52]. */
export function isPhysAddr(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= MAX_PHYS_ADDR;
}

/**
 * Converts an exact bigint address or length to a number.
 * @param what names the value in the error (e.g. "region base").
 * @throws BadAddressError when the value is negative or above 2^52.
 */
export function physAddrFromBigint(value: bigint, what = 'address'): number {
  if (value < 0n || value > BigInt(MAX_PHYS_ADDR)) throw new BadAddressError(what, value);
  return Number(value);
}

/** Rounds `addr` up to a multiple of `align` (a power of two up to 2^52). */
export function alignUp(addr: number, align: number): number {
  return Math.ceil(addr / align) * align;
}

/** Rounds `addr` down to a multiple of `align` (a power of two up to 2^52). */
export function alignDown(addr: number, align: number): number {
  return Math.floor(addr / align) * align;
}
