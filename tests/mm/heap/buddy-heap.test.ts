import { describe, expect, it } from 'vitest';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';
import { BuddyHeap, splitIntoBlocks } from '../../../kernel-sim/mm/heap/index.js';

describe('buddy_system_allocator 0.9.0 Heap<32>', () => {
  it('add_to_heap cuts a range into aligned power-of-two blocks', () => {
    expect(splitIntoBlocks(0x1040, 0x3000)).toEqual([
      { addr: 0x1040, order: 6 }, { addr: 0x1080, order: 7 }, { addr: 0x1100, order: 8 },
      { addr: 0x1200, order: 9 }, { addr: 0x1400, order: 10 }, { addr: 0x1800, order: 11 }, { addr: 0x2000, order: 12 },
    ]);
    const h = new BuddyHeap();
    expect(h.addToHeap(0x1003, 0x1013)).toBe(8); // rounded in to [0x1008, 0x1010)
    expect(h.freeList(3)).toEqual([0x1008]);
  });

  it('alloc splits the first larger block, lower half first (LIFO lists)', () => {
    const h = new BuddyHeap();
    h.addToHeap(0x10000, 0x20000); // one 64 KiB block
    expect(h.alloc({ size: 100, align: 8 })).toBe(0x10000); // 128-byte block
    expect(h.freeList(7)).toEqual([0x10080]);
    expect(h.alloc({ size: 1, align: 1 })).toBe(0x10080); // 8-byte minimum, split from the 128
    expect(h.alloc({ size: 8, align: 64 })).toBe(0x100c0); // align rounds up the block
    expect(h.allocated).toBe(128 + 8 + 64);
    expect(h.user).toBe(100 + 1 + 8);
    expect(h.alloc({ size: 0x20000, align: 8 })).toBeNull();
  });

  it('dealloc merges XOR buddies back to the original block', () => {
    const h = new BuddyHeap();
    h.addToHeap(0x10000, 0x20000);
    const a = h.alloc({ size: 16, align: 8 })!;
    const b = h.alloc({ size: 16, align: 8 })!;
    h.dealloc(a, { size: 16, align: 8 });
    h.dealloc(b, { size: 16, align: 8 });
    expect(h.freeBlocks()).toEqual([{ addr: 0x10000, order: 16 }]);
    expect(h.allocated).toBe(0);
  });

  it('BSA-01: merging two top-order blocks indexes past the last list (crate 0.9.0 panics)', () => {
    const legacy = new BuddyHeap(4, true);
    legacy.addToHeap(0x40, 0x48);
    legacy.addToHeap(0x48, 0x50); // order 3 at 0x40 and at 0x48, added apart
    const a = legacy.alloc({ size: 8, align: 8 })!;
    expect(() => legacy.dealloc(a, { size: 8, align: 8 })).toThrow(KernelPanic);
    const fixed = new BuddyHeap(4, false);
    fixed.addToHeap(0x40, 0x48);
    fixed.addToHeap(0x48, 0x50);
    const b = fixed.alloc({ size: 8, align: 8 })!;
    fixed.dealloc(b, { size: 8, align: 8 });
    expect(fixed.freeBlockCounts()).toEqual([0, 0, 0, 2]);
  });

  it('removeRange takes a wholly free range out, keeping the parts of merged blocks outside it', () => {
    const h = new BuddyHeap();
    h.addToHeap(0x10000, 0x20000);
    expect(h.removeRange(0x14000, 0x18000)).toBe(true);
    expect(h.total).toBe(0xc000);
    expect(h.freeBlocks()).toEqual([{ addr: 0x10000, order: 14 }, { addr: 0x18000, order: 15 }]);
    const p = h.alloc({ size: 0x4000, align: 8 })!;
    expect(h.removeRange(p, p + 0x4000)).toBe(false);
  });

  it('a block beyond the top order panics in add_to_heap before anything is added', () => {
    const h = new BuddyHeap(4);
    expect(() => h.addToHeap(0, 32)).toThrow(/index out of bounds/);
    expect(h.total).toBe(0);
  });
});
