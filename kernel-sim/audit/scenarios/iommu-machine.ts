/**
 * The IOMMU driver of one scenario run: a small kernel (8 MiB) and an {@link IommuSystem} with
 * `iommu::init` run on the tables (no remapping unit: the scenarios are about the driver's locks).
 * @module
 */
import type { MemoryRegion } from '../../boot/index.js';
import { bootKernel } from '../../kernel/index.js';
import { init, IommuKernel, IommuSystem, type PciDeviceLocation } from '../../mm/iommu/index.js';

const REGIONS: readonly MemoryRegion[] = [
  { base: 0n, len: 0x9f000n, type: 'Usable' },
  { base: 0x100000n, len: 0x100000n, type: 'Kernel' },
  { base: 0x200000n, len: 0x800000n, type: 'Usable' },
];

/** A driver with `devices`' context tables made (so map / unmap take only their own lock). */
export function iommuMachine(bugs: readonly string[], devices: readonly PciDeviceLocation[]): IommuSystem {
  const kernel = bootKernel(REGIONS, { bugs });
  const sys = new IommuSystem(new IommuKernel(kernel));
  init(sys);
  for (const d of devices) sys.pageTable!.getOrCreateContextTable(d);
  return sys;
}
