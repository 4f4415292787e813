/**
 * Experiments: a booted kernel model, a workload and its measures, in one call. This is what
 * `kernel-sim run` and notebooks use to run a workload file.
 * @module
 */
export * from './workload-file.js';
export * from './run-workload.js';
export * from './iommu-walk.js';
export * from './churn-trace-file.js';
