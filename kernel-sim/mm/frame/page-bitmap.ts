/**
 * A dense hierarchical bitmap over small non-negative integers (below 2^31), grown on demand:
 * level 0 holds one bit per position, each higher level one bit per non-zero word below it, so
 * the lowest set position is found with one `Math.clz32` per level. {@link BlockSet} keeps its
 * non-empty pages here.
 * @module
 */

/** A growable set of integers in [0, 2^31) that finds its minimum in O(levels). */
export class PageBitmap {
  // levels[0] = bits of positions; levels[i + 1] = one bit per non-zero word of levels[i].
  private levels: Int32Array[] = [new Int32Array(1)];
  private capacity = 32;

  /** True when `p` is in the set. */
  has(p: number): boolean {
    if (p >= this.capacity) return false;
    return (this.levels[0]![p >>> 5]! & (1 << (p & 31))) !== 0;
  }

  /** Adds `p` (0 <= p < 2^31). */
  add(p: number): void {
    if (p >= this.capacity) this.grow(p);
    const levels = this.levels;
    for (let l = 0; l < levels.length; l++) {
      const w = levels[l]!;
      const i = p >>> 5;
      const old = w[i]!;
      w[i] = old | (1 << (p & 31));
      if (old !== 0) return;
      p = i;
    }
  }

  /** Removes `p`. */
  delete(p: number): void {
    if (p >= this.capacity) return;
    const levels = this.levels;
    for (let l = 0; l < levels.length; l++) {
      const w = levels[l]!;
      const i = p >>> 5;
      const now = w[i]! & ~(1 << (p & 31));
      w[i] = now;
      if (now !== 0) return;
      p = i;
    }
  }

  /** The lowest position in the set, or -1 when empty. */
  min(): number {
    const levels = this.levels;
    let p = 0;
    for (let l = levels.length - 1; l >= 0; l--) {
      const word = levels[l]![p]!;
      if (word === 0) return -1;
      p = (p << 5) | (31 - Math.clz32(word & -word));
    }
    return p;
  }

  /** The lowest position >= `from` in the set, or -1 (for ordered iteration). */
  next(from: number): number {
    for (let p = from; p < this.capacity; ) {
      const word = this.levels[0]![p >>> 5]! & (-1 << (p & 31));
      if (word !== 0) return (p & ~31) | (31 - Math.clz32(word & -word));
      p = (p & ~31) + 32;
    }
    return -1;
  }

  // Rebuilds the levels with room for position `p` (rare: the set's range only widens).
  private grow(p: number): void {
    let capacity = this.capacity;
    while (capacity <= p) capacity *= 32;
    const old = this.levels[0]!;
    const levels: Int32Array[] = [];
    for (let words = capacity >>> 5; ; words = Math.ceil(words / 32)) {
      levels.push(new Int32Array(words));
      if (words === 1) break;
    }
    levels[0]!.set(old);
    for (let l = 0; l + 1 < levels.length; l++) {
      const below = levels[l]!;
      const above = levels[l + 1]!;
      for (let i = 0; i < below.length; i++) if (below[i] !== 0) above[i >>> 5]! |= 1 << (i & 31);
    }
    this.levels = levels;
    this.capacity = capacity;
  }
}
