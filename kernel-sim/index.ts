/**
 * kernel-sim's package entry (`import … from 'kernel-sim'`): booting the kernel model, finding
 * IDs and the typed errors. Each layer has its own entry, as the folders stand:
 * `kernel-sim/boot`, `kernel-sim/mm` (and `kernel-sim/mm/frame`, `…/page-table`, …),
 * `kernel-sim/machine`, `kernel-sim/sync`, `kernel-sim/workloads`, `kernel-sim/audit`,
 * `kernel-sim/metrics`, `kernel-sim/experiments`, `kernel-sim/viz`, `kernel-sim/report`.
 * @module
 */
export * from './kernel.js';
export * from './bugs/index.js';
export * from './util/errors.js';
