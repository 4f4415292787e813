import { describe, expect, it } from 'vitest';
import { bootKernel } from '../../../kernel-sim/kernel/index.js';
import { U32, U64, VmIoRangeError } from '../../../kernel-sim/mm/io/index.js';
import { UseAfterDropError } from '../../../kernel-sim/mm/page/index.js';

const boot = () => bootKernel('datasets/mbi/q35-128M.mbi', { check: true });

describe('Frame, Segment and FrameVec handles', () => {
  it('a Frame reads back what it wrote, is zeroed on allocation, and returns to the allocator on its last drop', () => {
    const k = boot();
    const free = k.frameAllocator.buddy.free;
    const f = k.frames.allocSingle()!;
    expect(f.readVal(0, U64)).toBe(0n);
    f.writeVal(8, U32, 0xdeadbeef);
    const g = f.clone();
    expect(g.readVal(8, U32)).toBe(0xdeadbeef);
    expect(f.page.count()).toBe(2);
    f.drop();
    expect(k.frameAllocator.buddy.free).toBe(free - 1);
    g.drop();
    expect(k.frameAllocator.buddy.free).toBe(free);
    expect(() => g.readVal(0, U32)).toThrowError(UseAfterDropError);
    expect(k.checkAll().flatMap((t) => t.violations)).toEqual([]);
  });

  it('Frame access past its 4 KiB is refused and writes nothing', () => {
    const k = boot();
    const f = k.frames.allocSingle()!;
    expect(() => f.writeBytes(4090, new Uint8Array(8).fill(7))).toThrowError(VmIoRangeError);
    const back = new Uint8Array(6);
    f.readBytes(4090, back);
    expect([...back]).toEqual([0, 0, 0, 0, 0, 0]);
    f.drop();
  });

  it('Segment getters and range follow FG4.6: [2, 8).range([3, 4)) == [5, 6)', () => {
    const k = boot();
    const seg = k.frames.allocContiguous(8)!;
    const start = seg.startFrameIndex();
    const a = seg.range(2, 8);
    const b = a.range(3, 4);
    expect(b.startFrameIndex() - start).toBe(5);
    expect(b.nframes()).toBe(1);
    expect(b.nbytes()).toBe(4096);
    expect(b.endPaddr()).toBe((start + 6) * 4096);
    b.writeVal(0, U64, 42n);
    expect(seg.readVal(5 * 4096, U64)).toBe(42n);
    expect(() => a.range(4, 7)).toThrowError(/not within the segment's 6 frames/);
  });

  it('a Segment returns its frames only when its last handle drops', () => {
    const k = boot();
    const free = k.frameAllocator.buddy.free;
    const seg = k.frames.allocContiguous(4)!;
    const part = seg.range(1, 2);
    const copy = seg.clone();
    seg.drop();
    copy.drop();
    expect(k.frameAllocator.buddy.free).toBe(free - 4);
    expect(part.readVal(0, U64)).toBe(0n);
    part.drop();
    expect(k.frameAllocator.buddy.free).toBe(free);
    expect(() => part.drop()).toThrowError(UseAfterDropError);
    expect(k.checkAll().flatMap((t) => t.violations)).toEqual([]);
  });

  it('a FrameVec reads and writes across its frames in order', () => {
    const k = boot();
    const v = k.frames.alloc(3)!;
    const data = new Uint8Array(6000).map((_, i) => i % 251);
    v.writeBytes(3000, data);
    const back = new Uint8Array(6000);
    v.readBytes(3000, back);
    expect(back).toEqual(data);
    const second = new Uint8Array(4096);
    v.frames[1]!.readBytes(0, second);
    expect(second.subarray(0, 10)).toEqual(data.subarray(1096, 1106));
    expect(() => v.readBytes(3 * 4096 - 1, new Uint8Array(2))).toThrowError(VmIoRangeError);
    v.drop();
    expect(k.checkAll().flatMap((t) => t.violations)).toEqual([]);
  });
});
