/**
 * Seeded workload generators. This slice: allocation churn against the frame allocator.
 * @module
 */
export * from './seeded-rng.js';
export * from './churn-spec.js';
export * from './churn.js';
