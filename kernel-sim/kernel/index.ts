/**
 * The kernel as booted: `bootKernel` (the seed's initialization sequence on an emulated machine,
 * with its boot log and figures) and `dmaEnv` (a booted kernel with VT-d remapping units, a CPU
 * cache and PCI devices, after `iommu::init`).
 * @module
 */
export * from './boot-kernel.js';
export * from './dma-env.js';
