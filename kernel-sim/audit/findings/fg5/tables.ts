/** CON-01, CON-02, CON-04: the root and context tables of the IOMMU driver. @module */
import { dmaEnv } from '../../../kernel/index.js';
import { map, pciLocation } from '../../../mm/iommu/index.js';
import { DeviceMode, PageTable } from '../../../mm/page-table/index.js';
import { KernelPanic } from '../../../util/errors.js';
import { InvalidDeviceIdError } from '../../../mm/iommu/index.js';
import { pairReproduction } from './common.js';

/** CON-01's reproduction. */
export const con01 = pairReproduction(
  'CON-01',
  'four mappings for device 01:00.0, then the root table is dropped',
  (bugs) => {
    const env = dmaEnv({ bugs });
    const free0 = env.kernel.frameAllocator.buddy.free;
    const dev = pciLocation(1, 0, 0);
    for (let i = 0; i < 4; i++) map(env.iommu, 0x40_0000 * i, 0x100_0000 + i * 4096, dev);
    const held = free0 - env.kernel.frameAllocator.buddy.free;
    let drop: string;
    try {
      env.iommu.pageTable!.drop();
      drop = 'freed';
    } catch (e) {
      if (!(e instanceof KernelPanic)) throw e;
      drop = `panic in ${e.fn}`;
    }
    return { framesHeldByTables: held, drop, framesBackAfterDrop: env.kernel.frameAllocator.buddy.free - (free0 - held) };
  },
  (a, f) => a.drop !== 'freed' && f.drop === 'freed' && (f.framesBackAfterDrop as number) >= (f.framesHeldByTables as number),
  (a, f) => `dropping tables with live mappings: audited ${a.drop} (${a.framesBackAfterDrop} frames back), fixed ${f.drop} (${f.framesBackAfterDrop} back)`,
);

/** CON-02's reproduction. */
export const con02 = pairReproduction(
  'CON-02',
  "two mappings for 01:02.0, then specify_device_page_table gives it a fresh table",
  (bugs) => {
    const env = dmaEnv({ bugs });
    const dev = pciLocation(1, 2, 0);
    for (let i = 0; i < 2; i++) map(env.iommu, 0x40_0000 * i, 0x100_0000 + i * 4096, dev);
    const root = env.iommu.pageTable!;
    const before = env.kernel.frameAllocator.buddy.free;
    root.specifyDevicePageTable(dev, PageTable.empty(env.iommu.k.ptCtx, DeviceMode));
    return { framesTakenByTheSwap: before - env.kernel.frameAllocator.buddy.free, tablesKept: root.getOrCreateContextTable(dev).pageTables.size };
  },
  (a, f) => (a.framesTakenByTheSwap as number) > (f.framesTakenByTheSwap as number),
  (a, f) => `after overwriting the table: audited ${a.framesTakenByTheSwap} frames more in use (the old nodes unreachable), fixed ${f.framesTakenByTheSwap}`,
);

/** CON-04's reproduction. */
export const con04 = pairReproduction(
  'CON-04',
  'RootTable::map for bus 300 (out of the 256 buses)',
  (bugs) => {
    const env = dmaEnv({ bugs });
    try {
      env.iommu.pageTable!.map(pciLocation(300, 0, 0), 0x1000, 0x2000);
      return { map: 'accepted' };
    } catch (e) {
      if (e instanceof InvalidDeviceIdError) return { map: 'InvalidDeviceIdError' };
      if (e instanceof KernelPanic) return { map: `panic in ${e.fn}` };
      throw e;
    }
  },
  (a, f) => String(a.map).startsWith('panic') && f.map === 'InvalidDeviceIdError',
  (a, f) => `bus 300: audited ${a.map}, fixed ${f.map}`,
);
