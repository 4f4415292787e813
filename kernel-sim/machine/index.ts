/**
 * The emulated hardware, knowing nothing of the kernel. This slice: physical memory.
 * @module
 */
export * from './address.js';
export * from './errors.js';
export * from './ram-map.js';
export * from './physical-memory.js';
