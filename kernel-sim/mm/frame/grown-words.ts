/**
 * Growing the typed-array word pools of {@link BlockSet} and {@link FrameBitmap}: they start
 * small (a typed array of up to 64 bytes lives in V8's heap and is cheap to make) and double.
 * @module
 */

/** A copy of `a` with `length` words (the added ones zero). */
export function grown(a: Int32Array, length: number): Int32Array {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}

/**
 * A pool of pages of `page` words (a power of two) grown to reach word `i`: earlier pages in
 * full, the last one's words doubled from `first` (or from what it had) until they reach `i`,
 * at most a page.
 */
export function grownTo(a: Int32Array, i: number, page: number, first: number): Int32Array {
  const pageStart = i & ~(page - 1);
  let words = Math.max(first, (a.length - pageStart) * 2);
  while (pageStart + words <= i) words *= 2;
  return grown(a, pageStart + Math.min(words, page));
}
