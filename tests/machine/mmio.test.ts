import { describe, expect, it } from 'vitest';
import { PhysicalMemory, PhysicalMemoryFault, type MmioHandler, type MmioSize } from '../../kernel-sim/machine/index.js';

class Echo implements MmioHandler {
  readonly mmioName = 'echo';
  readonly writes: [number, number, bigint][] = [];
  mmioRead(offset: number, size: MmioSize): bigint { return BigInt(offset * 16 + size); }
  mmioWrite(offset: number, size: MmioSize, value: bigint): void { this.writes.push([offset, size, value]); }
}

describe('MMIO and word reads', () => {
  it('routes sized accesses outside RAM to the handler, with offsets from its base', () => {
    const mem = new PhysicalMemory([{ start: 0, end: 0x10000 }]);
    const dev = new Echo();
    mem.mapMmio(0x20000, 0x1000, dev);
    expect(mem.readU32(0x20010)).toBe(0x10 * 16 + 4);
    expect(mem.readU64(0x20008)).toBe(BigInt(8 * 16 + 8));
    mem.writeU32(0x20004, 7);
    mem.writeU64(0x20008, 1n << 63n);
    expect(dev.writes).toEqual([[4, 4, 7n], [8, 8, 1n << 63n]]);
    expect(() => mem.readU32(0x30000)).toThrow(PhysicalMemoryFault);
    expect(() => mem.readU32(0x20ffe)).toThrow(PhysicalMemoryFault); // runs past the range
    expect(mem.unmapMmio(0x20000)).toBe(true);
    expect(() => mem.readU32(0x20010)).toThrow(PhysicalMemoryFault);
  });

  it('readU32Words reads what readU32 reads, within a page or across one, and faults the same', () => {
    const mem = new PhysicalMemory([{ start: 0, end: 0x3000 }]);
    for (let a = 0xff0; a < 0x1010; a += 4) mem.writeU32(a, a * 3);
    const out = new Uint32Array(4);
    mem.readU32Words(0xff0, 4, out);
    expect(Array.from(out)).toEqual([0xff0, 0xff4, 0xff8, 0xffc].map((a) => a * 3));
    mem.readU32Words(0xff8, 4, out); // crosses into the next page
    expect(Array.from(out)).toEqual([0xff8, 0xffc, 0x1000, 0x1004].map((a) => a * 3));
    mem.readU32Words(0x2000, 2, out); // never written: zeros
    expect(out[0]).toBe(0);
    expect(() => mem.readU32Words(0x2ffc, 2, out)).toThrow(PhysicalMemoryFault);
  });
});
