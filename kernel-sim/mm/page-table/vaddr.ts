/**
 * Virtual addresses (bigint, as kernel ones exceed 2^53) and the virtual page numbers the
 * cursor computes with (numbers: the low `addressWidth` bits / 4096).
 * @module
 */
import type { PagingConsts } from './paging-consts.js';

const U64 = (1n << 64n) - 1n;

/** True when `va` is a canonical address for `width` bits (bits 63..width-1 all equal). */
export function isCanonical(va: bigint, width: number): boolean {
  if (va < 0n || va > U64) return false;
  const top = va >> BigInt(width - 1);
  return top === 0n || top === (1n << BigInt(65 - width)) - 1n;
}

/** The virtual page number of `va` (its low `addressWidth` bits, shifted by 12). */
export function vpnOf(c: PagingConsts, va: bigint): number {
  return Number((va & ((1n << BigInt(c.addressWidth)) - 1n)) >> 12n);
}

/** The canonical (sign-extended) address of virtual page `vpn`. */
export function vaOfVpn(c: PagingConsts, vpn: number): bigint {
  const low = BigInt(vpn) << 12n;
  const w = BigInt(c.addressWidth);
  return (low >> (w - 1n)) & 1n ? (low | (U64 ^ ((1n << w) - 1n))) : low;
}

/** The vpn one past the end of an exclusive range end `end` (which may be the top, 2^width). */
export function endVpnOf(c: PagingConsts, end: bigint): number {
  // An end at the very top of the high half wraps to 0 in the low bits: it is 2^width.
  const v = vpnOf(c, end);
  return v === 0 && end !== 0n ? 2 ** (c.addressWidth - 12) : v;
}
