import { describe, it, expect } from 'vitest';
import { bugSet } from '../../kernel-sim/bugs/index.js';
import { loadLayout } from '../../kernel-sim/boot/index.js';
import { PhysicalMemory } from '../../kernel-sim/machine/index.js';
import { FrameAllocator, FrameAllocatorError, framesOf, usableFrameSpans } from '../../kernel-sim/mm/frame/index.js';

function unchanged(fa: FrameAllocator, fn: () => void) {
  const before = { counts: fa.buddy.freeBlockCounts(), inUse: fa.framesInUse, alloc: fa.buddy.allocated };
  expect(fn).toThrow(FrameAllocatorError);
  expect({ counts: fa.buddy.freeBlockCounts(), inUse: fa.framesInUse, alloc: fa.buddy.allocated }).toEqual(before);
  fa.checkFreeLists();
}

/** Frames 0..63 with every other frame pinned: 32 free single frames, no pair. */
function checkerboard(bugs: string[] = []) {
  const fa = new FrameAllocator([{ start: 64, end: 128 }], { bugs: bugSet(bugs) });
  const all = Array.from({ length: 64 }, () => fa.allocSingle()!);
  for (const f of all) if (f % 2 === 0) fa.dealloc(f, 1);
  return fa;
}

describe('FrameAllocator.init (FG2.1)', () => {
  it('takes the Usable regions of a real 1 TiB map, page-aligned inward', () => {
    const { regions } = loadLayout('datasets/mbi/q35-1T.mbi');
    const spans = usableFrameSpans(regions);
    for (const s of spans) expect(s.end).toBeGreaterThan(s.start);
    const fa = FrameAllocator.init(regions);
    const usable = regions.filter((r) => r.type === 'Usable').reduce((a, r) => a + Number(r.len), 0);
    expect(fa.buddy.total * 4096).toBeLessThanOrEqual(usable);
    expect(fa.buddy.total * 4096).toBeGreaterThan(usable - spans.length * 8192);
    expect(fa.buddy.total).toBeGreaterThan(2 ** 28 - 2 ** 20);
    fa.checkFreeLists();
  });

  it('skips regions smaller than a page after alignment', () => {
    const fa = FrameAllocator.init([
      { base: 0x1001n, len: 0xffen, type: 'Usable' },
      { base: 0x10800n, len: 0x2000n, type: 'Usable' },
      { base: 0x20000n, len: 0x4000n, type: 'Reserved' },
    ]);
    expect(fa.buddy.total).toBe(1); // only [0x11000, 0x12000)
    expect(fa.allocSingle()).toBe(0x11);
  });
});

describe('alloc and ALO-02 (FG2.2)', () => {
  it('audited: alloc(n) fails when no contiguous block exists, though enough frames are free', () => {
    const fa = checkerboard(['ALO-02']);
    expect(fa.buddy.free).toBe(32);
    expect(fa.alloc(10)).toBeNull();
    fa.checkFreeLists();
  });

  it('fixed: alloc(n) falls back to smaller blocks and returns exactly n frames', () => {
    const fa = checkerboard();
    const v = fa.alloc(10)!;
    expect(v.nframes).toBe(10);
    const frames = framesOf(v);
    expect(new Set(frames).size).toBe(10);
    expect(v.ranges.length).toBe(10);
    expect(fa.framesInUse).toBe(42);
    expect(fa.strandedFrames).toBe(0);
    expect(fa.alloc(23)).toBeNull(); // only 22 left: nothing kept
    expect(fa.framesInUse).toBe(42);
    fa.deallocVec(v);
    fa.checkFreeLists();
  });

  it('prefers the contiguous block when there is one', () => {
    const fa = new FrameAllocator([{ start: 0, end: 64 }]);
    const v = fa.alloc(16)!;
    expect(v.ranges).toEqual([{ start: 0, count: 16 }]);
  });
});

