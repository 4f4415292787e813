/**
 * Exact power-of-two arithmetic on frame numbers, which can exceed 2^32 (a 2^52-byte space has
 * 2^40 frames). Values below 2^31 take 32-bit integer paths (`Math.clz32`, shifts); larger ones
 * split into 32-bit halves, never rounding.
 * @module
 */

const TWO31 = 2 ** 31;
const TWO32 = 2 ** 32;

/**
 * The largest int32, 2^31 - 1. A small integer to V8, unlike 2^31: `f <= INT32_MAX` on a frame
 * number that the JIT knows is an int32 folds away, where `f < 2 ** 31` is a float compare.
 */
export const INT32_MAX = 0x7fffffff;

/** Number of set bits of a 32-bit word. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Trailing zero bits of a positive integer below 2^53 (x = 0 gives 53). */
export function trailingZeros(x: number): number {
  if (x === 0) return 53;
  // ToInt32 keeps the low 32 bits exactly, whatever the magnitude.
  const lo = x | 0;
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  return 32 + trailingZeros(Math.floor(x / TWO32));
}

/** floor(log2(x)) of a positive integer below 2^53. */
export function floorLog2(x: number): number {
  if (x < TWO32) return 31 - Math.clz32(x);
  return 32 + floorLog2(Math.floor(x / TWO32));
}

/** The crate's `prev_power_of_two`: the largest power of two <= x (x >= 1). */
export function prevPowerOfTwo(x: number): number {
  if (x < TWO31) return 1 << (31 - Math.clz32(x));
  return 2 ** floorLog2(x);
}

/** Rust's `usize::next_power_of_two` as a log2: the smallest k with 2^k >= x (x >= 1). */
export function ceilLog2(x: number): number {
  if (x <= TWO31) return x <= 1 ? 0 : 32 - Math.clz32(x - 1);
  const f = floorLog2(x);
  return 2 ** f === x ? f : f + 1;
}

/** x XOR 2^k for an integer x below 2^53: the buddy of the order-k block at x. */
export function flipBit(x: number, k: number): number {
  if (x < TWO31 && k < 31) return x ^ (1 << k);
  const bit = 2 ** k;
  return Math.floor(x / bit) % 2 === 0 ? x + bit : x - bit;
}
