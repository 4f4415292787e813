/**
 * Seeded workload generators. This slice: allocation churn against the frame allocator.
 * @module
 */
export { SeededRng } from '../util/seeded-rng.js';
export * from './churn-spec.js';
export * from './churn.js';
