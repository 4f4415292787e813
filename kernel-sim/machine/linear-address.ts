/**
 * Linear (virtual) addresses: bigints in [0, 2^64), because kernel addresses exceed 2^53. The MMU
 * needs a page number and an offset as plain numbers; this decodes them with one bigint-to-number
 * conversion in the common cases and checks canonicality (bits 63:47 equal for 48-bit, 63:56 for
 * 57-bit addresses; SDM Vol. 3A §3.3.7.1).
 *
 * The page number kept is bits 56:12 (45 bits, exact in a double). For canonical 48-bit addresses
 * bits 56:48 copy bit 47, so the number still identifies the page uniquely.
 * @module
 */
import { LinearAddressError } from './cpu-faults.js';

const TWO45 = 2 ** 45;
const TWO47 = 2 ** 47;
const TWO53 = 2 ** 53;
const TWO56 = 2 ** 56;
const TWO63 = 2 ** 63;
const U64_MAX = (1n << 64n) - 1n;

/** Decoded linear address: a scratch object the caller owns and reuses. */
export interface LinearParts {
  /** Bits 56:12 of the address. */
  vpn: number;
  /** Bits 11:0. */
  offset: number;
}

/**
 * Decodes `vaddr` into `out`.
 * @returns false when the address is not canonical for the paging mode (the caller raises #GP).
 * @throws LinearAddressError when `vaddr` is negative or at least 2^64.
 */
export function decodeLinear(vaddr: bigint, la57: boolean, out: LinearParts): boolean {
  const n = Number(vaddr);
  if (n >= 0 && n < TWO53) {
    // Exact: a lower-half address (user space).
    if (n >= (la57 ? TWO56 : TWO47)) return false;
    const vpn = Math.floor(n / 4096);
    out.vpn = vpn;
    out.offset = n - vpn * 4096;
    return true;
  }
  if (vaddr < 0n || vaddr > U64_MAX) throw new LinearAddressError(vaddr);
  if (n >= TWO63) {
    // Upper half: as a signed value a canonical address is small enough to be exact.
    const s = Number(BigInt.asIntN(64, vaddr));
    if (s > -TWO53) {
      if (s < (la57 ? -TWO56 : -TWO47)) return false;
      const q = Math.floor(s / 4096);
      out.vpn = q + TWO45;
      out.offset = s - q * 4096;
      return true;
    }
  }
  return decodeSplit(vaddr, la57, out);
}

// The rare remainder (57-bit addresses beyond +-2^53, non-canonical ones): split into halves.
function decodeSplit(vaddr: bigint, la57: boolean, out: LinearParts): boolean {
  const hi = Number(vaddr >> 32n);
  const lo = Number(vaddr & 0xffffffffn);
  const top = la57 ? hi >>> 24 : hi >>> 15;
  if (top !== 0 && top !== (la57 ? 0xff : 0x1ffff)) return false;
  out.vpn = (hi & 0x1ffffff) * 1048576 + Math.floor(lo / 4096);
  out.offset = lo % 4096;
  return true;
}

/** True when `vaddr` is canonical for 48-bit (`la57` false) or 57-bit linear addresses. */
export function isCanonical(vaddr: bigint, la57: boolean): boolean {
  return decodeLinear(vaddr, la57, { vpn: 0, offset: 0 });
}

/** Rebuilds the canonical linear address of page number `vpn` (bits 56:12) plus `offset`. */
export function linearFromVpn(vpn: number, offset: number, la57: boolean): bigint {
  const raw = (BigInt(vpn) << 12n) | BigInt(offset);
  const signBit = la57 ? 56n : 47n;
  const width = signBit + 1n;
  return BigInt.asUintN(64, BigInt.asIntN(Number(width), raw & ((1n << width) - 1n)));
}

/** Index into the paging structure of `level` (1 = PT .. 5 = PML5) for page number `vpn`. */
export function tableIndex(vpn: number, level: number): number {
  return Math.floor(vpn / 2 ** (9 * (level - 1))) % 512;
}