describe('allocSingle, allocContiguous, dealloc (FG2.3-2.5)', () => {
  it('RTL-01: leaves the rounding tail allocated and unheld (stranded) when freed frame by frame', () => {
    const fa = new FrameAllocator([{ start: 0, end: 64 }], { bugs: bugSet('RTL-01') });
    const seg = fa.allocContiguous(3)!;
    expect(seg).toEqual({ start: 0, count: 3, usage: 'Frame' });
    expect(fa.strandedFrames).toBe(1);
    for (let i = 0; i < 3; i++) fa.dealloc(seg.start + i, 1);
    // At 232e62b each Frame drop frees one frame: frame 3 is never returned.
    expect(fa.buddy.allocated).toBe(1);
    expect(fa.strandedFrames).toBe(1);
    fa.checkFreeLists();
  });

  it('fixed RTL-01: the tail goes back at allocation; frame-by-frame frees return everything', () => {
    const fa = new FrameAllocator([{ start: 0, end: 64 }]);
    const seg = fa.allocContiguous(5)!;
    expect(fa.buddy.allocated).toBe(5);
    expect(fa.strandedFrames).toBe(0);
    expect(fa.allocSingle()).toBe(5); // the tail's first frame is free again
    for (let i = 0; i < 5; i++) fa.dealloc(seg.start + i, 1);
    fa.dealloc(5, 1);
    expect(fa.buddy.allocated).toBe(0);
    expect(fa.buddy.freeBlockCounts()[6]).toBe(1); // merged back into one 64-frame block
    fa.checkFreeLists();
    const v = fa.alloc(3)!;
    fa.dealloc(v.ranges[0]!.start, 3); // exactly the 3 frames
    expect(fa.buddy.allocated).toBe(0);
    fa.checkFreeLists();
  });

  it('RTL-01: dealloc(start, n) frees the whole rounded block, as the crate does', () => {
    const fa = new FrameAllocator([{ start: 0, end: 64 }], { bugs: bugSet('RTL-01') });
    const seg = fa.allocContiguous(3)!;
    fa.dealloc(seg.start, 3);
    expect(fa.buddy.allocated).toBe(0);
    expect(fa.strandedFrames).toBe(0);
  });

  it('refuses bad deallocs and counts with typed errors, state unchanged', () => {
    const fa = new FrameAllocator([{ start: 0, end: 64 }]);
    const seg = fa.allocContiguous(4)!;
    const one = fa.allocSingle()!;
    unchanged(fa, () => fa.alloc(0));
    unchanged(fa, () => fa.allocContiguous(-2));
    unchanged(fa, () => fa.dealloc(seg.start, 0));
    unchanged(fa, () => fa.dealloc(seg.start + 3, 3)); // frame 5 was never handed out
    unchanged(fa, () => fa.dealloc(40, 1)); // free
    unchanged(fa, () => fa.dealloc(one, 2)); // partial overlap with a free frame
    unchanged(fa, () => fa.dealloc(1e6, 1)); // never in RAM
    fa.dealloc(one, 1);
    unchanged(fa, () => fa.dealloc(one, 1)); // double free
    expect(fa.alloc(2 ** 40)).toBeNull();
  });

  it('returns null when memory is exhausted', () => {
    const fa = new FrameAllocator([{ start: 8, end: 10 }]);
    expect(fa.allocSingle()).toBe(8);
    expect(fa.allocSingle()).toBe(9);
    expect(fa.allocSingle()).toBeNull();
    expect(fa.allocContiguous(1)).toBeNull();
  });
});

describe('allocation options and ALO-04', () => {
  it('zeroes allocated frames through machine memory by default, not when zeroed: false', () => {
    const memory = new PhysicalMemory([{ start: 0, end: 64 * 4096 }]);
    const fa = new FrameAllocator([{ start: 0, end: 64 }], { memory });
    memory.fill(0, 64 * 4096, 0x5a);
    const f = fa.allocSingle({ zeroed: false })!;
    expect(memory.readU8(f * 4096)).toBe(0x5a);
    const g = fa.allocSingle()!;
    expect(memory.readU64(g * 4096 + 8)).toBe(0n);
    const seg = fa.allocContiguous(2)!;
    expect(memory.readBytes(seg.start * 4096, 8192).every((b) => b === 0)).toBe(true);
  });

  it('audited ALO-04 accepts only general-purpose Frame usage; fixed accepts any usage', () => {
    const audited = new FrameAllocator([{ start: 0, end: 64 }], { bugs: bugSet('ALO-04') });
    unchanged(audited, () => audited.allocSingle({ usage: 'PageTable' }));
    expect(audited.allocSingle({ usage: 'Frame' })).not.toBeNull();
    const fixed = new FrameAllocator([{ start: 0, end: 64 }]);
    expect(fixed.allocContiguous(1, { usage: 'PageTable' })!.usage).toBe('PageTable');
    unchanged(fixed, () => fixed.allocSingle({ usage: 'Bogus' as never }));
  });
});
