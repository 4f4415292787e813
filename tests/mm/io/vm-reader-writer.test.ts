import { describe, it, expect } from 'vitest';
import { PhysicalMemory, PhysicalMemoryFault } from '../../../kernel-sim/machine/index.js';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';
import {
  IoArgumentError, LINEAR_MAPPING_BASE_VADDR, LINEAR_MAPPING_SIZE, RawPartsError, U16, U32, U64, VMALLOC_BASE_VADDR, VmReader, VmWriter,
  linearVaddrToPaddr, paddrToVaddr, podArray, PodValueError,
} from '../../../kernel-sim/mm/io/index.js';

const BASE = LINEAR_MAPPING_BASE_VADDR;
const mem = (): PhysicalMemory => new PhysicalMemory([{ start: 0, end: 0x10000 }, { start: 0x20000, end: 0x30000 }]);
const seq = (n: number, from = 0): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

describe('the linear mapping at 232e62b', () => {
  it('starts at 0xffff_8000_0000_0000 and covers 64 TiB up to VMALLOC_BASE_VADDR', () => {
    expect(BASE).toBe(0xffff800000000000n);
    expect(VMALLOC_BASE_VADDR).toBe(0xffffc00000000000n);
    expect(LINEAR_MAPPING_SIZE).toBe(2 ** 46);
    expect(paddrToVaddr(0x1234)).toBe(0xffff800000001234n);
    expect(linearVaddrToPaddr(0xffff800000001234n)).toBe(0x1234);
  });
  it('refuses addresses outside it', () => {
    expect(() => paddrToVaddr(2 ** 46)).toThrow(KernelPanic);
    expect(() => paddrToVaddr(-1)).toThrow(KernelPanic);
    expect(() => linearVaddrToPaddr(VMALLOC_BASE_VADDR)).toThrow(KernelPanic);
  });
});

describe('VmReader / VmWriter from raw parts', () => {
  it('cover [ptr, ptr + len) of physical memory through the linear mapping', () => {
    const m = mem();
    m.writeBytes(0x100, seq(16));
    const r = VmReader.fromRawParts(m, BASE + 0x100n, 16);
    expect(r.cursor()).toBe(BASE + 0x100n);
    expect(r.end()).toBe(BASE + 0x110n);
    expect(r.remain()).toBe(16);
    const out = new Uint8Array(10);
    expect(r.read(VmWriter.fromBytes(out))).toBe(10);
    expect(out).toEqual(seq(10));
    expect(r.remain()).toBe(6);
    expect(r.cursor()).toBe(BASE + 0x10an);
  });

  it.each([
    ['below the linear mapping', BASE - 1n, 4],
    ['past its end', VMALLOC_BASE_VADDR - 2n, 4],
    ['in user space', 0x1000n, 4],
    ['with end below cursor', BASE + 0x100n, -1],
    ['with end below cursor (bigint len)', BASE + 0x100n, -0x100n],
  ] as const)('refuse a range %s', (_name, ptr, len) => {
    expect(() => VmReader.fromRawParts(mem(), ptr, len)).toThrow(RawPartsError);
    expect(() => VmWriter.fromRawPartsMut(mem(), ptr, len)).toThrow(RawPartsError);
  });

  it('name the range in the error', () => {
    expect(() => VmReader.fromRawParts(mem(), BASE + 0x100n, -1)).toThrow(/VmReader::from_raw_parts: \[0xffff800000000100, 0xffff8000000000ff\): end lies below cursor/);
  });

  it('refuse a number pointer and a fractional length', () => {
    expect(() => VmReader.fromRawParts(mem(), 0x100 as never, 4)).toThrow(IoArgumentError);
    expect(() => VmWriter.fromRawPartsMut(mem(), BASE, 1.5)).toThrow(IoArgumentError);
  });

  it('accept an empty range at the very end of the mapping', () => {
    expect(VmReader.fromRawParts(mem(), VMALLOC_BASE_VADDR, 0).remain()).toBe(0);
  });
});

describe('limit and skip', () => {
  it('only shrink the range', () => {
    const r = VmReader.fromBytes(seq(32));
    expect(r.limit(100).remain()).toBe(32);
    expect(r.limit(20).remain()).toBe(20);
    expect(r.skip(5).remain()).toBe(15);
    expect(r.cursor()).toBe(5n);
    expect(r.end()).toBe(20n);
    expect(r.limit(0).hasRemain()).toBe(false);
    const w = VmWriter.fromBytes(new Uint8Array(8)).skip(8);
    expect(w.avail()).toBe(0);
    expect(w.hasAvail()).toBe(false);
  });

  it('skip past the end panics, as the kernel asserts, and leaves the cursor', () => {
    const r = VmReader.fromBytes(seq(8)).skip(3);
    expect(() => r.skip(6)).toThrow(KernelPanic);
    expect(() => r.skip(6)).toThrow(/VmReader::skip: nbytes 6 exceeds the 5 bytes left/);
    expect(r.remain()).toBe(5);
    expect(() => VmWriter.fromBytes(new Uint8Array(2)).skip(3)).toThrow(/VmWriter::skip/);
  });

  it.each([-1, 1.5, NaN, Infinity])('refuse %s as a count', (n) => {
    const r = VmReader.fromBytes(seq(8));
    expect(() => r.limit(n)).toThrow(IoArgumentError);
    expect(() => r.skip(n)).toThrow(IoArgumentError);
    expect(r.remain()).toBe(8);
  });
});

