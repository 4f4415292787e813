import { describe, expect, it } from 'vitest';
import { CpuCache, PhysicalMemory, memoryTypeOfPat, PAT_MEMORY_TYPE, CACHE_LINE_SIZE } from '../../../kernel-sim/machine/index.js';

const mem = () => new PhysicalMemory([{ start: 0, end: 2 ** 20 }]);
const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);

describe('CPU cache', () => {
  it('holds WB writes in dirty lines until written back', () => {
    const m = mem();
    const c = new CpuCache(m);
    c.writeBytes(0x1000, bytes(8, 7));
    expect(m.readU8(0x1000)).toBe(0);
    expect(c.readBytes(0x1000, 1)[0]).toBe(7);
    expect(c.holds(0x1003, true)).toBe(true);
    c.clflush(0x1000);
    expect(m.readU8(0x1007)).toBe(7);
    expect(c.holds(0x1000)).toBe(false);
    c.writeBytes(0x2000, bytes(200, 1)); // four lines
    expect(c.dirtyLines).toBe(4);
    c.wbinvd();
    expect(c.size).toBe(0);
    expect(m.readU8(0x2000 + 199)).toBe(1);
    expect(c.stats.writeBacks).toBe(5);
  });

  it('UC accesses bypass the cache', () => {
    const m = mem();
    const c = new CpuCache(m);
    c.writeBytes(0x1000, bytes(4, 9), 'UC');
    expect(m.readU8(0x1000)).toBe(9);
    expect(c.size).toBe(0);
    m.writeU8(0x1001, 3);
    expect(c.readBytes(0x1001, 1, 'UC')[0]).toBe(3);
    expect(memoryTypeOfPat(PAT_MEMORY_TYPE.UCMinus)).toBe('UC');
    expect(memoryTypeOfPat(PAT_MEMORY_TYPE.WC)).toBeNull();
  });

  it('loses a non-snooping device write under a dirty line when the line is written back (DME-01)', () => {
    const m = mem();
    const c = new CpuCache(m);
    // The CPU touched the buffer (a dirty line); the device then writes its data to RAM; sync() after DMA flushes.
    c.writeBytes(0x3000, bytes(CACHE_LINE_SIZE, 0xcc));
    c.deviceWrite(0x3000, bytes(CACHE_LINE_SIZE, 0xdd), false);
    expect(m.readU8(0x3000)).toBe(0xdd);
    expect(c.readBytes(0x3000, 1)[0]).toBe(0xcc); // the CPU still sees its line
    expect(c.stats.staleBytesRead).toBe(1);
    c.flushRange(0x3000, CACHE_LINE_SIZE);
    expect(m.readU8(0x3000)).toBe(0xcc); // the device's bytes are gone
    expect(c.stats).toMatchObject({ lostDeviceWrites: 1, lostDeviceBytes: CACHE_LINE_SIZE });
    // sync() before the DMA: flush first, then the device writes: the CPU reads the device's data.
    c.writeBytes(0x4000, bytes(CACHE_LINE_SIZE, 0xcc));
    c.flushRange(0x4000, CACHE_LINE_SIZE);
    c.deviceWrite(0x4000, bytes(CACHE_LINE_SIZE, 0xdd), false);
    expect(c.readBytes(0x4000, 1)[0]).toBe(0xdd);
    expect(c.stats.lostDeviceWrites).toBe(1);
  });

  it('a snooping device is coherent both ways', () => {
    const m = mem();
    const c = new CpuCache(m);
    c.writeBytes(0x5000, bytes(16, 0x11));
    expect(c.deviceRead(0x5000, 4, true)[0]).toBe(0x11);
    expect(c.deviceRead(0x5000, 4, false)[0]).toBe(0);
    c.deviceWrite(0x5004, bytes(4, 0x22), true);
    expect(c.readBytes(0x5000, 8)).toEqual(new Uint8Array([0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22]));
    c.wbinvd();
    expect(c.stats.lostDeviceWrites).toBe(0);
  });

  it('evicts the least recently used line, writing it back', () => {
    const m = mem();
    const c = new CpuCache(m, { capacityLines: 2 });
    c.writeBytes(0x0, bytes(1, 1));
    c.writeBytes(0x40, bytes(1, 2));
    c.readBytes(0x0, 1);
    c.writeBytes(0x80, bytes(1, 3)); // evicts line 0x40
    expect(m.readU8(0x40)).toBe(2);
    expect(c.holds(0x0)).toBe(true);
    expect(c.stats.evictions).toBe(1);
  });

  it('a faulting write leaves no line half-written', () => {
    const m = mem();
    const c = new CpuCache(m);
    expect(() => c.writeBytes(2 ** 20 - 8, bytes(16, 5))).toThrow();
    expect(c.size).toBe(0);
  });
});
