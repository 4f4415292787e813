import { describe, it, expect } from 'vitest';
import {
  BadAddressError, PhysicalMemory, PhysicalMemoryFault, StoreValueError, physAddrFromBigint, MAX_PHYS_ADDR,
} from '../../kernel-sim/machine/index.js';

const GiB = 2 ** 30;

describe('PhysicalMemory', () => {
  const mk = () => new PhysicalMemory([{ start: 0, end: 0x9f000 }, { start: 0x100000, end: 2 * GiB }, { start: 2 ** 40, end: 2 ** 40 + GiB }]);

  it('reads zeros from untouched RAM without backing pages', () => {
    const m = mk();
    expect(m.readU64(0x200000)).toBe(0n);
    expect(m.readU8(2 ** 40 + 5)).toBe(0);
    expect(m.readBytes(0x100ff0, 64)).toEqual(new Uint8Array(64));
    expect(m.touchedPages).toBe(0);
  });

  it('is little-endian for every width', () => {
    const m = mk();
    m.writeU64(0x1000, 0x0102030405060708n);
    expect(m.readU8(0x1000)).toBe(0x08);
    expect(m.readU16(0x1000)).toBe(0x0708);
    expect(m.readU32(0x1004)).toBe(0x01020304);
    m.writeU32(0x2000, 0xdeadbeef);
    expect(m.readU64(0x2000)).toBe(0xdeadbeefn);
    m.writeU16(0x3000, 0xabcd);
    expect(m.readU8(0x3001)).toBe(0xab);
    expect(m.touchedPages).toBe(3);
  });

  it('handles accesses that cross a page boundary', () => {
    const m = mk();
    m.writeU64(0x1ffd, 0x1122334455667788n);
    expect(m.readU64(0x1ffd)).toBe(0x1122334455667788n);
    expect(m.readU32(0x1fff)).toBe(0x33445566);
    expect(m.touchedPages).toBe(2);
    m.writeU32(0x2ffe, 0xcafef00d);
    expect(m.readU32(0x2ffe)).toBe(0xcafef00d);
    m.writeU16(0x3fff, 0x1234);
    expect(m.readU16(0x3fff)).toBe(0x1234);
    const data = Uint8Array.from({ length: 10000 }, (_, i) => i & 0xff);
    m.writeBytes(0x10800, data);
    expect(m.readBytes(0x10800, 10000)).toEqual(data);
  });

  it('works above 2^32 and up to 2^52', () => {
    const top = MAX_PHYS_ADDR;
    const m = new PhysicalMemory([{ start: top - 8192, end: top }]);
    m.writeU64(top - 8, 0xffffffffffffffffn);
    expect(m.readU64(top - 8)).toBe(0xffffffffffffffffn);
    expect(() => m.readU64(top - 4)).toThrow(PhysicalMemoryFault);
  });

  it('faults on holes, naming the address in hex and the size', () => {
    const m = mk();
    const err = (() => { try { m.readU32(0xa0000); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(PhysicalMemoryFault);
    expect((err as PhysicalMemoryFault).message).toContain('0xa0000');
    expect((err as PhysicalMemoryFault).message).toContain('4 bytes');
    expect((err as PhysicalMemoryFault).size).toBe(4);
    // A straddle of RAM and hole faults too.
    expect(() => m.writeU64(0x9effc, 1n)).toThrow(PhysicalMemoryFault);
    expect(() => m.readBytes(0x9f000 - 10, 20)).toThrow(PhysicalMemoryFault);
    expect(() => m.readU8(2 * GiB)).toThrow(/write|read/);
    expect(m.touchedPages).toBe(0);
  });

  it('rejects bad addresses and values with typed errors', () => {
    const m = mk();
    expect(() => m.readU8(-1)).toThrow(BadAddressError);
    expect(() => m.readU8(1.5)).toThrow(BadAddressError);
    expect(() => m.writeU8(0, 256)).toThrow(StoreValueError);
    expect(() => m.writeU32(0, -1)).toThrow(StoreValueError);
    expect(() => m.writeU64(0, 1n << 64n)).toThrow(StoreValueError);
    expect(() => new PhysicalMemory([{ start: 0, end: 2 ** 53 }])).toThrow(BadAddressError);
    expect(m.touchedPages).toBe(0);
  });

  it('fills and zeroes, dropping whole zeroed pages', () => {
    const m = mk();
    m.fill(0x5000, 3 * 4096, 0xaa);
    expect(m.touchedPages).toBe(3);
    expect(m.readU8(0x7fff)).toBe(0xaa);
    m.zero(0x5800, 2 * 4096);
    expect(m.readU8(0x57ff)).toBe(0xaa);
    expect(m.readU8(0x5800)).toBe(0);
    expect(m.readU8(0x7800)).toBe(0xaa);
    expect(m.touchedPages).toBe(2); // the middle page was cleared whole
    m.zero(0x5000, 3 * 4096);
    expect(m.touchedPages).toBe(0);
  });

  it('converts bigint addresses with a check', () => {
    expect(physAddrFromBigint(0x1_0000_0000n)).toBe(2 ** 32);
    expect(() => physAddrFromBigint(1n << 53n, 'region end')).toThrow(/region end/);
    expect(() => physAddrFromBigint(-1n)).toThrow(BadAddressError);
  });
});
