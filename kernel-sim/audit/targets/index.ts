/**
 * The verification targets as executable checks (Targets 1-6, 8-12 and the three-view
 * refinement of a page table; Target 13 lives in mm/vm-space/).
 * @module
 */
export * from './page-table-views.js';
export * from './property-result.js';
export * from './target-01-memory-regions.js';
export * from './target-02-page-deallocation.js';
export * from './target-03-from-unused.js';
export * from './target-04-raw-handles.js';
export * from './target-05-ref-counts.js';
export * from './target-06-reader-writer.js';
export * from './target-08-page-table-nodes.js';
export * from './target-09-overwrite-pte.js';
export * from './target-10-cursor-navigation.js';
export * from './target-11-cursor-guards.js';
export * from './target-12-map.js';
export * from './target-14-iommu.js';
