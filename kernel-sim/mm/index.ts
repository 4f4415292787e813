/**
 * The kernel's memory-management layer (seed FG2-FG5), one namespace per folder:
 * `import { frame, pageTable } from 'kernel-sim/mm'`, or one folder flat as
 * `kernel-sim/mm/frame`, `kernel-sim/mm/page-table`, …
 * (Namespaces, not one flat list: some folders name a constant of their own the same, e.g.
 * `paddrToVaddr` in io/ and kspace/.)
 * @module
 */
export * as frame from './frame/index.js';
export * as page from './page/index.js';
export * as handles from './handles/index.js';
export * as io from './io/index.js';
export * as pageTable from './page-table/index.js';
export * as kspace from './kspace/index.js';
export * as tlb from './tlb/index.js';
export * as vmSpace from './vm-space/index.js';
export * as heap from './heap/index.js';
export * as dma from './dma/index.js';
export * as iommu from './iommu/index.js';
