import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PhysicalMemory, PhysicalMemoryFault } from '../../../kernel-sim/machine/index.js';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';
import {
  I32, IoArgumentError, LINEAR_MAPPING_BASE_VADDR, PhysRangeIo, PhysRangeListIo, PodValueError, U16, U32, U64, U8, VmIoRangeError,
  POD_SCALARS, podArray, podBytes, podStruct, type PodScalarKind, type VmIo,
} from '../../../kernel-sim/mm/io/index.js';

const mem = (): PhysicalMemory => new PhysicalMemory([{ start: 0, end: 0x10000 }, { start: 0x20000, end: 0x30000 }]);
const seq = (n: number, from = 0): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

const Entry = podStruct({ id: { offset: 0, type: U32 }, score: { offset: 4, type: I32 }, addr: { offset: 8, type: U64 } });

describe('PhysRangeIo (Frame, Segment)', () => {
  it('reads and writes bytes at offsets of its range', () => {
    const m = mem();
    const io = new PhysRangeIo(m, 0x3000, 0x1000, { typeName: 'Frame' });
    io.writeBytes(0x10, seq(32));
    expect(m.readBytes(0x3010, 32)).toEqual(seq(32));
    const buf = new Uint8Array(8);
    io.readBytes(0x18, buf);
    expect(buf).toEqual(seq(8, 8));
    expect(io.size).toBe(0x1000);
    expect(io.endPaddr).toBe(0x4000);
  });

  it('hands out a reader and writer over its range', () => {
    const io = new PhysRangeIo(mem(), 0x3000, 0x1000);
    expect(io.reader().cursor()).toBe(LINEAR_MAPPING_BASE_VADDR + 0x3000n);
    expect(io.writer().avail()).toBe(0x1000);
  });

  it('reads and writes Pod values, slices and structs', () => {
    const io: VmIo = new PhysRangeIo(mem(), 0x20000, 0x2000);
    io.writeVal(0, U64, 0x0123456789abcdefn);
    expect(io.readVal(0, U64)).toBe(0x0123456789abcdefn);
    expect(io.readVal(0, U8)).toBe(0xef);
    io.writeSlice(8, U16, [1, 2, 3]);
    const s = [0, 0, 0];
    io.readSlice(8, U16, s);
    expect(s).toEqual([1, 2, 3]);
    const e = { id: 7, score: -3, addr: 0xffff800000001000n };
    io.writeVal(0x100, Entry, e);
    expect(io.readVal(0x100, Entry)).toEqual(e);
    expect(io.readVal(0x100, podArray(Entry, 1))).toEqual([e]);
  });

  it.each([
    ['read_bytes', (io: PhysRangeIo) => io.readBytes(0xffd, new Uint8Array(4))],
    ['write_bytes', (io: PhysRangeIo) => io.writeBytes(0x1000, new Uint8Array(1))],
    ['read_bytes', (io: PhysRangeIo) => io.readVal(0xff9, U64)],
    ['write_bytes', (io: PhysRangeIo) => io.writeVal(0xffe, U32, 1)],
    ['write_bytes', (io: PhysRangeIo) => io.writeSlice(0xff0, U32, [1, 2, 3, 4, 5])],
    ['read_bytes', (io: PhysRangeIo) => io.readSlice(0xff0, U32, [1, 2, 3, 4, 5])],
  ])('refuses an access past the end (%s) with the offset, length and size, touching nothing', (fn, access) => {
    const m = mem();
    const io = new PhysRangeIo(m, 0x3000, 0x1000, { typeName: 'Frame' });
    let err: unknown;
    try { access(io); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(VmIoRangeError);
    const r = err as VmIoRangeError;
    expect(r.fn).toBe(`Frame::${fn}`);
    expect(r.size).toBe(0x1000);
    expect(r.offset + r.length).toBeGreaterThan(0x1000);
    expect(r.message).toMatch(new RegExp(`offset ${r.offset} \\+ length ${r.length} exceeds the object's size 4096`));
    expect(m.touchedPages).toBe(0);
  });

  it('reports usize overflow as Overflow', () => {
    const io = new PhysRangeIo(mem(), 0, 0x1000);
    expect(() => io.readBytes(Number.MAX_SAFE_INTEGER, new Uint8Array(2))).toThrow(expect.objectContaining({ code: 'Overflow' }));
  });

  it.each([-1, 0.5, NaN])('refuses offset %s', (off) => {
    const io = new PhysRangeIo(mem(), 0, 0x1000);
    expect(() => io.readBytes(off, new Uint8Array(1))).toThrow(IoArgumentError);
    expect(() => io.writeVal(off, U8, 1)).toThrow(IoArgumentError);
  });

  it('refuses a bad range at construction', () => {
    expect(() => new PhysRangeIo(mem(), -4096, 10)).toThrow(IoArgumentError);
    expect(() => new PhysRangeIo(mem(), 0, 1.5)).toThrow(IoArgumentError);
    expect(() => new PhysRangeIo(mem(), 2 ** 46 - 10, 4096)).toThrow(/inside the linear mapping/);
  });

  it('faults on RAM holes at access time, writing nothing', () => {
    const m = mem();
    const io = new PhysRangeIo(m, 0xf000, 0x2000);
    expect(() => io.writeBytes(0xff0, seq(0x20))).toThrow(PhysicalMemoryFault);
    expect(m.touchedPages).toBe(0);
  });

  it('checks a value before writing it', () => {
    const m = mem();
    const io = new PhysRangeIo(m, 0, 0x1000);
    expect(() => io.writeSlice(0, U8, [1, 2, 300])).toThrow(PodValueError);
    expect(() => io.writeVal(0, Entry, { id: 1, score: 2, addr: -1n })).toThrow(/addr: -1n is not a valid u64/);
    expect(m.touchedPages).toBe(0);
  });
});

describe('writeVals', () => {
  it('packs values when align is 0 or 1', () => {
    for (const align of [0, 1]) {
      const io = new PhysRangeIo(mem(), 0, 16);
      expect(io.writeVals(2, U32, [1, 2, 3], align)).toBe(3);
      expect(io.readVal(2, podArray(U32, 3))).toEqual([1, 2, 3]);
    }
  });

  it('aligns the offset and the stride to align', () => {
    const io = new PhysRangeIo(mem(), 0, 64);
    expect(io.writeVals(3, U32, [0xa, 0xb, 0xc], 8)).toBe(3);
    expect([io.readVal(8, U32), io.readVal(16, U32), io.readVal(24, U32)]).toEqual([0xa, 0xb, 0xc]);
    expect(io.readVal(12, U32)).toBe(0);
  });

  it('stops when the object is full and returns the count', () => {
    const io = new PhysRangeIo(mem(), 0, 10);
    function* forever(): Generator<number> { for (;;) yield 0x7f; }
    expect(io.writeVals(0, U32, forever(), 0)).toBe(2);
    expect(io.writeVals(0, U16, [], 0)).toBe(0);
  });

  it('throws the range error when not even one value fits', () => {
    const io = new PhysRangeIo(mem(), 0, 10);
    expect(() => io.writeVals(8, U32, [1], 0)).toThrow(VmIoRangeError);
  });

  it('panics on an align that is not a power of two, and refuses a negative one', () => {
    const io = new PhysRangeIo(mem(), 0, 64, { typeName: 'Frame' });
    expect(() => io.writeVals(0, U32, [1], 6)).toThrow(KernelPanic);
    expect(() => io.writeVals(0, U32, [1], 6)).toThrow(/Frame::write_vals: align 6 is not a power of two/);
    expect(() => io.writeVals(0, U32, [1], -2)).toThrow(IoArgumentError);
  });

  it('passes a bad value on rather than stopping quietly', () => {
    const io = new PhysRangeIo(mem(), 0, 64);
    expect(() => io.writeVals(0, U8, [1, 2, 256], 0)).toThrow(PodValueError);
  });
});

describe('PhysRangeListIo (FrameVec)', () => {
  const pages = [{ paddr: 0x5000, size: 0x1000 }, { paddr: 0x2000, size: 0x1000 }, { paddr: 0x21000, size: 0x1000 }];

  it('reads and writes across its pieces in order (frame[offset / 4096].bytes[offset % 4096])', () => {
    const m = mem();
    const io = new PhysRangeListIo(m, pages);
    expect(io.size).toBe(0x3000);
    const data = seq(0x1800, 3);
    io.writeBytes(0xc00, data);
    expect(m.readBytes(0x5c00, 0x400)).toEqual(data.subarray(0, 0x400));
    expect(m.readBytes(0x2000, 0x1000)).toEqual(data.subarray(0x400, 0x1400));
    expect(m.readBytes(0x21000, 0x400)).toEqual(data.subarray(0x1400));
    const back = new Uint8Array(0x1800);
    io.readBytes(0xc00, back);
    expect(back).toEqual(data);
    expect(io.readVal(0xffe, U32)).toBe(io.readVal(0xffe, U32));
    io.writeVal(0x1ffc, U64, 0x1122334455667788n);
    expect(io.readVal(0x1ffc, U64)).toBe(0x1122334455667788n);
    expect(m.readU32(0x2ffc)).toBe(0x55667788);
    expect(m.readU32(0x21000)).toBe(0x11223344);
  });

  it('refuses accesses past its total size', () => {
    const io = new PhysRangeListIo(mem(), pages);
    expect(() => io.readBytes(0x2fff, new Uint8Array(2))).toThrow(/FrameVec::read_bytes: offset 12287 \+ length 2 exceeds the object's size 12288/);
    expect(() => io.writeBytes(0x3000, new Uint8Array(1))).toThrow(VmIoRangeError);
  });

  it('writes nothing when a piece is not RAM', () => {
    const m = mem();
    const io = new PhysRangeListIo(m, [{ paddr: 0x2000, size: 0x1000 }, { paddr: 0x18000, size: 0x1000 }]);
    expect(() => io.writeBytes(0xff0, seq(0x20))).toThrow(PhysicalMemoryFault);
    expect(m.touchedPages).toBe(0);
  });

  it('handles empty pieces and an empty list', () => {
    const m = mem();
    const io = new PhysRangeListIo(m, [{ paddr: 0, size: 0 }, { paddr: 0x1000, size: 4 }, { paddr: 0x3000, size: 0 }, { paddr: 0x2000, size: 4 }]);
    io.writeBytes(0, seq(8));
    expect(io.readVal(0, podArray(U8, 8))).toEqual([...seq(8)]);
    expect(new PhysRangeListIo(m, []).size).toBe(0);
    expect(() => new PhysRangeListIo(m, [{ paddr: -1, size: 1 }])).toThrow(IoArgumentError);
  });
});

describe('scalar fast path', () => {
  const values: { [K in PodScalarKind]: fc.Arbitrary<unknown> } = {
    u8: fc.integer({ min: 0, max: 255 }), u16: fc.integer({ min: 0, max: 65535 }), u32: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    u64: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), i8: fc.integer({ min: -128, max: 127 }), i16: fc.integer({ min: -32768, max: 32767 }),
    i32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), i64: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
    f32: fc.float({ noNaN: true }), f64: fc.double({ noNaN: true }),
  };
  const arb = fc.constantFrom(...(Object.keys(values) as PodScalarKind[])).chain((kind) => fc.tuple(fc.constant(kind), values[kind], fc.integer({ min: 0, max: 0x1ff8 })));

  it('stores and loads the same bytes as the reader/writer path (unchecked vs checked objects)', () => {
    fc.assert(
      fc.property(arb, ([kind, value, offset]) => {
        const pod = POD_SCALARS[kind];
        const m = mem();
        const io1 = new PhysRangeIo(m, 0x1000, 0x2000);
        const io2 = new PhysRangeIo(m, 0x1000, 0x2000, { check: true });
        io1.writeVal(offset, pod, value as never);
        expect(m.readBytes(0x1000 + offset, pod.size)).toEqual(podBytes(pod, value as never));
        expect(Object.is(io2.readVal(offset, pod), io1.readVal(offset, pod))).toBe(true);
        io2.writeVal(offset, pod, value as never);
        expect(Object.is(io1.readVal(offset, pod), value) || kind === 'f32').toBe(true);
      }),
    );
  });

  it('refuses bad values and ranges like the general path', () => {
    const m = mem();
    const io = new PhysRangeIo(m, 0, 0x100);
    expect(() => io.writeVal(0, U8, 256)).toThrow(PodValueError);
    expect(() => io.writeVal(0x100, U8, 1)).toThrow(VmIoRangeError);
    expect(() => io.readVal(0xfc, U64)).toThrow(VmIoRangeError);
    expect(m.touchedPages).toBe(0);
    expect(() => new PhysRangeIo(m, 0xfffc, 8).readVal(0, U64)).toThrow(PhysicalMemoryFault);
  });
});
