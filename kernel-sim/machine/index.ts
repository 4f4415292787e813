/**
 * The emulated hardware, knowing nothing of the kernel: physical memory and the machine holding it;
 * CPU control state, the MMU page walk, per-CPU TLBs with a cost model, and the stale-translation detector;
 * MMIO, the VT-d remapping unit (iommu/), the DMAR table (acpi/), DMA devices (pci/) and the CPU cache (cache/).
 * @module
 */
export * from './address.js';
export * from './errors.js';
export * from './ram-map.js';
export * from './mmio.js';
export * from './physical-memory.js';
export * from './machine.js';
export * from './cpu-faults.js';
export * from './page-fault.js';
export * from './pte-bits.js';
export * from './linear-address.js';
export * from './page-walk.js';
export * from './tlb-geometry.js';
export * from './cost-model.js';
export * from './clock.js';
export * from './tlb.js';
export * from './cpu-state.js';
export * from './stale-detector.js';
export * from './shootdown.js';
export * from './mmu.js';
export * from './table-frame-writer.js';
export * from './page-table-writer.js';
export * from './iommu/index.js';
export * from './acpi/index.js';
export * from './pci/index.js';
export * from './cache/index.js';