describe('read and write', () => {
  it('copy min(remain, avail) bytes and move both cursors', () => {
    const src = VmReader.fromBytes(seq(10));
    const dstBytes = new Uint8Array(4);
    const dst = VmWriter.fromBytes(dstBytes);
    expect(dst.write(src)).toBe(4);
    expect(dstBytes).toEqual(seq(4));
    expect([src.remain(), dst.avail()]).toEqual([6, 0]);
    expect(src.read(dst)).toBe(0);
    expect(src.read(VmWriter.fromBytes(new Uint8Array(100)))).toBe(6);
  });

  it('copy between two physical ranges (memmove when they overlap)', () => {
    const m = mem();
    m.writeBytes(0x1000, seq(64));
    const r = VmReader.fromRawParts(m, BASE + 0x1000n, 64);
    const w = VmWriter.fromRawPartsMut(m, BASE + 0x1010n, 64);
    expect(r.read(w)).toBe(64);
    expect(m.readBytes(0x1010, 64)).toEqual(seq(64));
  });

  it('memmove within one byte array', () => {
    const b = seq(16);
    const r = VmReader.fromBytes(b);
    const w = VmWriter.fromBytes(b).skip(4);
    expect(w.write(r)).toBe(12);
    expect([...b]).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('a copy that faults in a hole moves neither cursor and writes nothing', () => {
    const m = mem();
    const r = VmReader.fromRawParts(m, BASE + 0xfff0n, 0x20);
    const out = new Uint8Array(0x20);
    const w = VmWriter.fromBytes(out);
    expect(() => r.read(w)).toThrow(PhysicalMemoryFault);
    expect([r.remain(), w.avail()]).toEqual([0x20, 0x20]);
    const w2 = VmWriter.fromRawPartsMut(m, BASE + 0xfff0n, 0x20);
    expect(() => w2.write(VmReader.fromBytes(seq(0x20, 1)))).toThrow(PhysicalMemoryFault);
    expect(m.readBytes(0xfff0, 0x10)).toEqual(new Uint8Array(0x10));
    expect(m.touchedPages).toBe(0);
  });
});

describe('readVal, writeVal and fill', () => {
  it('read and write Pod values at the cursor', () => {
    const m = mem();
    const w = VmWriter.fromRawPartsMut(m, BASE + 0x20000n, 32);
    w.writeVal(U64, 0xdeadbeefcafef00dn);
    w.writeVal(podArray(U16, 3), [1, 2, 0xffff]);
    expect(w.avail()).toBe(18);
    const r = VmReader.fromRawParts(m, BASE + 0x20000n, 32);
    expect(r.readVal(U64)).toBe(0xdeadbeefcafef00dn);
    expect(r.readVal(podArray(U16, 3))).toEqual([1, 2, 0xffff]);
    expect(r.remain()).toBe(18);
  });

  it('panic when the value does not fit the range, moving nothing', () => {
    const r = VmReader.fromBytes(seq(7));
    expect(() => r.readVal(U64)).toThrow(/VmReader::read_val: 8-byte value but only 7 bytes remain/);
    expect(r.remain()).toBe(7);
    const w = VmWriter.fromBytes(new Uint8Array(3));
    expect(() => w.writeVal(U32, 1)).toThrow(KernelPanic);
    expect(() => w.writeVal(U16, -1)).toThrow(PodValueError);
    expect(w.avail()).toBe(3);
  });

  it('fill repeats a value to the end', () => {
    const b = new Uint8Array(12);
    const w = VmWriter.fromBytes(b).skip(4);
    expect(w.fill(U32, 0x01020304)).toBe(2);
    expect([...b]).toEqual([0, 0, 0, 0, 4, 3, 2, 1, 4, 3, 2, 1]);
    expect(w.avail()).toBe(0);
    expect(w.fill(U32, 7)).toBe(0);
  });

  it('fill panics on a misaligned cursor or a partial value, writing nothing', () => {
    const b = new Uint8Array(12);
    expect(() => VmWriter.fromBytes(b).skip(2).fill(U32, 1)).toThrow(/not aligned to 4/);
    expect(() => VmWriter.fromBytes(b).limit(6).fill(U32, 1)).toThrow(/not a multiple/);
    expect(b).toEqual(new Uint8Array(12));
  });
});
