/**
 * Boot information: Multiboot2 parsing and building, e820 import, and the memory regions of
 * `init_memory_regions` / `non_overlapping_regions_from` (seed FG1, finding MEM-01).
 * @module
 */
export * from './multiboot2/index.js';
export * from './memory-region.js';
export { nonOverlappingRegionsFrom, type NonOverlappingOptions } from './non-overlapping.js';
export * from './init-memory-regions.js';
export * from './kernel-image.js';
export * from './e820.js';
export * from './region-list.js';
export * from './region-input.js';
export * from './dataset-catalog.js';
export * from './efi-memory-map.js';
export * from './layout-summary.js';
export * from './target-01-memory-regions.js';
