/**
 * Regions from the EFI memory map (Multiboot2 tag 17). Asterinas at 232e62b reads only the
 * e820-style map (tag 6); this view exists to compare the two maps a UEFI boot carries.
 * Types follow UEFI 2.x EFI_MEMORY_TYPE, grouped the way boot loaders hand them to kernels:
 * memory free after ExitBootServices is Usable.
 * @module
 */
import type { MemoryRegionType } from './memory-region.js';
import type { EfiMmapTag } from './multiboot2/index.js';
import type { SourcedRegion } from './init-memory-regions.js';

const EFI_PAGE = 4096n;

/** The region type of an EFI_MEMORY_TYPE value. */
export function regionTypeFromEfi(type: number): MemoryRegionType {
  switch (type) {
    case 1: // EfiLoaderCode
    case 2: // EfiLoaderData
    case 3: // EfiBootServicesCode
    case 4: // EfiBootServicesData
    case 7: // EfiConventionalMemory
      return 'Usable';
    case 9: // EfiACPIReclaimMemory
      return 'Reclaimable';
    case 10: // EfiACPIMemoryNVS
      return 'NonVolatileSleep';
    case 8: // EfiUnusableMemory
      return 'BadMemory';
    default: // runtime services, MMIO, reserved, persistent, ...
      return 'Reserved';
  }
}

/** The EFI memory map's descriptors as regions (NumberOfPages of 4 KiB each). */
export function regionsFromEfiMemoryMap(tag: EfiMmapTag): SourcedRegion[] {
  return tag.descriptors.map((d, index) => ({
    base: d.physicalStart,
    len: d.numberOfPages * EFI_PAGE,
    type: regionTypeFromEfi(d.type),
    source: { kind: 'mmap', index, mmapType: d.type },
  }));
}
