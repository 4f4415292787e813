/**
 * Utilities every layer uses: the typed error root and `KernelPanic`, exact bigint and number
 * ranges, exact JSON, located JSON syntax errors, the seeded RNG.
 * @module
 */
export * from './errors.js';
export * from './bigint-ranges.js';
export * from './number-ranges.js';
export * from './range-merge.js';
export * from './exact-json.js';
export * from './json-text.js';
export * from './seeded-rng.js';
