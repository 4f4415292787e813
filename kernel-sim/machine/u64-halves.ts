/**
 * Scratch for splitting a u64 bigint into its exact u32 halves: store it in {@link U64_SCRATCH},
 * read {@link U64_HALVES}[{@link HI_HALF}] and [{@link LO_HALF}]. Optimized code compiles the store
 * to a plain 64-bit write, while Number() and BigInt.asIntN of bigints above 2^53 call the runtime
 * and allocate. Store and read back to back (nothing in between may reuse the scratch).
 * Internal to machine/ (not exported by index.ts).
 * @module
 */

/** 2^64 - 1: check the range first, the store wraps modulo 2^64. */
export const U64_MAX = (1n << 64n) - 1n;
export const U64_SCRATCH = new BigUint64Array(1);
export const U64_HALVES = new Uint32Array(U64_SCRATCH.buffer);
/** Index of the low half in {@link U64_HALVES} (host byte order). */
export const LO_HALF = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
export const HI_HALF = 1 - LO_HALF;
