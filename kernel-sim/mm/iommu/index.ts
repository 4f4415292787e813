/**
 * The IOMMU driver (seed FG5.1-5.5; 232e62b `arch/x86/iommu/`): root and context tables as bytes
 * in machine memory with the VT-d legacy layout, device page tables as `PageTable<DeviceMode>`
 * (VT-d second-level PTEs, 3 levels, 39 bits), the `iommu` module functions over one
 * {@link IommuSystem} per kernel.
 *
 * Switches: MOI-01..04 and IOT-01 (`iommu.ts`; IOT-01's invalidation in `remapping.ts`), CON-01,
 * CON-02, CON-04 (`root-table.ts`), FPD-01 and DID-01 (`context-table.ts`), SLP-01 (the PTE
 * encoding, `mm/page-table/pte-vtd.ts`). CON-03 and REM-03
 * are code-level (`bugs/finding-id.ts`).
 *
 * ```ts
 * const kernel = bootKernel('datasets/mbi/q35-1G.mbi');
 * const sys = new IommuSystem(new IommuKernel(kernel));
 * init(sys);                                  // tables only; dmaEnv() also programs the unit
 * map(sys, 0x10_0000, 0x10_0000, pciLocation(0, 3, 0));
 * ```
 * @module
 */
export * from './pci-device-location.js';
export * from './entries.js';
export * from './errors.js';
export * from './iommu-kernel.js';
export * from './device-page-table.js';
export * from './device-mappings.js';
export * from './release-table.js';
export * from './context-table.js';
export * from './root-table.js';
export * from './iommu.js';
export * from './irq-lines.js';
export * from './register-window.js';
export * from './fault.js';
export * from './remapping.js';
