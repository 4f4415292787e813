/**
 * Linear (virtual) addresses: bigints in [0, 2^64), because kernel addresses exceed 2^53. The MMU
 * needs a page number and an offset as plain numbers; this decodes them from the address's two
 * u32 halves, without bigint arithmetic, and checks canonicality (bits 63:47 equal for 48-bit,
 * 63:56 for 57-bit addresses; SDM Vol. 3A §3.3.7.1).
 *
 * The page number kept is bits 56:12 (45 bits, exact in a double). For canonical 48-bit addresses
 * bits 56:48 copy bit 47, so the number still identifies the page uniquely.
 * @module
 */
import { KernelSimError } from '../util/errors.js';
import { LinearAddressError } from './cpu-faults.js';

// Splitting a u64 into exact u32 halves: store it in U64, read U32[HI] and U32[LO]. Optimized
// code compiles the store to a plain 64-bit write, where Number() and BigInt.asIntN of bigints
// above 2^53 call the runtime and allocate. Store and read back to back.
const U64_MAX = (1n << 64n) - 1n; // check the range first: the store wraps modulo 2^64
const U64 = new BigUint64Array(1);
const U32 = new Uint32Array(U64.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // host byte order
const HI = 1 - LO;

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
  if (vaddr < 0n || vaddr > U64_MAX) throw new LinearAddressError(vaddr);
  U64[0] = vaddr;
  const hi = U32[HI]!;
  const lo = U32[LO]!;
  const top = hi >> (la57 ? 24 : 15); // bits 63:56 or 63:47 as signed: 0 or -1 when canonical
  if (top !== 0 && top !== -1) return false;
  out.vpn = (hi & 0x1ffffff) * 1048576 + (lo >>> 12);
  out.offset = lo & 0xfff;
  return true;
}

/** Where {@link splitLinear} leaves an address's halves: [bits 63:32, bits 31:0]. */
export const LINEAR_HALVES = new Uint32Array(2);

/**
 * Splits `vaddr` into its u32 halves in {@link LINEAR_HALVES}, without bigint arithmetic.
 * @throws LinearAddressError when `vaddr` is negative or at least 2^64.
 */
export function splitLinear(vaddr: bigint): void {
  if (vaddr < 0n || vaddr > U64_MAX) throw new LinearAddressError(vaddr);
  U64[0] = vaddr;
  LINEAR_HALVES[0] = U32[HI]!;
  LINEAR_HALVES[1] = U32[LO]!;
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


/** The 64-bit linear address with u32 halves `hi` (bits 63:32) and `lo` (bits 31:0). */
export function linearFromHalves(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** A linear address given as halves that are not both u32 integers. */
export class LinearHalvesError extends KernelSimError {
  constructor(readonly hi: number, readonly lo: number) {
    super(`linear address halves hi=${hi} lo=${lo}: each must be an integer in [0, 2^32)`);
  }
}
