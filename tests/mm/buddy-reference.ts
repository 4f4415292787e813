/**
 * A plain reference of `buddy_system_allocator` 0.9's `FrameAllocator<ORDER>`: each free list a
 * sorted array (the crate's `BTreeSet`), `alloc_power_of_two` and `dealloc_power_of_two`
 * written as the crate writes them, with no checks. The property tests hold the fast model to it.
 */
export class ReferenceBuddy {
  readonly lists: number[][];
  total = 0;
  allocated = 0;

  constructor(readonly order = 32, readonly legacyTopOrderMerge = false) {
    this.lists = Array.from({ length: order }, () => []);
  }

  addFrame(start: number, end: number): void {
    let cur = start;
    while (cur < end) {
      const lowbit = cur > 0 ? lowestBit(cur) : 32;
      const size = Math.min(lowbit, 2 ** Math.floor(Math.log2(end - cur) + 1e-9), 2 ** (this.order - 1));
      this.total += size;
      insert(this.lists[Math.log2(size)]!, cur);
      cur += size;
    }
  }

  alloc(count: number): number | null {
    let size = 1;
    while (size < count) size *= 2;
    const cls = Math.log2(size);
    for (let i = cls; i < this.order; i++) {
      if (this.lists[i]!.length === 0) continue;
      for (let j = i; j > cls; j--) {
        const block = this.lists[j]![0]!;
        insert(this.lists[j - 1]!, block + 2 ** (j - 1));
        insert(this.lists[j - 1]!, block);
        remove(this.lists[j]!, block);
      }
      const result = this.lists[cls]![0]!;
      remove(this.lists[cls]!, result);
      this.allocated += size;
      return result;
    }
    return null;
  }

  dealloc(start: number, count: number): void {
    let size = 1;
    while (size < count) size *= 2;
    let ptr = start;
    let c = Math.log2(size);
    // Crate 0.9.0 merges at the top order too and then drops the block; the fix stops there.
    const limit = this.legacyTopOrderMerge ? this.order : this.order - 1;
    for (;;) {
      if (c >= limit) {
        if (c < this.order) insert(this.lists[c]!, ptr);
        break;
      }
      const bit = 2 ** c;
      const buddy = Math.floor(ptr / bit) % 2 === 0 ? ptr + bit : ptr - bit;
      if (remove(this.lists[c]!, buddy)) {
        ptr = Math.min(ptr, buddy);
        c++;
      } else {
        insert(this.lists[c]!, ptr);
        break;
      }
    }
    this.allocated -= size;
  }
}

function lowestBit(x: number): number {
  let b = 1;
  while ((x / b) % 2 === 0) b *= 2;
  return b;
}

function search(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insert(a: number[], x: number): void {
  const i = search(a, x);
  if (a[i] !== x) a.splice(i, 0, x);
}

function remove(a: number[], x: number): boolean {
  const i = search(a, x);
  if (a[i] !== x) return false;
  a.splice(i, 1);
  return true;
}
