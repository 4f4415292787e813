/**
 * Measures over the model's state as arquero tables. This slice: fragmentation of the frame
 * allocator (buddyinfo, Linux's unusable free space and extfrag indices).
 * @module
 */
export * from './contig-page-info.js';
export * from './buddyinfo.js';
export * from './fragmentation-table.js';
export * from './fragmentation-sampler.js';
export * from './churn-fragmentation.js';
export * from './dma-faults.js';
