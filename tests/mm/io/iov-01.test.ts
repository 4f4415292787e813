import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bugSet, NO_BUGS } from '../../../kernel-sim/bugs/index.js';
import { PhysicalMemory } from '../../../kernel-sim/machine/index.js';
import { PhysRangeIo, PhysRangeListIo, U32, U64, U8, VmIoRangeError, podStruct, retypedByteLength } from '../../../kernel-sim/mm/io/index.js';

const mem = (): PhysicalMemory => new PhysicalMemory([{ start: 0, end: 0x10000 }]);
const BUGGY = bugSet('IOV-01');

describe('IOV-01: the slice retype by transmute counts len in elements, not bytes', () => {
  it('gives a byte length of len (audited) instead of len * size (fixed)', () => {
    expect(retypedByteLength(4, 8, BUGGY)).toBe(4);
    expect(retypedByteLength(4, 8, NO_BUGS)).toBe(32);
  });

  it('read_slice of four u32: fixed reads all, audited reads 4 bytes = the first element only', () => {
    const m = mem();
    new PhysRangeIo(m, 0x1000, 0x1000).writeSlice(0, U32, [0x11111111, 0x22222222, 0x33333333, 0x44444444]);
    const fixed = [0, 0, 0, 0];
    new PhysRangeIo(m, 0x1000, 0x1000).readSlice(0, U32, fixed);
    expect(fixed).toEqual([0x11111111, 0x22222222, 0x33333333, 0x44444444]);
    const audited = [0, 0, 0, 0];
    new PhysRangeIo(m, 0x1000, 0x1000, { bugs: BUGGY }).readSlice(0, U32, audited);
    expect(audited).toEqual([0x11111111, 0, 0, 0]);
  });

  it('read_slice of three u64 reads 3 bytes: the rest of the slice keeps its old bytes', () => {
    const m = mem();
    m.writeBytes(0, Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd, 0xee));
    const s = [0x0102030405060708n, 9n, 10n];
    new PhysRangeIo(m, 0, 0x100, { bugs: BUGGY }).readSlice(0, U64, s);
    // The low three bytes of the first element come from memory; its high five and the other elements stay.
    expect(s).toEqual([0x0102030405ccbbaan, 9n, 10n]);
  });

  it('write_slice writes only the first len bytes', () => {
    const m = mem();
    const vals = [0xdeadbeef, 0xcafef00d];
    new PhysRangeIo(m, 0, 0x100, { bugs: BUGGY }).writeSlice(0, U32, vals);
    expect([...m.readBytes(0, 8)]).toEqual([0xef, 0xbe, 0, 0, 0, 0, 0, 0]);
    new PhysRangeIo(m, 0, 0x100).writeSlice(0, U32, vals);
    expect(new PhysRangeIo(m, 0, 0x100).readVal(0, U64)).toBe(0xcafef00ddeadbeefn);
  });

  it('the bound check covers only len bytes: an out-of-range slice read succeeds, partially', () => {
    const m = mem();
    const io = new PhysRangeIo(m, 0, 16, { bugs: BUGGY });
    const s = [0, 0, 0, 0];
    m.writeBytes(8, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    io.readSlice(8, U32, s); // 16 bytes from offset 8 do not fit; 4 bytes do
    expect(s).toEqual([0x04030201, 0, 0, 0]);
    expect(() => new PhysRangeIo(m, 0, 16).readSlice(8, U32, [0, 0, 0, 0])).toThrow(VmIoRangeError);
  });

  it('changes nothing for byte slices (size_of::<u8>() == 1)', () => {
    const m = mem();
    m.writeBytes(0, Uint8Array.of(1, 2, 3, 4, 5));
    const s = [0, 0, 0, 0, 0];
    new PhysRangeIo(m, 0, 0x100, { bugs: BUGGY }).readSlice(0, U8, s);
    expect(s).toEqual([1, 2, 3, 4, 5]);
  });

  it('affects structs and discontiguous objects the same way', () => {
    const m = mem();
    const P = podStruct({ a: { offset: 0, type: U32 }, b: { offset: 4, type: U32 } });
    const io = new PhysRangeListIo(m, [{ paddr: 0x3000, size: 0x1000 }, { paddr: 0x1000, size: 0x1000 }]);
    io.writeSlice(0xff8, P, [{ a: 1, b: 2 }, { a: 3, b: 4 }]);
    const got = [{ a: 0, b: 0 }, { a: 0, b: 0 }];
    new PhysRangeListIo(m, io.pieces.map((p) => ({ paddr: p.paddr, size: p.size })), { bugs: BUGGY }).readSlice(0xff8, P, got);
    expect(got).toEqual([{ a: 1, b: 0 }, { a: 0, b: 0 }]);
  });

  it('treats holes in the JS array as zero bytes', () => {
    const m = mem();
    m.writeBytes(0, Uint8Array.of(7, 0, 0, 0));
    const s: number[] = new Array(3);
    new PhysRangeIo(m, 0, 0x100, { bugs: BUGGY }).readSlice(0, U32, s);
    expect(s).toEqual([7, 0, 0]);
  });

  it('for any slice, fixed reads back exactly what was written; audited only the first len bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 40 }), fc.integer({ min: 0, max: 64 }), (vals, off) => {
        const m = mem();
        new PhysRangeIo(m, 0, 0x1000).writeSlice(off, U32, vals);
        const fixed = vals.map(() => 0);
        new PhysRangeIo(m, 0, 0x1000).readSlice(off, U32, fixed);
        expect(fixed).toEqual(vals);
        const audited = vals.map(() => 0);
        new PhysRangeIo(m, 0, 0x1000, { bugs: BUGGY }).readSlice(off, U32, audited);
        const expected = new Uint8Array(vals.length * 4);
        expected.set(m.readBytes(off, vals.length));
        const dv = new DataView(expected.buffer);
        expect(audited).toEqual(vals.map((_, i) => dv.getUint32(i * 4, true)));
      }),
    );
  });
});
