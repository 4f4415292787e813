/**
 * The model's record of live heap blocks, so that a bad dealloc is refused with a typed error
 * instead of corrupting the free lists as it would in the kernel.
 * @module
 */
import { HeapDeallocError } from './errors.js';
import { blockSizeOf, showLayout, type Layout } from './layout.js';

/** Who owns a live block. */
export type HeapOwner = 'caller' | 'frame-allocator-btree';

/** One live allocation. */
export interface LiveBlock {
  readonly addr: number;
  readonly layout: Layout;
  /** Bytes of the buddy block. */
  readonly blockSize: number;
  readonly owner: HeapOwner;
}

// Recently freed addresses remembered to tell a double free from a wild pointer.
const FREED_MEMORY = 4096;

/** Live blocks by address, and recently freed addresses. */
export class LiveAllocations {
  private readonly live = new Map<number, LiveBlock>();
  private readonly freed = new Map<number, Layout>();

  /** Number of live blocks. */
  get size(): number {
    return this.live.size;
  }

  /** Records a block handed out. */
  add(addr: number, layout: Layout, owner: HeapOwner): void {
    this.live.set(addr, { addr, layout, blockSize: blockSizeOf(layout), owner });
    this.freed.delete(addr);
  }

  /**
   * Checks that `dealloc(ptr, layout)` frees a live block with the layout it was allocated with.
   * @throws HeapDeallocError saying which rule was broken.
   */
  check(ptr: number, layout: Layout): void {
    const b = this.live.get(ptr);
    if (b) {
      if (b.layout.size !== layout.size || b.layout.align !== layout.align) {
        throw new HeapDeallocError('wrong-layout', ptr, layout, `the block was allocated with ${showLayout(b.layout)}`);
      }
      return;
    }
    for (const o of this.live.values()) {
      if (ptr > o.addr && ptr < o.addr + o.layout.size) {
        throw new HeapDeallocError('interior-pointer', ptr, layout, `it points ${ptr - o.addr} bytes into the live block at 0x${o.addr.toString(16)} (${showLayout(o.layout)})`);
      }
    }
    const f = this.freed.get(ptr);
    if (f) throw new HeapDeallocError('double-free', ptr, layout, `the block was already freed (allocated with ${showLayout(f)})`);
    throw new HeapDeallocError('not-allocated', ptr, layout, 'no live heap block starts there');
  }

  /** Records a block freed. */
  remove(addr: number): void {
    const b = this.live.get(addr);
    if (!b) return;
    this.live.delete(addr);
    this.freed.set(addr, b.layout);
    if (this.freed.size > FREED_MEMORY) this.freed.delete(this.freed.keys().next().value as number);
  }

  /** Live blocks by address. */
  blocks(): LiveBlock[] {
    return [...this.live.values()].sort((a, b) => a.addr - b.addr);
  }
}
