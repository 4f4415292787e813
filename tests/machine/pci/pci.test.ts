import { describe, expect, it } from 'vitest';
import {
  PciLocation, PciLocationError, BlockDevice, MaliciousDevice, BlockOp, BlockStatus, encodeBlockDescriptor, blockDescriptorStatus,
  BlockDeviceError, BLOCK_DESCRIPTOR_SIZE, Machine,
} from '../../../kernel-sim/machine/index.js';
import { rig, attach, sid } from '../iommu/vtd-setup.js';

describe('PCI locations', () => {
  it('validates bus, device and function and gives the source id', () => {
    const l = new PciLocation(0x12, 0x1f, 3);
    expect(l.sourceId).toBe(0x12fb);
    expect(l.devfn).toBe(0xfb);
    expect(l.toString()).toBe('12:1f.3');
    expect(PciLocation.parse('12:1f.3').equals(l)).toBe(true);
    expect(PciLocation.fromSourceId(0x12fb).equals(l)).toBe(true);
    expect(() => new PciLocation(256, 0, 0)).toThrow(PciLocationError);
    expect(() => new PciLocation(0, 32, 0)).toThrow(/device 32: must be an integer in 0..31/);
    expect(() => new PciLocation(0, 0, 8)).toThrow(/function/);
    expect(() => new PciLocation(0, 1.5, 0)).toThrow(PciLocationError);
    expect(() => PciLocation.parse('0:0:0')).toThrow(/bb:dd.f/);
  });
});

describe('DMA routing', () => {
  it('routes each device to the unit whose scope names it, else to the INCLUDE_PCI_ALL unit', () => {
    const m = new Machine({ ram: [{ start: 0, end: 2 ** 24 }], dma: { units: [{ scope: 'all' }, { scope: ['00:03.0'] }] } });
    const p = m.dma!;
    expect(p.bus.unitFor(new PciLocation(0, 3, 0))!.name).toBe('dmar1');
    expect(p.bus.unitFor(new PciLocation(0, 3, 1))!.name).toBe('dmar0');
    expect(p.unitAt(0xfed91000)!.name).toBe('dmar1');
    expect(p.dmarTable.drhds.length).toBe(2);
    // Only a unit with TE set translates: dmar1 on, dmar0 off -> 00:03.0 blocked, 00:04.0 passes.
    const u1 = p.units[1]!;
    m.memory.writeU32(0xfed91000 + 0x18, 0x40000000); // SRTP (root table at 0: all zero)
    m.memory.writeU32(0xfed91000 + 0x18, 0x80000000); // TE
    expect(u1.translationEnabled).toBe(true);
    expect(p.bus.write(new PciLocation(0, 3, 0), 0x1000, new Uint8Array([1])).reason).toBe(1);
    expect(p.bus.write(new PciLocation(0, 4, 0), 0x1000, new Uint8Array([1])).ok).toBe(true);
  });

  it('splits transfers at pages and stops at the first blocked one', () => {
    const r = rig();
    const t = attach(r, 0, 3, 0);
    r.tables.map(t, 0x1000, 0x200000, { read: true, write: true });
    r.tables.map(t, 0x2000, 0x300000, { read: true, write: true });
    r.enable();
    const dev = r.device(0, 3, 0);
    const data = new Uint8Array(0x2000 + 16).map((_, i) => i & 0xff);
    const res = dev.dmaWrite(0x1ff0 - 0x1000 + 0x1000, data); // 0x1ff0 .. 0x4000: 16 B in page 1, 4096 in page 2, then page 3 blocked
    expect(res).toMatchObject({ ok: false, bytes: 16 + 4096, blockedAt: 0x3000, reason: 5 }); // a write to a not-present entry: 5 (QEMU)
    expect(r.mem.readU8(0x200ff0)).toBe(0);
    expect(r.mem.readU8(0x300000)).toBe(16);
    expect(dev.stats.failed).toBe(1);
    const rd = dev.dmaRead(0x1ff0, 32);
    expect(rd.ok).toBe(true);
    expect(Array.from(rd.data!.subarray(14, 18))).toEqual([14, 15, 16, 17]);
  });
});

