/**
 * The CPU cache model for DMA coherence and memory types.
 * @module
 */
export * from './memory-type.js';
export * from './cpu-cache.js';
