/**
 * Seeded workload generators: allocation churn against the frame allocator, and mapping
 * workloads (mmap/munmap, touches, fork, protect) against VmSpaces.
 * @module
 */
export { SeededRng } from '../util/seeded-rng.js';
export * from './churn-spec.js';
export * from './churn.js';
export * from './mapping-spec.js';
export * from './mapping.js';
export * from './churn-trace.js';
export * from './dma-spec.js';
export * from './dma.js';
export * from './progress.js';