describe('block device', () => {
  it('fetches descriptors, moves data and writes status, all through the IOMMU', () => {
    const r = rig();
    const t = attach(r, 0, 5, 0);
    r.tables.map(t, 0x10000, 0x400000, { read: true, write: true }); // ring
    r.tables.map(t, 0x20000, 0x500000, { read: true, write: true }); // buffer
    r.enable();
    const blk = new BlockDevice(new PciLocation(0, 5, 0), r.platform.bus, 1024);
    blk.configureRing(0x10000, 8);
    r.mem.writeBytes(0x500000, new Uint8Array(512).fill(0xab));
    r.mem.writeBytes(0x400000, encodeBlockDescriptor({ buffer: 0x20000, sector: 7, length: 512, op: BlockOp.Write }));
    r.mem.writeBytes(0x400000 + 32, encodeBlockDescriptor({ buffer: 0x20200, sector: 7, length: 512, op: BlockOp.Read }));
    r.mem.writeBytes(0x400000 + 64, encodeBlockDescriptor({ buffer: 0x90000, sector: 0, length: 512, op: BlockOp.Read })); // unmapped
    r.mem.writeBytes(0x400000 + 96, encodeBlockDescriptor({ buffer: 0x20000, sector: 0, length: 100, op: BlockOp.Read })); // bad length
    expect(blk.notify(4)).toBe(4);
    const st = (i: number) => blockDescriptorStatus(r.mem.readBytes(0x400000 + i * BLOCK_DESCRIPTOR_SIZE, BLOCK_DESCRIPTOR_SIZE));
    expect([0, 1, 2, 3].map(st)).toEqual([BlockStatus.Done, BlockStatus.Done, BlockStatus.DmaBlocked, BlockStatus.BadDescriptor]);
    expect(r.mem.readU8(0x500200 + 511)).toBe(0xab);
    expect(blk.blockStats).toMatchObject({ completed: 2, dataBlocked: 1, badDescriptors: 1 });
    expect(r.unit.faults.record(0)).toMatchObject({ fault: true, sourceId: sid(0, 5, 0), address: 0x90000, reason: 5 });
    expect(() => blk.notify(8)).toThrow(BlockDeviceError);
  });

  it('stops when the ring itself is not mapped', () => {
    const r = rig();
    attach(r, 0, 5, 0);
    r.enable();
    const blk = new BlockDevice(new PciLocation(0, 5, 0), r.platform.bus);
    blk.configureRing(0x10000, 4);
    expect(blk.notify(2)).toBe(0);
    expect(blk.blockStats.fetchBlocked).toBe(1);
    expect(blk.ringHead).toBe(0);
  });
});

describe('malicious device', () => {
  it('lands before TE, is blocked after, and can act at a chosen command', () => {
    const r = rig();
    attach(r, 0, 9, 0);
    const evil = new MaliciousDevice(new PciLocation(0, 9, 0), r.platform.bus);
    // During init: right after SRTP completes (TE not yet set), overwrite the root table.
    evil.armDuring(r.unit, 'SRTP', 'completed', () => evil.attackWrite(r.tables.root, new Uint8Array(16).fill(0xff), 'root table'));
    r.enable();
    expect(evil.attacks[0]).toMatchObject({ label: 'root table', result: { ok: true } });
    expect(r.mem.readU8(r.tables.root)).toBe(0xff);
    // With TE on: bus 0's root entry now has reserved bits: every device on bus 0 faults 0xA.
    expect(evil.attackWrite(0x100000, new Uint8Array(4), 'kernel frame').reason).toBe(0xa);
    expect(evil.tally).toEqual({ landed: 1, blocked: 1 });
  });
});
