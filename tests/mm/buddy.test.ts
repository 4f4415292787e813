import { describe, it, expect } from 'vitest';
import { BuddyFrameAllocator, FrameAllocatorError, checkFreeLists, freeListProblems } from '../../kernel-sim/mm/frame/index.js';

function expectUnchanged(b: BuddyFrameAllocator, fn: () => void) {
  const before = { counts: b.freeBlockCounts(), free: b.free, alloc: b.allocated };
  expect(fn).toThrow(FrameAllocatorError);
  expect({ counts: b.freeBlockCounts(), free: b.free, alloc: b.allocated }).toEqual(before);
  checkFreeLists(b);
}

describe('BuddyFrameAllocator (buddy_system_allocator 0.9.0 FrameAllocator<ORDER>)', () => {
  it('matches the crate doc example: add_frame(0, 3); alloc(1) = 2; alloc(2) = 0', () => {
    const b = new BuddyFrameAllocator();
    expect(b.alloc(1)).toBeNull();
    b.addFrame(0, 3);
    expect(b.alloc(1)).toBe(2);
    expect(b.alloc(2)).toBe(0);
    checkFreeLists(b);
  });

  it('cuts added ranges into aligned power-of-two blocks, capping frame 0 at 32 frames', () => {
    const b = new BuddyFrameAllocator();
    b.addFrame(0, 100);
    // [0,32) by the lowbit(0)=32 quirk, [32,64), [64,96), [96,100)
    expect(b.freeBlocks(5)).toEqual([0, 32, 64]);
    expect(b.freeBlocks(2)).toEqual([96]);
    const c = new BuddyFrameAllocator();
    c.addFrame(3, 20);
    expect([c.freeBlocks(0), c.freeBlocks(2), c.freeBlocks(3)]).toEqual([[3], [4, 16], [8]]);
    expect(c.total).toBe(17);
  });

  it('has ORDER free lists: the largest block of FrameAllocator<32> is 2^31 frames', () => {
    const b = new BuddyFrameAllocator();
    b.addFrame(2 ** 31, 2 ** 33);
    expect(b.freeBlockCounts().length).toBe(32);
    expect(b.freeBlocks(31)).toEqual([2 ** 31, 2 ** 32, 2 ** 32 + 2 ** 31]);
    expect(b.alloc(2 ** 31)).toBe(2 ** 31);
    expect(b.alloc(2 ** 31 + 1)).toBeNull(); // rounds to 2^32: no such list
  });

  it('rounds a request up to a power of two and hands out the whole aligned block', () => {
    const b = new BuddyFrameAllocator();
    b.addFrame(64, 128);
    expect(b.alloc(3)).toBe(64);
    expect(b.allocated).toBe(4);
    expect(b.isRangeAllocated(64, 4)).toBe(true);
    expect(b.alloc(5)).toBe(72); // 8-aligned
    // dealloc rounds the same way: (64, 3) frees the 4-frame block
    b.dealloc(64, 3);
    expect(b.allocated).toBe(8);
    checkFreeLists(b);
  });

  it('takes the lowest block of the smallest sufficient order and merges buddies on free', () => {
    const b = new BuddyFrameAllocator();
    b.addFrame(64, 128);
    const got = [b.alloc(1), b.alloc(1), b.alloc(2), b.alloc(1)];
    expect(got).toEqual([64, 65, 66, 68]);
    for (const f of [64, 65, 68]) b.dealloc(f, 1);
    b.dealloc(66, 2);
    expect(b.freeBlocks(6)).toEqual([64]);
    expect(b.free).toBe(64);
    checkFreeLists(b);
  });

  it('frees an allocated block frame by frame (as Frame drops do)', () => {
    const b = new BuddyFrameAllocator();
    b.addFrame(0, 16);
    const s = b.alloc(8)!;
    for (let i = 0; i < 8; i++) b.dealloc(s + i, 1);
    expect(b.freeBlocks(4)).toEqual([0]);
    checkFreeLists(b);
  });

  it('refuses bad input with typed errors and leaves the state unchanged', () => {
    const b = new BuddyFrameAllocator();
    b.addFrame(0, 64);
    const a = b.alloc(4)!;
    b.alloc(1);
    expectUnchanged(b, () => b.alloc(0));
    expectUnchanged(b, () => b.alloc(1.5));
    expectUnchanged(b, () => b.dealloc(a, 0));
    expectUnchanged(b, () => b.dealloc(a + 1, 2)); // unaligned
    expectUnchanged(b, () => b.dealloc(-1, 1));
    expectUnchanged(b, () => b.dealloc(40, 1)); // free frame
    expectUnchanged(b, () => b.dealloc(a, 8)); // overlaps a free block
    expectUnchanged(b, () => b.dealloc(1000, 1)); // never added
    expectUnchanged(b, () => b.dealloc(0, 2 ** 33));
    b.dealloc(a, 4);
    expectUnchanged(b, () => b.dealloc(a, 4)); // double free
    const e = (() => { try { b.dealloc(a, 4); } catch (x) { return x as FrameAllocatorError; } })()!;
    expect(e.fn).toBe('dealloc');
    expect(e.value).toBe(a);
  });

  it('stops merging at the top order; legacyTopOrderMerge loses the block as crate 0.9.0 does', () => {
    for (const legacy of [false, true]) {
      const b = new BuddyFrameAllocator({ order: 4, legacyTopOrderMerge: legacy });
      b.addFrame(16, 32); // two order-3 blocks (top order 3)
      const x = b.alloc(8)!;
      b.dealloc(x, 8);
      if (legacy) {
        expect(b.lostFrames).toBe(16);
        expect(b.free).toBe(0);
        expect(b.alloc(1)).toBeNull();
      } else {
        expect(b.freeBlocks(3)).toEqual([16, 24]);
        expect(b.free).toBe(16);
      }
      checkFreeLists(b);
    }
  });

  it('reports overlapping added ranges (what MEM-01 regions would cause)', () => {
    const b = new BuddyFrameAllocator();
    b.addFrame(8, 16);
    b.addFrame(12, 16);
    expect(freeListProblems(b).join('\n')).toMatch(/overlaps/);
    expect(() => checkFreeLists(b)).toThrow(/inconsistent/);
  });
});
