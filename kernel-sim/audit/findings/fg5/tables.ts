/**
 * FG5 reproductions of the translation structures: CON-01, CON-02, CON-04, MOI-02, SLP-01, FPD-01.
 * @module
 */
import { dmaEnv } from '../../../dma-env.js';
import { DmaCoherent } from '../../../mm/dma/index.js';
import { map, pciLocation } from '../../../mm/iommu/index.js';
import { DeviceMode, PageTable } from '../../../mm/page-table/index.js';
import type { Reproduction } from '../types.js';
import { sideBySide } from './side.js';

const BLOCK = pciLocation(0, 3, 0);
const ff = (n: number): Uint8Array => new Uint8Array(n).fill(0xff);

const con01: Reproduction = sideBySide('CON-01', 'drop the IOMMU tables while a DmaCoherent of 00:03.0 maps one frame', (bugs) => {
  const env = dmaEnv({ bugs });
  const c = DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, true, BLOCK);
  const root = env.iommu.pageTable!;
  const free = env.kernel.frameAllocator.buddy.free;
  root.drop();
  return { mappedFrameRefCount: env.kernel.pages.meta.refCount(c.paddr() / 4096), framesFreed: env.kernel.frameAllocator.buddy.free - free };
}, (a, f) => a.mappedFrameRefCount === 0 && f.mappedFrameRefCount === 1, (a, f) => `the DMA frame's ref_count after the drop: audited ${a.mappedFrameRefCount} (on_drop took the Segment's reference), fixed ${f.mappedFrameRefCount}`);

const con02: Reproduction = sideBySide('CON-02', "specify_device_page_table over 01:02.0's table that maps 2 pages", (bugs) => {
  const env = dmaEnv({ bugs });
  const dev = pciLocation(1, 2, 0);
  for (let i = 0; i < 2; i++) map(env.iommu, 0x40_0000 * i, 0x100_0000 + i * 4096, dev);
  const before = env.kernel.frameAllocator.buddy.free;
  env.iommu.pageTable!.specifyDevicePageTable(dev, PageTable.empty(env.iommuKernel.ptCtx, DeviceMode));
  return { framesHeldAfter: before - env.kernel.frameAllocator.buddy.free };
}, (a, f) => a.framesHeldAfter === 1 && f.framesHeldAfter === -3, (a, f) => `frames held by the overwrite: audited ${a.framesHeldAfter} (the old table's 4 nodes stay, unreachable), fixed ${f.framesHeldAfter}`);

const con04: Reproduction = sideBySide('CON-04', 'RootTable::map for bus 300 (a u8 in Rust, a number here)', (bugs) => {
  const env = dmaEnv({ bugs });
  env.iommu.pageTable!.map(pciLocation(300, 0, 0), 0x1000, 0x2000);
  return { result: 'mapped' };
}, (a, f) => a.error === 'KernelPanic' && f.error === 'InvalidDeviceIdError', (a, f) => `audited ${a.error} (read_val past the root frame), fixed ${f.error}`);

const moi02: Reproduction = sideBySide('MOI-02', "00:1f.7 reads 00:03.0's DmaCoherent buffer", (bugs) => {
  const env = dmaEnv({ bugs });
  const buf = DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, false, BLOCK);
  buf.writeBytes(0, new Uint8Array([0x53, 0x45, 0x43]));
  const r = env.dmaRead('00:1f.7', buf.daddr(), 3);
  return { ok: r.ok, read: r.ok ? [...r.data!] : [], reason: r.reason ?? 0 };
}, (a, f) => a.ok === true && f.ok === false, (a, f) => `another device's read: audited ${a.ok ? 'succeeds' : 'blocked'}, fixed ${f.ok ? 'succeeds' : `blocked (reason ${f.reason})`}`);

const slp01: Reproduction = sideBySide('SLP-01', '00:03.0 writes its own mapped DmaCoherent buffer', (bugs) => {
  const env = dmaEnv({ bugs });
  const buf = DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, true, BLOCK);
  const r = env.dmaWrite('00:03.0', buf.daddr(), ff(4));
  return { ok: r.ok, reason: r.reason ?? 0 };
}, (a, f) => a.ok === false && f.ok === true, (a, f) => `the device's own DMA: audited blocked with reason ${a.reason} (non-leaf entries without R/W), fixed ${f.ok ? 'done' : 'blocked'}`);

const fpd01: Reproduction = sideBySide('FPD-01', '00:03.0 (a table made by get_or_create_page_table) writes an unmapped daddr', (bugs) => {
  const env = dmaEnv({ bugs });
  DmaCoherent.map(env.dma, env.kernel.frames.allocContiguous(1)!, true, BLOCK);
  env.dmaWrite('00:03.0', 0x7000_0000, ff(4));
  const s = env.platform!.units[0]!.faults.stats;
  return { suppressed: s.suppressedFpd, recorded: s.recorded };
}, (a, f) => a.suppressed === 1 && f.recorded === 1, (a, f) => `the fault: audited suppressed ${a.suppressed} (FPD = 1), fixed recorded ${f.recorded}`);

/** The table reproductions. */
export const FG5_TABLE_REPRODUCTIONS: readonly Reproduction[] = [con01, con02, con04, moi02, slp01, fpd01];
