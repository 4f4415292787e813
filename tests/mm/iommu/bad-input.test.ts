/**
 * Bad input to the driver and the DMA layer: each a typed error or KernelPanic naming the
 * function and the value, with the tables and the ownership ledger consistent afterwards
 * (Target 14 and the page-state checks pass).
 */
import { describe, expect, it } from 'vitest';
import { checkTarget14 } from '../../../kernel-sim/audit/targets/target-14-iommu.js';
import { dmaEnv, type DmaEnv } from '../../../kernel-sim/kernel/index.js';
import { DmarDecodeError, RegisterWriteError } from '../../../kernel-sim/machine/index.js';
import { DmaCoherent, DmaError, DmaStream } from '../../../kernel-sim/mm/dma/index.js';
import { IommuError, map, pciLocation, REMAPPING_REGS_OFFSETS, unmap } from '../../../kernel-sim/mm/iommu/index.js';
import { paddrToVaddr } from '../../../kernel-sim/mm/kspace/index.js';
import { UseAfterDropError } from '../../../kernel-sim/mm/page/index.js';
import { KernelPanic } from '../../../kernel-sim/util/errors.js';

const BLOCK = pciLocation(0, 3, 0);

function consistent(env: DmaEnv): void {
  expect(env.kernel.checkAll().flatMap((t) => t.violations)).toEqual([]);
  const t = checkTarget14(env);
  expect(t.properties.flatMap((p) => p.violations)).toEqual([]);
}

describe('bad input, state consistent afterwards', () => {
  it('a device location out of range in DmaCoherent.map: a KernelPanic naming it; nothing left mapped', () => {
    const env = dmaEnv({ check: true });
    const seg = env.kernel.frames.allocContiguous(2)!;
    const pa = seg.startPaddr();
    expect(() => DmaCoherent.map(env.dma, seg, false, pciLocation(0, 40, 0))).toThrow(/DmaCoherent::map: iommu::map.*device 40 is out of range in 00:40\.0|device 40/);
    expect(env.dma.set.pages.size).toBe(0);
    expect(env.ks.pageTable.query(paddrToVaddr(pa))!.prop.cache).toBe('Writeback');
    seg.drop();
    consistent(env);
  });

  it('a device address above the AGAW or unaligned, a double map, an unmap of nothing', () => {
    const env = dmaEnv({ check: true });
    const frame = env.kernel.frames.allocContiguous(1)!;
    expect(() => map(env.iommu, 2 ** 40, frame.startPaddr(), BLOCK)).toThrow(/kernel panic in ContextTable::map: .*0x10000000000/);
    expect(() => map(env.iommu, 0x1001, frame.startPaddr(), BLOCK)).toThrow(KernelPanic);
    const d = DmaStream.map(env.dma, frame, 'Bidirectional', true, BLOCK);
    expect(() => map(env.iommu, d.daddr(), 0x5000, BLOCK)).toThrow(IommuError);
    expect(() => unmap(env.iommu, 0x7000, BLOCK)).toThrow(/ContextTable::unmap: NotMapped: nothing is mapped there \(daddr 0x7000\)/);
    consistent(env);
    d.drop();
    expect(() => d.drop()).toThrow(UseAfterDropError);
    expect(() => DmaStream.map(env.dma, env.kernel.frames.allocContiguous(1)!, 'ToDevice', true, BLOCK).sync(0, -1 + 2 ** 53)).toThrow(DmaError);
    consistent(env);
  });

  it('a malformed DMAR table: DmarDecodeError with the byte offset; no table left allocated', () => {
    const env = dmaEnv({ init: false });
    const free = env.kernel.frameAllocator.buddy.free;
    env.platform!.dmar[9]! ^= 0xff; // the checksum byte
    let err: unknown;
    try { env.initIommu(); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(DmarDecodeError);
    expect((err as DmarDecodeError).message).toMatch(/byte offset/);
    expect(env.iommu.pageTable).toBe(null);
    expect(env.kernel.frameAllocator.buddy.free).toBe(free);
    expect(env.kernel.checkAll().flatMap((t) => t.violations)).toEqual([]);
    // Target 14 says what is true: the kernel could not enable the unit.
    expect(checkTarget14(env).properties[1]!.violations).toEqual(['unit 0 (dmar0, all devices) has translation off: its devices reach all memory untranslated']);
  });

  it('a register write the spec forbids (two GCMD commands in one write): RegisterWriteError naming GCMD and the value', () => {
    const env = dmaEnv();
    const regs = env.remapping!.units[0]!.regs;
    // SRTP without keeping TE: clears TE and sets SRTP, two commands in one write.
    expect(() => regs.write32(REMAPPING_REGS_OFFSETS.GCMD, 0x4000_0000)).toThrow(RegisterWriteError);
    expect(() => regs.write32(REMAPPING_REGS_OFFSETS.GCMD, 0x4000_0000)).toThrow(/write of 0x40000000 to GCMD/);
    expect(env.platform!.units[0]!.translationEnabled).toBe(true);
    consistent(env);
  });
});
