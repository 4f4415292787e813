/**
 * The emulated hardware, knowing nothing of the kernel. This slice: physical memory and the machine holding it.
 * @module
 */
export * from './address.js';
export * from './errors.js';
export * from './ram-map.js';
export * from './physical-memory.js';
export * from './machine.js';
