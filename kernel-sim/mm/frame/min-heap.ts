/**
 * A binary min-heap of numbers in a growable Float64Array (frame numbers exceed 2^32).
 * @module
 */

/** Min-heap of non-negative numbers. */
export class MinHeap {
  private data = new Float64Array(16);
  private len = 0;

  /** Number of entries. */
  get size(): number {
    return this.len;
  }

  /** The smallest entry, or undefined when empty. */
  peek(): number | undefined {
    return this.len > 0 ? this.data[0] : undefined;
  }

  /** Adds `x`. */
  push(x: number): void {
    if (this.len === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const d = this.data;
    let i = this.len++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = d[parent]!;
      if (p <= x) break;
      d[i] = p;
      i = parent;
    }
    d[i] = x;
  }

  /** Removes and returns the smallest entry (undefined when empty). */
  pop(): number | undefined {
    if (this.len === 0) return undefined;
    const d = this.data;
    const top = d[0]!;
    const last = d[--this.len]!;
    if (this.len > 0) this.siftDown(0, last);
    return top;
  }

  /** Replaces the contents with `values` (O(n) heapify). */
  rebuild(values: Iterable<number>): void {
    const arr = Float64Array.from(values);
    this.data = new Float64Array(Math.max(16, arr.length * 2));
    this.data.set(arr);
    this.len = arr.length;
    for (let i = (this.len >> 1) - 1; i >= 0; i--) this.siftDown(i, this.data[i]!);
  }

  private siftDown(i: number, x: number): void {
    const d = this.data;
    const n = this.len;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && d[r]! < d[c]!) c = r;
      if (d[c]! >= x) break;
      d[i] = d[c]!;
      i = c;
    }
    d[i] = x;
  }
}
